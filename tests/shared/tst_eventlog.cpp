// The JSONL event log: one file per UTC day, old files removed, nothing identifying written.

#include "server/eventlog.h"

#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

namespace {

qint64 dayMs(const char *isoDate)
{
    return QDateTime(QDate::fromString(QString::fromLatin1(isoDate), Qt::ISODate), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
}

} // namespace

class TestEventLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rotatesDailyAndKeepsRetention()
    {
        QTemporaryDir dir;
        EventLog log(dir.path(), 2);
        Event e;
        e.name = "app.started";
        e.userHash = "0123456789abcdef0123456789abcdef";
        e.country = "SE";
        e.props = R"({"durationMs":5})";
        const std::vector<const Event *> events{&e};
        for (const char *day : {"2026-01-01", "2026-01-02", "2026-01-03"})
            log.append(events, dayMs(day));
        const QStringList files = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
        QCOMPARE(files, QStringList({QStringLiteral("events-2026-01-02.jsonl"), QStringLiteral("events-2026-01-03.jsonl")}));
        QFile file(dir.filePath(files.last()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject line = QJsonDocument::fromJson(file.readLine()).object();
        QCOMPARE(line.value(QStringLiteral("evt")).toString(), QStringLiteral("app.started"));
        QCOMPARE(line.value(QStringLiteral("country")).toString(), QStringLiteral("SE"));
        QCOMPARE(line.value(QStringLiteral("m")).toObject().value(QStringLiteral("durationMs")).toInt(), 5);
        QVERIFY(!line.contains(QStringLiteral("anon")));
        QVERIFY(!line.contains(QStringLiteral("ip")));
    }

    void escapesText()
    {
        QTemporaryDir dir;
        EventLog log(dir.path(), 0);
        Event e;
        e.name = "x";
        e.userHash = "u";
        e.os = "quote\" backslash\\ newline\n tab\t ctrl\x01 ü";
        log.append({&e}, dayMs("2026-02-01"));
        QFile file(dir.filePath(QStringLiteral("events-2026-02-01.jsonl")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QCOMPARE(text.count('\n'), 1); // one event, one line
        QCOMPARE(QJsonDocument::fromJson(text).object().value(QStringLiteral("os")).toString(), QString::fromUtf8(e.os));
    }
};

QTEST_GUILESS_MAIN(TestEventLog)
#include "tst_eventlog.moc"
