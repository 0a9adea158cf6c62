# Fails when README.md does not contain `ratebench list --markdown` verbatim.
execute_process(COMMAND ${RATEBENCH} list --markdown OUTPUT_VARIABLE table RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "ratebench list --markdown failed")
endif()
file(READ ${README} readme)
string(FIND "${readme}" "${table}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "README.md's catalogue is out of date: paste the output of "
                      "`build/ratebench list --markdown` into the catalogue section")
endif()
