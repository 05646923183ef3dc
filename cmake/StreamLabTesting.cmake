# streamlab_add_gtest(NAME SOURCES a.cpp ... [LIBS lib ...] [LABELS l ...] [TIMEOUT s])
#
# One GoogleTest executable whose tests are registered one by one with CTest, each with its own
# time limit, so a hung test costs only itself.
function(streamlab_add_gtest name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 60)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main streamlab::warnings)
  target_compile_definitions(${name} PRIVATE
    STREAMLAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    STREAMLAB_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name}
    DISCOVERY_MODE PRE_TEST
    PROPERTIES TIMEOUT ${ARG_TIMEOUT})
  # gtest_discover_tests flattens list-valued PROPERTIES, so several labels are attached by a
  # CTest include file that runs after discovery and labels every test the executable listed.
  if(ARG_LABELS)
    set(label_file "${CMAKE_CURRENT_BINARY_DIR}/${name}_labels.cmake")
    file(WRITE "${label_file}"
      "if(DEFINED ${name}_TESTS)\n"
      "  set_tests_properties(\${${name}_TESTS} PROPERTIES LABELS \"${ARG_LABELS}\")\n"
      "endif()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${label_file}")
  endif()
endfunction()
