# Layer rules, checked at configure time: a source may include headers of its own layer and of the
# layers below it, nothing else. Linking only downward stops a forbidden call; this check stops a
# forbidden include before anything is built, with the file and line in the message.
#
# tdesk_check_includes(LAYER name ALLOWED dir... FILES file...) — ALLOWED are include prefixes
# ("core/", "query/reader.h"): an `#include "x/…"` must start with one of them.
# Script mode, for the test that shows the check fails (tests/CMakeLists.txt):
#   cmake -DLAYER=name -DALLOWED="core/;auth/" -DFILES=a.cpp -P shared/layers.cmake
function(tdesk_check_includes)
  cmake_parse_arguments(ARG "" "LAYER" "ALLOWED;FILES" ${ARGN})
  foreach(file IN LISTS ARG_FILES)
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"[^\"]*/")
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[^\"]*\"([^\"]*)\".*$" "\\1" header "${line}")
      set(allowed FALSE)
      foreach(prefix IN LISTS ARG_ALLOWED)
        string(FIND "${header}" "${prefix}" at)
        if(at EQUAL 0)
          set(allowed TRUE)
          break()
        endif()
      endforeach()
      if(NOT allowed)
        message(FATAL_ERROR "${file}: the ${ARG_LAYER} layer may not include \"${header}\" "
                            "(it may include: ${ARG_ALLOWED}). See docs/ARCHITECTURE.md.")
      endif()
    endforeach()
  endforeach()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE AND DEFINED FILES)
  tdesk_check_includes(LAYER "${LAYER}" ALLOWED ${ALLOWED} FILES ${FILES})
endif()
