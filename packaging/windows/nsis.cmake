# Windows installer (NSIS): the app (with its embedded collector; a Windows service for the headless
# collector is not made yet), a Start menu entry, and an uninstaller. Built by
# .github/workflows/installers.yml; not testable on Linux.
set(CPACK_NSIS_DISPLAY_NAME "Telemetry Desk")
set(CPACK_NSIS_PACKAGE_NAME "Telemetry Desk ${PROJECT_VERSION}")
set(CPACK_NSIS_URL_INFO_ABOUT ${TDESK_HOMEPAGE})
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_INSTALLED_ICON_NAME bin\\\\telemetry-desk.exe)
set(CPACK_PACKAGE_EXECUTABLES telemetry-desk "Telemetry Desk")
set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
set(CPACK_NSIS_MUI_FINISHPAGE_RUN telemetry-desk.exe)
set(CPACK_COMPONENTS_ALL app)
set(CPACK_PACKAGE_FILE_NAME "TelemetryDesk-${PROJECT_VERSION}-windows-x64")
