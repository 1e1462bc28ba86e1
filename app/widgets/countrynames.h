#pragma once

#include <QString>

namespace tdesk {

// A country's name for display ("Germany") from its ISO 3166-1 alpha-2 code ("DE"), as Qt's CLDR
// data names it; the code itself when Qt does not know it, "unknown" for "".
QString countryName(const QString &code);

} // namespace tdesk
