# Runs one `streamlab` command and checks its exit status and output.
#   cmake -DCOMMAND="exe|arg|..." -DEXPECT_RC=N [-DSTDOUT_REGEX=..] [-DSTDERR_REGEX=..]
#         [-DSTDOUT_FILE=path] [-DCOMPARE_WITH=path] -P cli_expect.cmake
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
if(DEFINED STDOUT_FILE)
  file(WRITE "${STDOUT_FILE}" "${out}")
endif()
if(DEFINED COMPARE_WITH)
  file(READ "${COMPARE_WITH}" previous)
  if(NOT previous STREQUAL out)
    message(FATAL_ERROR "output differs from ${COMPARE_WITH}")
  endif()
endif()
