#pragma once

// Reading the Query API's answers back (readjson.h, insightjson.h): each field checked, the first
// that is missing or wrong named in the error.

#include "core/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <cmath>
#include <limits>

namespace tdesk {

constexpr double MaxExact = 9007199254740992.0; // 2^53: beyond it a JSON number is no longer exact

// Reads the fields of one object of an answer, keeping the first that is missing or wrong.
class JsonFields
{
public:
    JsonFields(const QJsonObject &object, QString where, QString *error)
        : m_object(object)
        , m_where(std::move(where))
        , m_error(error)
    {
    }

    bool has(const char *name) const { return m_object.contains(QLatin1String(name)); }
    qint64 integer(const char *name, double min = -MaxExact, double max = MaxExact)
    {
        const QJsonValue v = m_object.value(QLatin1String(name));
        const double d = v.toDouble();
        if (!v.isDouble() || d != std::floor(d) || d < min || d > max)
            return wrong(name, "a whole number in range"), 0;
        return qint64(d);
    }
    qint64 count(const char *name) { return integer(name, 0); }
    double number(const char *name)
    {
        const QJsonValue v = m_object.value(QLatin1String(name));
        if (!v.isDouble() || !std::isfinite(v.toDouble()))
            return wrong(name, "a number"), 0;
        return v.toDouble();
    }
    double nullableNumber(const char *name)
    {
        const QJsonValue v = m_object.value(QLatin1String(name));
        if (v.isNull())
            return std::numeric_limits<double>::quiet_NaN();
        return number(name);
    }
    QString text(const char *name)
    {
        const QJsonValue v = m_object.value(QLatin1String(name));
        if (!v.isString())
            return wrong(name, "text"), QString();
        return v.toString();
    }
    bool boolean(const char *name)
    {
        const QJsonValue v = m_object.value(QLatin1String(name));
        if (!v.isBool())
            return wrong(name, "true or false"), false;
        return v.toBool();
    }
    QJsonArray array(const char *name)
    {
        const QJsonValue v = m_object.value(QLatin1String(name));
        if (!v.isArray())
            return wrong(name, "a list"), QJsonArray();
        return v.toArray();
    }
    QJsonObject object(const char *name)
    {
        const QJsonValue v = m_object.value(QLatin1String(name));
        if (!v.isObject())
            return wrong(name, "an object"), QJsonObject();
        return v.toObject();
    }
    QString where(const char *name) const { return m_where + QLatin1Char('.') + QLatin1String(name); }
    bool ok() const { return m_error->isEmpty(); }
    void wrong(const char *name, const char *expected)
    {
        if (m_error->isEmpty())
            *m_error = QStringLiteral("the collector's answer is not as expected: %1 is not %2").arg(where(name), QLatin1String(expected));
    }

private:
    QJsonObject m_object;
    QString m_where;
    QString *m_error;
};

template<typename T>
Result<T> checkedAnswer(const QString &error, T value)
{
    if (!error.isEmpty())
        return Error{error};
    return value;
}

} // namespace tdesk
