# cmake -DSOURCE_DIR=... -DWORK_DIR=... -P student_repo_test.cmake
#
# `./dev.sh student-repo` (labels slow, student-repo): the repository it writes holds no
# solutions, no deliberately wrong solutions, no meta tests and no instructor guide, and it
# configures, builds and grades on its own: lab 01's untouched skeleton scores 0 of the points
# tests/labs/points.json gives lab 01, every test failing with "not implemented yet"; `streamlab run
# --impl solution` says that the solutions are not part of it.
function(fail)
  message(FATAL_ERROR "student-repo: ${ARGN}")
endfunction()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    fail("`${command}` failed (${rc}):\n${out}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

set(repo ${WORK_DIR}/repo)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
run(${SOURCE_DIR}/dev.sh student-repo ${repo})

foreach(path solutions tests/labs/wrong tests/labs/meta_test.cpp tests/kafka docs/instructor-guide.md)
  if(EXISTS ${repo}/${path})
    fail("${path} is in the student repository")
  endif()
endforeach()
foreach(path labs/01-word-count/tokenize.cpp tests/labs/points.json CMakePresets.json dev.sh)
  if(NOT EXISTS ${repo}/${path})
    fail("${path} is missing from the student repository")
  endif()
endforeach()

# What lab 01 is worth, from the manifest (not from the tool under test).
file(READ ${SOURCE_DIR}/tests/labs/points.json manifest)
string(JSON tests GET "${manifest}" tests)
string(JSON count LENGTH "${tests}")
math(EXPR last "${count} - 1")
set(lab01_points 0)
set(lab01_tests 0)
foreach(i RANGE ${last})
  string(JSON name MEMBER "${tests}" ${i})
  string(JSON lab GET "${tests}" ${name} lab)
  if(lab STREQUAL "01")
    string(JSON points GET "${tests}" ${name} points)
    math(EXPR lab01_points "${lab01_points} + ${points}")
    math(EXPR lab01_tests "${lab01_tests} + 1")
  endif()
endforeach()

# Configure and build the tool alone: `streamlab grade` builds the graded tests itself.
run(${CMAKE_COMMAND} --preset student -S ${repo})
run(${CMAKE_COMMAND} --build ${repo}/build/student --target streamlab)

# Asked for the solutions, `streamlab run` says plainly that they are not there (a usage error).
execute_process(COMMAND ${repo}/build/student/bin/streamlab run 01 --impl solution
                WORKING_DIRECTORY ${repo} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "not part of a student repository")
  fail("`streamlab run 01 --impl solution` exited with ${rc}, expected 2 saying the solutions are not part "
       "of a student repository:\n${out}\n${err}")
endif()
execute_process(COMMAND ${repo}/build/student/bin/streamlab grade 01 --build-dir ${repo}/build/student
                        --json ${WORK_DIR}/grade.json
                WORKING_DIRECTORY ${repo} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  fail("streamlab grade exited with ${rc}:\n${out}\n${err}")
endif()
file(READ ${WORK_DIR}/grade.json report)
string(JSON score GET "${report}" score)
string(JSON max_score GET "${report}" max_score)
if(NOT score EQUAL 0 OR NOT max_score EQUAL lab01_points)
  fail("lab 01's skeleton scored ${score} / ${max_score}, expected 0 / ${lab01_points}:\n${out}")
endif()
string(JSON rows LENGTH "${report}" tests)
if(NOT rows EQUAL lab01_tests)
  fail("the report lists ${rows} tests, the manifest ${lab01_tests} for lab 01:\n${out}")
endif()
string(REGEX MATCHALL "not implemented yet: write labs/01-word-count/" named "${out}")
list(LENGTH named named_count)
if(named_count LESS lab01_tests)
  fail("not every lab 01 test names the file to write:\n${out}")
endif()
message(STATUS "student-repo: ${repo} builds and grades lab 01's skeleton 0 / ${lab01_points}")
