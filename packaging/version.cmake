# The git commit that --version prints next to the project's version, looked up at configure time.
# A tarball (no .git), a missing git, or a source tree that sits inside some other repository all
# give "unknown" rather than a wrong commit. -DTDESK_GIT_COMMIT=… names it where there is no .git
# (the container build). Runs in script mode too, for its tests (tests/CMakeLists.txt):
#   cmake -DPROJECT_SOURCE_DIR=DIR -DPROJECT_BINARY_DIR=OUT -P packaging/version.cmake
if(DEFINED CACHE{TDESK_GIT_COMMIT})
  if(NOT TDESK_GIT_COMMIT MATCHES "^([0-9a-f]+|unknown)$")
    message(FATAL_ERROR "TDESK_GIT_COMMIT is a commit's hex digits or \"unknown\", not \"${TDESK_GIT_COMMIT}\"")
  endif()
  set(_tdesk_commit_given TRUE)
else()
  set(TDESK_GIT_COMMIT unknown)
  find_package(Git QUIET)
endif()
if(GIT_FOUND AND NOT _tdesk_commit_given)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --show-toplevel
                  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE _tdesk_git_top
                  RESULT_VARIABLE _tdesk_git_failed OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT _tdesk_git_failed)
    file(REAL_PATH "${_tdesk_git_top}" _tdesk_git_top)
    file(REAL_PATH "${PROJECT_SOURCE_DIR}" _tdesk_source)
  endif()
  if(NOT _tdesk_git_failed AND _tdesk_git_top STREQUAL _tdesk_source)
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE _tdesk_commit
                    RESULT_VARIABLE _tdesk_git_failed OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(NOT _tdesk_git_failed AND _tdesk_commit MATCHES "^[0-9a-f]+$")
      set(TDESK_GIT_COMMIT ${_tdesk_commit})
    endif()
    # Configure again after a commit or checkout, so that the commit printed is the one built.
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --path-format=absolute --git-path logs/HEAD
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} OUTPUT_VARIABLE _tdesk_head_log
                    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(_tdesk_head_log AND EXISTS "${_tdesk_head_log}" AND NOT CMAKE_SCRIPT_MODE_FILE)
      set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_tdesk_head_log}")
    endif()
  endif()
endif()
message(STATUS "Telemetry Desk ${PROJECT_VERSION}, commit ${TDESK_GIT_COMMIT}")

# Only the executables' main files include it: a new commit recompiles those, not the libraries.
configure_file(${CMAKE_CURRENT_LIST_DIR}/version.h.in ${PROJECT_BINARY_DIR}/generated/tdesk_version.h @ONLY)
