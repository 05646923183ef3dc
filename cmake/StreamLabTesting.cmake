# Precompiled headers for the tests: GoogleTest and nlohmann_json are parsed once, in
# streamlab_test_pch, and every test target reuses that (compatible flags: the same warnings,
# standard and definitions).
add_library(streamlab_test_pch OBJECT ${CMAKE_CURRENT_LIST_DIR}/test_pch.cpp)
target_link_libraries(streamlab_test_pch PRIVATE GTest::gtest nlohmann_json::nlohmann_json
  streamlab::warnings)
target_compile_definitions(streamlab_test_pch PRIVATE
  STREAMLAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  STREAMLAB_BINARY_DIR="${PROJECT_BINARY_DIR}")
# Options of every test translation unit:
# - g++ 12 reports false -Warray-bounds and -Wrestrict on std::string concatenation once inlined
#   across the precompiled header (GCC bugs 105329 and 105651); tests keep every other warning;
# - optimised builds compile tests at -O1: a test's run time is the code under test's (the
#   libraries keep -O2), and GoogleTest's expanded macros compile much faster so.
add_library(streamlab_test_warnings INTERFACE)
target_compile_options(streamlab_test_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU>:-Wno-array-bounds -Wno-restrict>
  $<$<CONFIG:RelWithDebInfo,Release>:-O1>)
target_link_libraries(streamlab_test_pch PRIVATE streamlab_test_warnings)
# Every test prints event times and durations in ISO form (streamlab/testing/printers.hpp): it is
# part of the precompiled header, so no test translation unit prints them otherwise.
target_include_directories(streamlab_test_pch PRIVATE
  ${PROJECT_SOURCE_DIR}/framework/core/include ${PROJECT_SOURCE_DIR}/framework/testing/include)
target_precompile_headers(streamlab_test_pch PRIVATE
  <gtest/gtest.h> <nlohmann/json.hpp> <map> <optional> <string> <vector>
  <streamlab/testing/printers.hpp>)

# streamlab_use_test_pch(<target>): <target> compiles with the tests' precompiled headers.
function(streamlab_use_test_pch target)
  target_precompile_headers(${target} REUSE_FROM streamlab_test_pch)
endfunction()

# The labels whose tests also run under AddressSanitizer and UndefinedBehaviorSanitizer in CI
# (./dev.sh sanitize): the framework, the simulator and the command line, not the labs, Kafka or
# the peers. streamlab_sanitized_test(<target>) records an executable such a test runs; the
# target `sanitized_tests` builds them all (defined once every test is registered).
set(STREAMLAB_SANITIZED_LABELS unit engine dsl simulator cli)
function(streamlab_sanitized_test target)
  set_property(GLOBAL APPEND PROPERTY STREAMLAB_SANITIZED_TARGETS ${target})
endfunction()

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
  streamlab_use_test_pch(${name})
  target_link_libraries(${name} PRIVATE streamlab_test_warnings)
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main streamlab::warnings)
  target_compile_definitions(${name} PRIVATE
    STREAMLAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    STREAMLAB_BINARY_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name}
    DISCOVERY_MODE PRE_TEST
    PROPERTIES TIMEOUT ${ARG_TIMEOUT})
  foreach(label IN LISTS ARG_LABELS)
    if(label IN_LIST STREAMLAB_SANITIZED_LABELS)
      streamlab_sanitized_test(${name})
      break()
    endif()
  endforeach()
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
