# macOS disk image (DragNDrop): Telemetry Desk.app with Qt inside (deploy.cmake), to drag into
# Applications. Built by .github/workflows/installers.yml; not testable on Linux.
set_target_properties(telemetry-desk PROPERTIES
  OUTPUT_NAME "Telemetry Desk"
  MACOSX_BUNDLE_BUNDLE_NAME "Telemetry Desk"
  MACOSX_BUNDLE_GUI_IDENTIFIER ${TDESK_APP_ID}
  MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION}
  MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION}
  MACOSX_BUNDLE_COPYRIGHT "GPL-3.0-or-later")
# The disk image holds the app alone: one drag, no folders (the collector runs from the app).
set(CPACK_COMPONENTS_ALL app)
set(CPACK_DMG_VOLUME_NAME "Telemetry Desk")
set(CPACK_PACKAGE_FILE_NAME "TelemetryDesk-${PROJECT_VERSION}-macos")
