#include "widgets/snippets.h"

namespace tdesk {

QString snippetLanguageName(SnippetLanguage language)
{
    switch (language) {
    case SnippetLanguage::Curl: return QStringLiteral("curl");
    case SnippetLanguage::JavaScript: return QStringLiteral("JavaScript");
    case SnippetLanguage::Python: return QStringLiteral("Python");
    case SnippetLanguage::Cpp: return QStringLiteral("C++ (Qt)");
    }
    return {};
}

QString ingestSnippet(SnippetLanguage language, const QString &ingestUrl, const QString &key)
{
    QString text;
    switch (language) {
    case SnippetLanguage::Curl:
        text = QStringLiteral(
            "curl -sS -w '\\n%{http_code}\\n' -X POST '%URL%' \\\n"
            "  -H 'Authorization: Bearer %KEY%' \\\n"
            "  -H 'Content-Type: application/json' \\\n"
            "  -d '{\"schema\":\"jwc.v1\",\"anon\":\"test-user\",\"evt\":\"test.event\",\"t\":'$(date +%s%3N)',\"m\":{\"source\":\"curl\"}}'\n");
        break;
    case SnippetLanguage::JavaScript:
        text = QStringLiteral(
            "// Node 18+ or a browser\n"
            "const response = await fetch('%URL%', {\n"
            "  method: 'POST',\n"
            "  headers: { 'Authorization': 'Bearer %KEY%', 'Content-Type': 'application/json' },\n"
            "  body: JSON.stringify({ schema: 'jwc.v1', anon: 'test-user', evt: 'test.event', t: Date.now(),\n"
            "                         id: crypto.randomUUID(), m: { source: 'javascript' } }),\n"
            "});\n"
            "console.log(response.status, await response.text());\n");
        break;
    case SnippetLanguage::Python:
        text = QStringLiteral(
            "import json, time, uuid, urllib.request\n"
            "\n"
            "event = {\"schema\": \"jwc.v1\", \"anon\": \"test-user\", \"evt\": \"test.event\",\n"
            "         \"t\": int(time.time() * 1000), \"id\": str(uuid.uuid4()), \"m\": {\"source\": \"python\"}}\n"
            "request = urllib.request.Request(\"%URL%\", data=json.dumps(event).encode(), method=\"POST\",\n"
            "                                 headers={\"Authorization\": \"Bearer %KEY%\",\n"
            "                                          \"Content-Type\": \"application/json\"})\n"
            "with urllib.request.urlopen(request) as response:\n"
            "    print(response.status, response.read().decode())\n");
        break;
    case SnippetLanguage::Cpp:
        text = QStringLiteral(
            "// Qt 6: link Qt6::Network\n"
            "#include <QCoreApplication>\n"
            "#include <QDateTime>\n"
            "#include <QJsonDocument>\n"
            "#include <QJsonObject>\n"
            "#include <QNetworkAccessManager>\n"
            "#include <QNetworkReply>\n"
            "#include <QUuid>\n"
            "\n"
            "int main(int argc, char *argv[])\n"
            "{\n"
            "    QCoreApplication app(argc, argv);\n"
            "    QNetworkRequest request(QUrl(QStringLiteral(\"%URL%\")));\n"
            "    request.setRawHeader(\"Authorization\", \"Bearer %KEY%\");\n"
            "    request.setHeader(QNetworkRequest::ContentTypeHeader, \"application/json\");\n"
            "    const QJsonObject event{{\"schema\", \"jwc.v1\"}, {\"anon\", \"test-user\"}, {\"evt\", \"test.event\"},\n"
            "                            {\"t\", QDateTime::currentMSecsSinceEpoch()},\n"
            "                            {\"id\", QUuid::createUuid().toString(QUuid::WithoutBraces)},\n"
            "                            {\"m\", QJsonObject{{\"source\", \"cpp\"}}}};\n"
            "    QNetworkAccessManager network;\n"
            "    QNetworkReply *reply = network.post(request, QJsonDocument(event).toJson(QJsonDocument::Compact));\n"
            "    QObject::connect(reply, &QNetworkReply::finished, &app, [&] {\n"
            "        qInfo() << reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() << reply->readAll();\n"
            "        app.quit();\n"
            "    });\n"
            "    return app.exec();\n"
            "}\n");
        break;
    }
    return text.replace(QStringLiteral("%URL%"), ingestUrl).replace(QStringLiteral("%KEY%"), key);
}

} // namespace tdesk
