// telemetry-desk: the desktop app, with its collector embedded.

#include "appcontext.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>

using namespace tdesk;

namespace {

void installTranslations(QApplication &app)
{
    const QLocale locale;
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto *ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("telemetry-desk"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(ours);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Telemetry Desk"));
    QApplication::setApplicationName(QStringLiteral("telemetry-desk"));
    QApplication::setApplicationDisplayName(QStringLiteral("Telemetry Desk"));
    QApplication::setApplicationVersion(QStringLiteral(TDESK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("telemetry-desk"));
    installTranslations(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Telemetry Desk: a desktop dashboard for application telemetry, with its own collector."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QApplication::translate("main", "Keep settings and the database in DIR."), QStringLiteral("DIR"));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QApplication::translate("main", "The embedded collector listens on HOST:PORT (default 127.0.0.1:8088)."),
                                    QStringLiteral("HOST:PORT"));
    const QCommandLineOption db(QStringLiteral("db"), QApplication::translate("main", "Database file or URL."), QStringLiteral("URL"));
    const QCommandLineOption geo(QStringLiteral("geoip"), QApplication::translate("main", "MaxMind GeoIP2/GeoLite2 City database."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption demo(QStringLiteral("demo"), QApplication::translate("main", "Send demo data at start, without asking."));
    const QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                         QApplication::translate("main", "Send demo data, write a PNG of each view to DIR, and quit."),
                                         QStringLiteral("DIR"));
    parser.addOptions({dataDir, listen, db, geo, demo, screenshots});
    parser.process(app);

    AppContext::Options options;
    options.dataDir = parser.value(dataDir);
    options.listen = parser.value(listen);
    options.databaseUrl = parser.value(db);
    options.geoDbPath = parser.value(geo);
    AppContext context(options);
    if (const auto opened = context.openDatabase(); !opened) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "Telemetry Desk"),
                              QApplication::translate("main", "The database %1 cannot be opened:\n\n%2\n\nChoose another one with --db or --data-dir.")
                                  .arg(context.databasePath(), opened.error()));
        return 3;
    }

    MainWindow window(&context);
    window.show();
    MainWindow::StartUpOptions startUp;
    startUp.demo = parser.isSet(demo);
    startUp.screenshotsDir = parser.value(screenshots);
    window.startUp(startUp);
    return app.exec();
}
