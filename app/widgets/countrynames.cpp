#include "widgets/countrynames.h"

#include <QCoreApplication>
#include <QLocale>

namespace tdesk {

QString countryName(const QString &code)
{
    if (code.isEmpty())
        return QCoreApplication::translate("tdesk::countryName", "unknown");
    const QLocale::Territory territory = QLocale::codeToTerritory(code.toUpper());
    if (territory == QLocale::AnyTerritory)
        return code;
    return QLocale::territoryToString(territory);
}

} // namespace tdesk
