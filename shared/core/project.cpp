#include "core/project.h"

#include <QRegularExpression>

namespace tdesk {

bool isValidProjectName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

} // namespace tdesk
