# Runs the whole quick catalogue at reduced size, then validates every result file it wrote.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${RATEBENCH} run --all --set replicates=1 --out ${OUT}
                RESULT_VARIABLE run_status)
if(NOT run_status EQUAL 0 AND NOT run_status EQUAL 1)
  message(FATAL_ERROR "ratebench run failed with exit code ${run_status}")
endif()
# A shard's partial files too (DESIGN.md s.9): one holding units, one empty.
foreach(shard 1/2 2/2)
  execute_process(COMMAND ${RATEBENCH} run linear.scalar-chain linear.depth2-anisotropic --set replicates=1
                          --shard ${shard} --out ${OUT}/shards RESULT_VARIABLE shard_status)
  if(NOT shard_status EQUAL 0)
    message(FATAL_ERROR "ratebench run --shard ${shard} failed with exit code ${shard_status}")
  endif()
endforeach()
file(GLOB results ${OUT}/*.json ${OUT}/shards/*.json)
list(LENGTH results count)
if(count EQUAL 0)
  message(FATAL_ERROR "no result files written to ${OUT}")
endif()
execute_process(COMMAND /usr/bin/python3 ${VALIDATOR} ${SCHEMA} ${results} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "result files do not match ${SCHEMA}")
endif()
