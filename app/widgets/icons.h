#pragma once

#include <QIcon>
#include <QPalette>

namespace tdesk {

// An icon from resources/icons/NAME.svg, drawn in the palette's text colour so it reads in light
// and dark themes alike.
QIcon themedIcon(const QString &name, const QPalette &palette);

} // namespace tdesk
