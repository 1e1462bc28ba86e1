#pragma once

#include <QString>

namespace tdesk {

// The system's palette ("" or "system"), or Fusion in light or dark where the desktop does not say.
// False for any other name. In the library, so that screen tests see what users see.
bool applyTheme(const QString &theme);

} // namespace tdesk
