// telemetry-desk: the desktop app, with its collector embedded.

#include "appcontext.h"
#include "mainwindow.h"
#include "widgets/databasedialog.h"
#include "widgets/theme.h"

#include "tdesk_version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPushButton>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QStyle>
#include <QTextStream>
#include <QTranslator>

#include <memory>

using namespace tdesk;

namespace {

void installTranslations(QCoreApplication &app)
{
    const QLocale locale;
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    // English plurals ("1 event", "2 events") under every language; the user's language on top.
    auto *english = new QTranslator(&app);
    if (english->load(QStringLiteral(":/i18n/telemetry-desk_en.qm")))
        QCoreApplication::installTranslator(english);
    auto *ours = new QTranslator(&app);
    if (locale.language() != QLocale::English
        && ours->load(locale, QStringLiteral("telemetry-desk"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(ours);
}

// `telemetry-desk --export-csv FILE [filters]`: the Events view's export, without a window.
int exportCsv(const QCommandLineParser &parser, const AppContext::Options &options)
{
    QTextStream err(stderr);
    AppContext context(options);
    if (const auto opened = context.openDatabase(); !opened) {
        err << "telemetry-desk: cannot open " << context.databaseLocation() << ": " << opened.error() << '\n';
        return 3;
    }
    EventFilter filter;
    if (parser.isSet(QStringLiteral("project"))) {
        // No window: waiting for the reader is all there is to do.
        const QString name = parser.value(QStringLiteral("project"));
        const auto projects = context.reader()->projects().result();
        const QList<Project> known = projects ? projects.value() : QList<Project>();
        const auto found = std::find_if(known.cbegin(), known.cend(), [&](const Project &p) { return p.name == name; });
        if (found == known.cend()) {
            err << "telemetry-desk: no project " << name << '\n';
            return 2;
        }
        filter.projectId = found->id;
    }
    const auto time = [&](const QString &name, qint64 fallback, qint64 *ms) {
        if (!parser.isSet(name)) {
            *ms = fallback;
            return true;
        }
        const QString text = parser.value(name);
        bool isNumber = false;
        *ms = text.toLongLong(&isNumber);
        if (isNumber)
            return true;
        const QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
        *ms = when.toMSecsSinceEpoch();
        return when.isValid();
    };
    if (!time(QStringLiteral("from"), EventFilter::AllTime.fromMs, &filter.range.fromMs)
        || !time(QStringLiteral("to"), EventFilter::AllTime.toMs, &filter.range.toMs)) {
        err << "telemetry-desk: --from and --to take epoch milliseconds or an ISO 8601 time\n";
        return 2;
    }
    filter.name = parser.value(QStringLiteral("event"));
    filter.user = parser.value(QStringLiteral("user"));
    filter.os = parser.value(QStringLiteral("os"));
    filter.version = parser.value(QStringLiteral("app-version"));
    filter.country = parser.value(QStringLiteral("country"));
    filter.text = parser.value(QStringLiteral("text"));
    const QString file = parser.value(QStringLiteral("export-csv"));
    const auto written = context.reader()->exportCsv(filter, file, {}).result();
    if (!written) {
        err << "telemetry-desk: export failed, nothing written: " << written.error() << '\n';
        return 1;
    }
    QTextStream(stdout) << written.value() << " events written to " << file << '\n';
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // Exporting, --help and --version need no window, and must work where there is no display.
    const auto given = [argc, argv](std::initializer_list<const char *> names) {
        return std::any_of(argv + 1, argv + argc, [names](const char *a) {
            return std::any_of(names.begin(), names.end(), [a](const char *name) {
                const auto length = qstrlen(name);
                return qstrncmp(a, name, length) == 0 && (a[length] == '\0' || a[length] == '=');
            });
        });
    };
    const bool exporting = given({"--export-csv"});
    const bool headless = exporting || given({"-h", "-?", "--help", "--help-all", "-v", "--version"});
    std::unique_ptr<QCoreApplication> application(headless ? new QCoreApplication(argc, argv) : new QApplication(argc, argv));
    QCoreApplication &app = *application;
    QApplication::setOrganizationName(QStringLiteral("Telemetry Desk"));
    QApplication::setApplicationName(QStringLiteral("telemetry-desk"));
    QApplication::setApplicationDisplayName(QStringLiteral("Telemetry Desk"));
    QApplication::setApplicationVersion(QStringLiteral(TDESK_VERSION_LINE));
    QApplication::setDesktopFileName(QStringLiteral("org.telemetrydesk.TelemetryDesk")); // the installed .desktop file
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
    const QCommandLineOption readDb(QStringLiteral("read-db"),
                                    QApplication::translate("main", "Read from this PostgreSQL replica of the database."), QStringLiteral("URL"));
    const QCommandLineOption geo(QStringLiteral("geoip"), QApplication::translate("main", "MaxMind GeoIP2/GeoLite2 City database."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption demo(QStringLiteral("demo"), QApplication::translate("main", "Send demo data at start, without asking."));
    const QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                         QApplication::translate("main", "Send demo data, write a PNG of each view to DIR, and quit."),
                                         QStringLiteral("DIR"));
    const QCommandLineOption theme(QStringLiteral("theme"),
                                   QApplication::translate("main", "system (default), light or dark."), QStringLiteral("THEME"));
    const QCommandLineOption connect(QStringLiteral("connect"),
                                     QApplication::translate("main", "Watch the collector at URL (https://host:port) instead of running one; the key comes from TDESK_KEY."),
                                     QStringLiteral("URL"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
                                    QApplication::translate("main", "Trust this CA or self-signed certificate (PEM) for --connect (or TDESK_CA_FILE)."),
                                    QStringLiteral("FILE"));
    parser.addOptions({dataDir, listen, db, readDb, geo, demo, screenshots, theme, connect, caFile});
    parser.addOptions({
        {QStringLiteral("export-csv"), QApplication::translate("main", "Write the events matching the filter options to FILE as CSV, without a window."), QStringLiteral("FILE")},
        {QStringLiteral("project"), QApplication::translate("main", "Export only this project."), QStringLiteral("NAME")},
        {QStringLiteral("from"), QApplication::translate("main", "Export events at or after this time (ISO 8601 or epoch ms)."), QStringLiteral("TIME")},
        {QStringLiteral("to"), QApplication::translate("main", "Export events before this time."), QStringLiteral("TIME")},
        {QStringLiteral("event"), QApplication::translate("main", "Export only this event name."), QStringLiteral("NAME")},
        {QStringLiteral("user"), QApplication::translate("main", "Export only this user (id or stored hash)."), QStringLiteral("USER")},
        {QStringLiteral("os"), QApplication::translate("main", "Export only this operating system."), QStringLiteral("OS")},
        {QStringLiteral("app-version"), QApplication::translate("main", "Export only this app version."), QStringLiteral("VERSION")},
        {QStringLiteral("country"), QApplication::translate("main", "Export only this country (ISO code)."), QStringLiteral("CC")},
        {QStringLiteral("text"), QApplication::translate("main", "Export only events with this text in their properties."), QStringLiteral("TEXT")},
    });
    parser.process(app);

    AppContext::Options options;
    options.dataDir = parser.value(dataDir);
    options.listen = parser.value(listen);
    options.databaseUrl = parser.value(db);
    options.readDatabaseUrl = parser.value(readDb);
    options.geoDbPath = parser.value(geo);
    options.connectUrl = parser.value(connect);
    options.caFile = parser.value(caFile);
    if (exporting)
        return exportCsv(parser, options);
    if (!applyTheme(parser.value(theme))) {
        QTextStream(stderr) << "telemetry-desk: --theme takes system, light or dark\n";
        return 2;
    }
    // A database that cannot be opened: say why, and let the user pick another instead of giving up.
    std::unique_ptr<AppContext> context;
    for (;;) {
        context = std::make_unique<AppContext>(options);
        const auto opened = context->openDatabase();
        if (opened)
            break;
        if (context->isRemote()) { // nothing to choose instead: say what to fix
            QMessageBox::warning(nullptr, QApplication::translate("main", "Telemetry Desk"),
                                 QApplication::translate("main", "Cannot watch the collector at %1:\n\n%2")
                                     .arg(context->databaseLocation(), opened.error()));
            return 3;
        }
        QMessageBox box(QMessageBox::Warning, QApplication::translate("main", "Telemetry Desk"),
                        QApplication::translate("main", "The database %1 cannot be opened:\n\n%2")
                            .arg(context->databaseLocation(), opened.error()));
        QPushButton *choose = box.addButton(QApplication::translate("main", "Choose another…"), QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Close);
        box.exec();
        if (box.clickedButton() != choose)
            return 3;
        DatabaseDialog dialog(context->databaseUrl(), &AppContext::checkDatabase, AppContext::keychainAvailable());
        if (dialog.exec() != QDialog::Accepted)
            return 3;
        context->rememberDatabase(dialog.location());
        if (!dialog.password().isEmpty())
            AppContext::storePassword(dialog.location(), dialog.password());
        options.databaseUrl = dialog.connectionUrl();
    }

    MainWindow window(context.get());
    window.show();
    MainWindow::StartUpOptions startUp;
    startUp.demo = parser.isSet(demo);
    startUp.screenshotsDir = parser.value(screenshots);
    window.startUp(startUp);
    return app.exec();
}
