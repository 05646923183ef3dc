# Draws the figures listed in figures.txt with `streamlab trace --format svg`.
#   cmake -DSTREAMLAB=<streamlab binary> -DSOURCE_DIR=<repository root> -DMODE=check|update
#         [-DOUT_DIR=<where check mode draws>] -P figures.cmake
# check: draws each figure into OUT_DIR and fails when one differs from docs/figures/NAME.svg,
# naming the command that refreshes them. update: writes docs/figures/NAME.svg.
cmake_minimum_required(VERSION 3.25)
foreach(var STREAMLAB SOURCE_DIR MODE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "figures.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT OUT_DIR)
  set(OUT_DIR ${SOURCE_DIR}/docs/figures)
endif()
file(MAKE_DIRECTORY ${OUT_DIR})
file(STRINGS ${SOURCE_DIR}/docs/figures/figures.txt lines ENCODING UTF-8)
set(stale "")
foreach(line IN LISTS lines)
  if(line MATCHES "^#" OR line STREQUAL "")
    continue()
  endif()
  separate_arguments(args UNIX_COMMAND "${line}")
  list(POP_FRONT args name input)
  set(drawn ${OUT_DIR}/${name}.svg)
  if(MODE STREQUAL "update")
    set(drawn ${SOURCE_DIR}/docs/figures/${name}.svg)
  endif()
  # Run from the repository root so the title names the input as the figure list does.
  execute_process(
    COMMAND ${STREAMLAB} trace --input ${input} ${args} --format svg --output ${drawn}
    WORKING_DIRECTORY ${SOURCE_DIR}
    RESULT_VARIABLE status
    ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "figure ${name}: streamlab trace failed (${status}): ${err}")
  endif()
  if(MODE STREQUAL "check")
    set(committed ${SOURCE_DIR}/docs/figures/${name}.svg)
    if(NOT EXISTS ${committed})
      list(APPEND stale "${name} (missing)")
      continue()
    endif()
    file(READ ${committed} want)
    file(READ ${drawn} got)
    if(NOT want STREQUAL got)
      list(APPEND stale ${name})
    endif()
  endif()
endforeach()
if(stale)
  list(JOIN stale ", " names)
  message(FATAL_ERROR "docs/figures out of date: ${names} differ from what `streamlab trace` draws now. "
    "Refresh them with `cmake --build <build dir> --target figures` and commit docs/figures/.")
endif()
