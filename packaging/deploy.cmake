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
endif()
