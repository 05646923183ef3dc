# Runs one `streamlab` command and checks its exit status and output.
#   cmake -DCOMMAND="exe|arg|..." -DEXPECT_RC=N [-DSTDOUT_REGEX=..] [-DSTDERR_REGEX=..]
#         [-DRUN_TWICE=ON] -P cli_expect.cmake
# Arguments are separated by '|' because add_test cannot pass a ';' inside one argument.
string(REPLACE "|" ";" command "${COMMAND}")
execute_process(COMMAND ${command}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT "${rc}" STREQUAL "${EXPECT_RC}")
  message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT_RC}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
  message(FATAL_ERROR "stdout does not match '${STDOUT_REGEX}':\n${out}")
endif()
if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
  message(FATAL_ERROR "stderr does not match '${STDERR_REGEX}':\n${err}")
endif()
if(err MATCHES "terminate called|Aborted|Segmentation")
  message(FATAL_ERROR "the command crashed:\n${err}")
endif()
if(RUN_TWICE)
  execute_process(COMMAND ${command} RESULT_VARIABLE rc2 OUTPUT_VARIABLE out2 ERROR_VARIABLE err2)
  if(NOT rc2 STREQUAL rc OR NOT out2 STREQUAL out)
    message(FATAL_ERROR "a second run gave different output (exit ${rc2})")
  endif()
endif()
