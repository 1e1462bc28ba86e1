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
            "// Node 18+, a VS Code extension or a browser. Install: npm install <telemetry-desk>/sdk/js\n"
            "import { Client } from 'telemetrydesk';\n"
            "\n"
            "const telemetry = new Client({ url: '%URL%', key: '%KEY%', appVersion: '1.0.0' });\n"
            "telemetry.track('test.event', { source: 'javascript' });\n"
            "console.log((await telemetry.flush(10000)) ? 'sent' : 'queued: sent once the collector answers');\n"
            "await telemetry.close();\n");
        break;
    case SnippetLanguage::Python:
        text = QStringLiteral(
            "# Install: pip install --no-build-isolation <telemetry-desk>/sdk/python\n"
            "from telemetrydesk import Client\n"
            "\n"
            "with Client(\"%URL%\", \"%KEY%\", app_version=\"1.0.0\") as telemetry:\n"
            "    telemetry.track(\"test.event\", {\"source\": \"python\"})\n"
            "    print(\"sent\" if telemetry.flush(10) else \"queued: sent once the collector answers\")\n");
        break;
    case SnippetLanguage::Cpp:
        text = QStringLiteral(
            "// Qt 6. Install the SDK: cmake -S <telemetry-desk>/sdk/cpp -B build && cmake --install build\n"
            "// CMake: find_package(TelemetryDeskClient) and link TelemetryDesk::Client\n"
            "#include <QCoreApplication>\n"
            "#include <telemetrydesk/client.h>\n"
            "\n"
            "int main(int argc, char *argv[])\n"
            "{\n"
            "    QCoreApplication app(argc, argv);\n"
            "    TelemetryDesk::ClientConfig config(QUrl(QStringLiteral(\"%URL%\")), QStringLiteral(\"%KEY%\"));\n"
            "    config.setAppVersion(QStringLiteral(\"1.0.0\"));\n"
            "    TelemetryDesk::Client telemetry(config);\n"
            "    telemetry.track(QStringLiteral(\"test.event\"), {{QStringLiteral(\"source\"), QStringLiteral(\"cpp\")}});\n"
            "    qInfo(telemetry.flush(10000) ? \"sent\" : \"queued: sent once the collector answers\");\n"
            "}\n");
        break;
    }
    return text.replace(QStringLiteral("%URL%"), ingestUrl).replace(QStringLiteral("%KEY%"), key);
}

} // namespace tdesk
