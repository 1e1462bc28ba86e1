#pragma once

// Test helper: checks live answers of the Query API against docs/openapi.json. Knows the part of
// OpenAPI 3.0's schema language that file uses: $ref, type (integer: a number without a fraction),
// nullable, enum, required, properties, additionalProperties (false or a schema), items,
// minItems/maxItems, minimum/maximum, exclusiveMinimum as a number.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QString>

#include <cmath>

namespace tdesk::test {

class OpenApi
{
public:
    OpenApi()
    {
        QFile file(QStringLiteral(TDESK_SOURCE_DIR "/docs/openapi.json"));
        file.open(QIODevice::ReadOnly);
        m_doc = QJsonDocument::fromJson(file.readAll()).object();
    }
    bool loaded() const { return !m_doc.isEmpty(); }

    // "" when `body` is what the file says `method path` answers with `status`; else where it is not.
    // Every error answer, documented for that path or not, is an Error.
    QString check(const QString &method, const QString &path, int status, const QByteArray &body) const
    {
        const QJsonObject operation = findPath(path).value(method.toLower()).toObject();
        if (status >= 400 && !operation.value(QStringLiteral("responses")).toObject().contains(QString::number(status)))
            return checkValue(QJsonDocument::fromJson(body).object(), resolve({{QStringLiteral("$ref"), QStringLiteral("#/components/schemas/Error")}}),
                              QStringLiteral("$"));
        if (operation.isEmpty())
            return QStringLiteral("%1 %2 is not in the file").arg(method, path);
        QJsonObject response = operation.value(QStringLiteral("responses")).toObject().value(QString::number(status)).toObject();
        if (response.isEmpty())
            return QStringLiteral("%1 %2 does not document status %3").arg(method, path).arg(status);
        response = resolve(response);
        const QJsonObject schema = response.value(QStringLiteral("content")).toObject().value(QStringLiteral("application/json"))
                                       .toObject().value(QStringLiteral("schema")).toObject();
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(body, &error);
        if (error.error != QJsonParseError::NoError)
            return QStringLiteral("not JSON: ") + error.errorString();
        return checkValue(document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array()), schema,
                          QStringLiteral("$"));
    }

private:
    QJsonObject findPath(const QString &path) const
    {
        const QJsonObject paths = m_doc.value(QStringLiteral("paths")).toObject();
        for (auto it = paths.begin(); it != paths.end(); ++it) {
            QString pattern = QRegularExpression::escape(it.key());
            pattern.replace(QRegularExpression(QStringLiteral("\\\\\\{[a-z_]+\\\\\\}")), QStringLiteral("[^/]+"));
            if (QRegularExpression(QStringLiteral("^") + pattern + QStringLiteral("$")).match(path).hasMatch())
                return it.value().toObject();
        }
        return {};
    }

    QJsonObject resolve(QJsonObject schema) const
    {
        while (schema.contains(QStringLiteral("$ref"))) {
            QJsonValue at = m_doc;
            for (const QString &part : schema.value(QStringLiteral("$ref")).toString().mid(2).split(QLatin1Char('/')))
                at = at.toObject().value(part);
            schema = at.toObject();
        }
        return schema;
    }

    QString checkValue(const QJsonValue &value, QJsonObject schema, const QString &where) const
    {
        schema = resolve(schema);
        if (value.isNull())
            return schema.value(QStringLiteral("nullable")).toBool() ? QString() : where + QStringLiteral(": null");
        const QString type = schema.value(QStringLiteral("type")).toString();
        const bool typeOk = type.isEmpty() || (type == QLatin1String("object") && value.isObject())
            || (type == QLatin1String("array") && value.isArray()) || (type == QLatin1String("string") && value.isString())
            || (type == QLatin1String("boolean") && value.isBool()) || (type == QLatin1String("number") && value.isDouble())
            || (type == QLatin1String("integer") && value.isDouble() && value.toDouble() == std::floor(value.toDouble()));
        if (!typeOk)
            return where + QStringLiteral(": not ") + type;
        if (schema.contains(QStringLiteral("enum")) && !schema.value(QStringLiteral("enum")).toArray().contains(value))
            return where + QStringLiteral(": not one of the enum");
        if (value.isDouble()) {
            const double n = value.toDouble();
            if (schema.contains(QStringLiteral("minimum")) && n < schema.value(QStringLiteral("minimum")).toDouble())
                return where + QStringLiteral(": below minimum");
            if (schema.contains(QStringLiteral("maximum")) && n > schema.value(QStringLiteral("maximum")).toDouble())
                return where + QStringLiteral(": above maximum");
        }
        if (value.isArray()) {
            const QJsonArray array = value.toArray();
            if (schema.contains(QStringLiteral("minItems")) && array.size() < schema.value(QStringLiteral("minItems")).toInt())
                return where + QStringLiteral(": too few items");
            if (schema.contains(QStringLiteral("maxItems")) && array.size() > schema.value(QStringLiteral("maxItems")).toInt())
                return where + QStringLiteral(": too many items");
            for (qsizetype i = 0; i < array.size(); ++i) {
                if (const QString bad = checkValue(array[i], schema.value(QStringLiteral("items")).toObject(),
                                                   QStringLiteral("%1[%2]").arg(where).arg(i));
                    !bad.isEmpty())
                    return bad;
            }
        }
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            for (const QJsonValue &name : schema.value(QStringLiteral("required")).toArray()) {
                if (!object.contains(name.toString()))
                    return where + QStringLiteral(": lacks ") + name.toString();
            }
            const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
            const QJsonValue additional = schema.value(QStringLiteral("additionalProperties"));
            for (auto it = object.begin(); it != object.end(); ++it) {
                const QString at = where + QLatin1Char('.') + it.key();
                QString bad;
                if (properties.contains(it.key()))
                    bad = checkValue(it.value(), properties.value(it.key()).toObject(), at);
                else if (additional.isBool() && !additional.toBool())
                    bad = at + QStringLiteral(": not in the schema");
                else if (additional.isObject())
                    bad = checkValue(it.value(), additional.toObject(), at);
                if (!bad.isEmpty())
                    return bad;
            }
        }
        return {};
    }

    QJsonObject m_doc;
};

} // namespace tdesk::test
