# cmake -DGIT=... -DSOURCE_DIR=... -DFILE=labs/NN-name/x.cpp -DOUT=... -P pristine_skeleton.cmake
#
# Writes OUT with FILE as git's HEAD has it (the skeleton as the course ships it), or the working
# tree's copy when SOURCE_DIR is not a git checkout or git does not know the file. OUT is
# rewritten only when it changes, so nothing recompiles when nothing changed.
set(_found FALSE)
if(GIT)
  execute_process(COMMAND "${GIT}" -C "${SOURCE_DIR}" show "HEAD:${FILE}"
    OUTPUT_VARIABLE _content RESULT_VARIABLE _rc ERROR_QUIET)
  if(_rc EQUAL 0)
    set(_found TRUE)
  endif()
endif()
if(NOT _found)
  file(READ "${SOURCE_DIR}/${FILE}" _content)
endif()
file(WRITE "${OUT}.tmp" "${_content}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
