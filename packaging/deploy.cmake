# Windows and macOS: the app's installer carries Qt with it. Qt's own deploy script (windeployqt,
# macdeployqt underneath) copies the libraries and plugins the app needs at install time, instead of
# a hand-kept list of DLLs. Linux packages use the distribution's Qt (dependencies from dpkg-shlibdeps),
# but the script is generated there too, so that every configure checks this call.
if(TDESK_BUILD_APP)
  # Qt 6.5 renamed FILENAME_VARIABLE to OUTPUT_SCRIPT (the CMake side's one version switch).
  if(Qt6_VERSION VERSION_GREATER_EQUAL 6.5)
    set(tdesk_deploy_output OUTPUT_SCRIPT)
  else()
    set(tdesk_deploy_output FILENAME_VARIABLE)
  endif()
  qt_generate_deploy_app_script(TARGET telemetry-desk ${tdesk_deploy_output} tdesk_deploy_app_script
                                NO_UNSUPPORTED_PLATFORM_ERROR)
  if(WIN32 OR APPLE)
    install(SCRIPT ${tdesk_deploy_app_script} COMPONENT app)
  endif()
  # windeployqt copies Qt's DLLs only (macdeployqt copies every library that is not the system's):
  # the others (vcpkg's sqlite3, maxminddb, simdjson, zlib) are looked up in TDESK_RUNTIME_DLL_DIRS.
  if(WIN32)
    set(TDESK_RUNTIME_DLL_DIRS "" CACHE PATH "Where the non-Qt DLLs the app needs are (vcpkg's bin)")
    file(TO_CMAKE_PATH "${TDESK_RUNTIME_DLL_DIRS}" tdesk_dll_dirs) # no backslashes in the install script
    install(CODE "
      file(GET_RUNTIME_DEPENDENCIES EXECUTABLES \"$<TARGET_FILE:telemetry-desk>\"
           RESOLVED_DEPENDENCIES_VAR tdesk_dlls UNRESOLVED_DEPENDENCIES_VAR tdesk_unresolved
           DIRECTORIES \"${tdesk_dll_dirs}\"
           PRE_EXCLUDE_REGEXES \"^api-ms-\" \"^ext-ms-\" \"^[Qq]t6\"
           POST_EXCLUDE_REGEXES \"[Ss]ystem32\" \"[Ss]ys[Ww][Oo][Ww]64\")
      file(INSTALL \${tdesk_dlls} DESTINATION \"\${CMAKE_INSTALL_PREFIX}/bin\")
    " COMPONENT app)
  endif()
endif()
