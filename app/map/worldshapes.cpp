#include "map/worldshapes.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tdesk {
namespace {

Q_LOGGING_CATEGORY(lcMap, "tdesk.map", QtWarningMsg)

// One ring of the file: integers in `unit` degrees, the first point absolute, then deltas.
bool appendRing(QPainterPath &path, const QJsonArray &ring, double unit)
{
    if (ring.size() < 6 || ring.size() % 2 != 0)
        return false;
    qint64 x = 0;
    qint64 y = 0;
    for (qsizetype i = 0; i < ring.size(); i += 2) {
        x += ring.at(i).toInteger();
        y += ring.at(i + 1).toInteger();
        const QPointF point = WorldShapes::project(double(x) * unit, double(y) * unit);
        if (i == 0)
            path.moveTo(point);
        else
            path.lineTo(point);
    }
    path.closeSubpath();
    return true;
}

// The whole globe, pole to pole: meridians ±180° curve in Equal Earth, the poles are short straight
// lines (the projection's own shape, not a cut).
QPainterPath globeOutline()
{
    QPainterPath outline;
    outline.moveTo(WorldShapes::project(-180, -90));
    for (int lat = -89; lat <= 90; ++lat)
        outline.lineTo(WorldShapes::project(-180, lat));
    for (int lat = 89; lat >= -90; --lat)
        outline.lineTo(WorldShapes::project(180, lat));
    outline.closeSubpath();
    return outline;
}

// Parallels and meridians every 30°, so that the sea reads as a globe even where there is no land.
QPainterPath graticuleLines()
{
    QPainterPath lines;
    for (int lat = -60; lat <= 60; lat += 30) {
        lines.moveTo(WorldShapes::project(-180, lat));
        lines.lineTo(WorldShapes::project(180, lat));
    }
    for (int lon = -150; lon <= 150; lon += 30) {
        lines.moveTo(WorldShapes::project(lon, -90));
        for (int lat = -89; lat <= 90; ++lat)
            lines.lineTo(WorldShapes::project(lon, lat));
    }
    return lines;
}

} // namespace

QPointF WorldShapes::project(double lon, double lat)
{
    // Equal Earth (Šavrič, Patterson, Jenny 2018): a polynomial in the parametric latitude theta.
    constexpr double A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;
    constexpr double M = std::numbers::sqrt3 / 2;
    constexpr double Radians = std::numbers::pi / 180;
    const double theta = std::asin(M * std::sin(lat * Radians));
    const double t2 = theta * theta;
    const double t6 = t2 * t2 * t2;
    const double x = lon * Radians * std::cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
    const double y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    return {x, -y};
}

Result<WorldShapes> WorldShapes::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("cannot open the map file %1: %2").arg(path, file.errorString())};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (document.isNull())
        return Error{QStringLiteral("the map file %1 is not valid JSON: %2").arg(path, parseError.errorString())};

    const QJsonObject root = document.object();
    const double unit = root.value(QLatin1String("unit")).toDouble();
    const QJsonArray countries = root.value(QLatin1String("countries")).toArray();
    if (unit <= 0 || countries.isEmpty())
        return Error{QStringLiteral("the map file %1 has no countries").arg(path)};

    WorldShapes shapes;
    shapes.m_countries.reserve(countries.size());
    for (const QJsonValue &entry : countries) {
        const QJsonObject object = entry.toObject();
        Country country;
        country.code = object.value(QLatin1String("code")).toString();
        country.name = object.value(QLatin1String("name")).toString();
        country.path.setFillRule(Qt::OddEvenFill);
        for (const QJsonValue &ring : object.value(QLatin1String("rings")).toArray()) {
            if (!appendRing(country.path, ring.toArray(), unit))
                return Error{QStringLiteral("the map file %1 has a malformed ring in %2").arg(path, country.name)};
        }
        if (country.path.isEmpty())
            continue;
        country.bounds = country.path.boundingRect();
        if (!country.code.isEmpty())
            shapes.m_indexByCode.insert(country.code, shapes.m_countries.size());
        shapes.m_countries.append(std::move(country));
    }
    if (shapes.m_countries.isEmpty())
        return Error{QStringLiteral("the map file %1 has no countries").arg(path)};
    shapes.m_outline = globeOutline();
    shapes.m_graticule = graticuleLines();
    return shapes;
}

const WorldShapes &WorldShapes::builtIn()
{
    static const WorldShapes shapes = [] {
        Result<WorldShapes> loaded = load(builtInPath());
        if (!loaded) {
            qCWarning(lcMap) << loaded.error();
            return WorldShapes();
        }
        return std::move(loaded).value();
    }();
    return shapes;
}

int WorldShapes::indexAt(QPointF projected) const
{
    for (qsizetype i = 0; i < m_countries.size(); ++i) {
        const Country &country = m_countries.at(i);
        if (country.bounds.contains(projected) && country.path.contains(projected))
            return int(i);
    }
    return -1;
}

QString WorldShapes::countryAt(QPointF projected) const
{
    const int index = indexAt(projected);
    return index < 0 ? QString() : m_countries.at(index).code;
}

const WorldShapes::Country *WorldShapes::country(const QString &code) const
{
    const auto it = m_indexByCode.constFind(code);
    return it == m_indexByCode.constEnd() ? nullptr : &m_countries.at(*it);
}

QString WorldShapes::name(const QString &code) const
{
    const Country *found = country(code);
    return found ? found->name : QString();
}

} // namespace tdesk
