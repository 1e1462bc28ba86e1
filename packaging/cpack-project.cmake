# Read by cpack once per generator. Debian: each component's description begins with its own
# synopsis line, and CPack would put the project's one-line summary above it.
if(CPACK_GENERATOR STREQUAL "DEB")
  set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CPACK_DEFAULT_PACKAGE_DESCRIPTION_SUMMARY}")
endif()
