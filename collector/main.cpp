// telemetry-collector: the headless collector service, and `projects …` / `keys …` administration.

#include "server/collector.h"
#include "service.h"
#include "storage/catalog.h"
#include "storage/databaseurl.h"
#include "storage/postgres/pgconnection.h"
#include "storage/storefactory.h"

#include "tdesk_version.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMultiMap>
#include <QProcessEnvironment>
#include <QSocketNotifier>
#include <QTextStream>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace tdesk;

namespace {

// Documented in the README; the service restarts on all but Usage and DatabaseError, which need a person.
enum ExitCode { Ok = 0, Failed = 1, Usage = 2, DatabaseError = 3, ListenError = 4, DatabaseUnreachable = 5 };

constexpr auto UsageText = R"(Usage:
  telemetry-collector [options]                 run the collector
  telemetry-collector [--db URL] projects list|create NAME|rename OLD NEW|delete NAME
  telemetry-collector [--db URL] keys list [--project NAME]
  telemetry-collector [--db URL] keys create --project NAME --kind public|private|admin [--label TEXT]
  telemetry-collector [--db URL] keys label KEY_ID TEXT
  telemetry-collector [--db URL] keys revoke KEY_ID
  (KEY_ID: the key's first 12 characters, as `keys list` shows them; the full key works too)

Options (flags > environment > --config FILE):
  --listen HOST:PORT      address to listen on (default 0.0.0.0:8088; env PORT)
  --db URL                sqlite:///abs/path.db, a path or postgresql://… (env DATABASE_URL)
  --read-db URL           a PostgreSQL replica for /stats and /debug/* (env READ_DATABASE_URL)
  --geo-db PATH           MaxMind .mmdb for country/region/city (env GEO_DB, GEO_MMDB)
  --log-dir DIR           JSONL event log, one file per day (env LOG_DIR)
  --trusted-proxy CIDR    honour X-Forwarded-For from this network (repeatable)
  --max-body BYTES        request body limit (default 1048576; env MAX_BODY)
  --max-batch N           events per batch limit (default 1000)
  --require-key           refuse ingest without a public key
  --tls-cert FILE         serve HTTPS with this certificate chain (PEM; env TLS_CERT) ...
  --tls-key FILE          ... and its private key (PEM or DER, RSA or EC; env TLS_KEY)
  --http-listen HOST:PORT with TLS, plain HTTP here as well (env HTTP_LISTEN)
  --allow-insecure-keys   take private and admin keys (the Query API, /api/v1/) over plain HTTP
                          from other machines too (env ALLOW_INSECURE_KEYS; default: HTTPS only)
  --stats-secret S        protect /stats and enable /debug/* (env STATS_SECRET)
  --sync normal|full      full: acknowledged events survive a power cut too
  --config FILE           NAME=VALUE lines with the environment names
Environment: RATE_LIMIT_MAX (0 = off), RATE_LIMIT_TIME_WINDOW, STATS_WINDOW_DAYS, YEARLY_SALT.
)";

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int fail(int code, const QString &message)
{
    err() << "telemetry-collector: " << message << '\n';
    return code;
}

QString dateText(qint64 ms)
{
    return ms ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate) : QStringLiteral("-");
}

ExitCode databaseFailure(const QString &error)
{
    return isPgUnreachable(error) ? DatabaseUnreachable : DatabaseError;
}

// The database the configuration names: the data directory's SQLite file unless told otherwise.
Result<DatabaseUrl> databaseOf(const CollectorConfig &config)
{
    return parseDatabaseUrl(config.databaseUrl.isEmpty() ? Collector::defaultDatabasePath() : config.databaseUrl);
}

int administer(const CollectorConfig &config, const QStringList &words, const QMultiMap<QString, QString> &flags)
{
    const auto url = databaseOf(config);
    if (!url)
        return fail(Usage, url.error());
    if (url->kind == DatabaseUrl::Kind::Sqlite)
        QDir().mkpath(QFileInfo(url->sqlitePath).absolutePath());
    if (auto migrated = migrateDatabase(*url); !migrated) // creates the file or brings its schema up to date
        return fail(databaseFailure(migrated.error()), migrated.error());
    auto catalog = Catalog::open(*url);
    if (!catalog)
        return fail(databaseFailure(catalog.error()), catalog.error());

    const QString group = words.value(0);
    const QString verb = words.value(1);
    const auto check = [](const auto &result) {
        if (!result)
            return fail(Failed, result.error());
        return int(Ok);
    };
    if (group == QLatin1String("projects")) {
        if (verb == QLatin1String("list") && words.size() == 2) {
            const auto projects = catalog->projects();
            if (!projects)
                return fail(Failed, projects.error());
            out() << "name\tcreated\trate_limit\tretention_days\tsample_rate\tallowed_origins\n";
            for (const Project &p : projects.value())
                out() << p.name << '\t' << dateText(p.createdMs) << '\t' << p.rateLimit << '\t' << p.retentionDays << '\t'
                      << p.sampleRate << '\t' << p.allowedOrigins << '\n';
            return Ok;
        }
        if (verb == QLatin1String("create") && words.size() == 3) {
            const auto created = catalog->createProject(words[2]);
            if (created)
                out() << "created project " << created->name << '\n';
            return check(created);
        }
        if (verb == QLatin1String("rename") && words.size() == 4) {
            const auto renamed = catalog->renameProject(words[2], words[3]);
            if (renamed)
                out() << "renamed project " << words[2] << " to " << words[3] << '\n';
            return check(renamed);
        }
        if (verb == QLatin1String("delete") && words.size() == 3) {
            const auto deleted = catalog->deleteProject(words[2]);
            if (deleted)
                out() << "deleted project " << words[2] << " with its keys and events\n";
            return check(deleted);
        }
    } else if (group == QLatin1String("keys")) {
        if (verb == QLatin1String("list") && words.size() == 2) {
            const auto keys = catalog->keys(flags.value(QStringLiteral("project")));
            if (!keys)
                return fail(Failed, keys.error());
            out() << "id\tkind\tproject\tlabel\tcreated\tlast_used\tevents\trevoked\n";
            for (const KeyInfo &k : keys.value())
                out() << k.prefix << '\t' << keyKindName(k.kind) << '\t' << (k.projectName.isEmpty() ? QStringLiteral("*") : k.projectName)
                      << '\t' << (k.label.isEmpty() ? QStringLiteral("-") : k.label) << '\t' << dateText(k.createdMs) << '\t'
                      << dateText(k.lastUsedMs) << '\t' << k.eventsAccepted << '\t' << dateText(k.revokedMs) << '\n';
            return Ok;
        }
        if (verb == QLatin1String("create") && words.size() == 2) {
            KeyKind kind;
            if (!keyKindFromName(flags.value(QStringLiteral("kind")), &kind))
                return fail(Usage, QStringLiteral("--kind must be public, private or admin"));
            const QString project = flags.value(QStringLiteral("project"), defaultProjectName());
            const auto key = catalog->createKey(project, kind, flags.value(QStringLiteral("label")));
            if (!key)
                return fail(Failed, key.error());
            out() << "created " << keyKindName(kind) << " key for "
                  << (kind == KeyKind::Admin ? QStringLiteral("all projects") : QStringLiteral("project ") + project)
                  << "; it is shown only now, store it safely:\n"
                  << key.value() << '\n';
            return Ok;
        }
        if (verb == QLatin1String("revoke") && words.size() == 3) {
            const auto revoked = catalog->revokeKey(words[2]);
            if (revoked)
                out() << "revoked " << keyKindName(revoked->kind) << " key " << revoked->prefix << '\n';
            return check(revoked);
        }
        if (verb == QLatin1String("label") && words.size() == 4) {
            const auto labelled = catalog->setKeyLabel(words[2], words[3]);
            if (labelled)
                out() << "labelled " << keyKindName(labelled->kind) << " key " << labelled->prefix << " \""
                      << labelled->label << "\"\n";
            return check(labelled);
        }
    }
    err() << UsageText;
    return Usage;
}

#ifdef Q_OS_UNIX
// SIGTERM/SIGINT reach the event loop through a socket pair: no Qt call inside the handler.
int g_signalFd[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalFd[1], &byte, 1);
}
#endif

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("telemetry-collector"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TDESK_VERSION_LINE));

    QMultiMap<QString, QString> flags;
    QStringList words;
    if (const auto split = splitCollectorArguments(QCoreApplication::arguments().mid(1), &flags, &words); !split) {
        err() << "telemetry-collector: " << split.error() << '\n';
        return Usage;
    }
    if (flags.contains(QStringLiteral("help"))) {
        out() << UsageText;
        return Ok;
    }
    if (flags.contains(QStringLiteral("version"))) {
        out() << "telemetry-collector " << TDESK_VERSION_LINE << '\n';
        return Ok;
    }
    const auto config = loadCollectorConfig(flags, QProcessEnvironment::systemEnvironment().toStringList());
    if (!config)
        return fail(Usage, config.error());
    if (const auto url = databaseOf(config.value()); url && url->kind == DatabaseUrl::Kind::Sqlite) {
        if (const QString refusal = service::rootRefusal(url->sqlitePath); !refusal.isEmpty())
            return fail(Usage, refusal);
    }
    if (!words.isEmpty())
        return administer(config.value(), words, flags);

    Collector::StartError error;
    auto collector = Collector::start(config.value(), &error);
    if (!collector) {
        const int code = error.failure == Collector::Failure::Database ? DatabaseError
            : error.failure == Collector::Failure::DatabaseUnreachable ? DatabaseUnreachable
            : error.failure == Collector::Failure::Listen              ? ListenError
                                                                        : Usage;
        return fail(code, error.message);
    }

#ifdef Q_OS_UNIX
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) != 0)
        return fail(Failed, QStringLiteral("cannot set up signal handling"));
    QSocketNotifier notifier(g_signalFd[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char byte;
        [[maybe_unused]] const auto got = ::read(g_signalFd[0], &byte, 1);
        notifier.setEnabled(false);
        service::notify("STOPPING=1");
        err() << "telemetry-collector: stopping: finishing acknowledged work\n";
        err().flush();
        collector->shutdown();
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
#endif // elsewhere (Windows) Ctrl+C ends the process: what was answered 200 is committed already

    auto listening = config->listenText();
    listening.truncate(listening.lastIndexOf(QLatin1Char(':')));
    out() << "telemetry-collector " << TDESK_VERSION << " listening on " << listening << ':' << collector->port()
          << (collector->tls() ? " (HTTPS)" : "") << " database " << collector->databasePath() << Qt::endl;
    if (collector->plainHttpPort() != 0)
        out() << "plain HTTP on " << config->httpListen->first.toString() << ':' << collector->plainHttpPort() << Qt::endl;
    service::notify("READY=1");
    const int code = app.exec();
    collector.reset();
    return code;
}
