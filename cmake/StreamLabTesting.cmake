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
    PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT})
endfunction()
