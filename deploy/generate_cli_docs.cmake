# Writes the man page (gzip -9n, as Debian ships them) and the bash, zsh and fish completion scripts by
# running the edgecert just built: `edgecert man`, `edgecert completion SHELL`. Run at build time by
# deploy/CMakeLists.txt: cmake -DEDGECERT=PROGRAM -DOUT=DIR -P generate_cli_docs.cmake
file(MAKE_DIRECTORY ${OUT})
function(run_edgecert output)
  execute_process(COMMAND ${EDGECERT} ${ARGN} OUTPUT_FILE ${output} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "edgecert ${ARGN} failed (${rc}): ${err}")
  endif()
endfunction()
run_edgecert(${OUT}/edgecert.bash completion bash)
run_edgecert(${OUT}/_edgecert completion zsh)
run_edgecert(${OUT}/edgecert.fish completion fish)
run_edgecert(${OUT}/edgecert.1 man)
execute_process(COMMAND gzip -9nf ${OUT}/edgecert.1 RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip ${OUT}/edgecert.1 failed")
endif()
