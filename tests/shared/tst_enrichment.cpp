// The one enrichment HTTP ingest and demo data share: what it adds, what it removes, what sampling
// drops, and that it works where the parser left the events (the ingest hot path).

#include "auth/apikey.h"
#include "server/enrichment.h"

#include <QSet>
#include <QTest>

#include <algorithm>

using namespace tdesk;

namespace {

std::vector<Event> eventsOf(const QList<QByteArray> &anons)
{
    std::vector<Event> events;
    for (const QByteArray &anon : anons) {
        Event e;
        e.anon = anon;
        e.name = "e";
        events.push_back(e);
    }
    return events;
}

} // namespace

class TestEnrichment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fillsEveryEventAndDropsTheRawUser()
    {
        Project project;
        project.id = 7;
        GeoLocation place;
        place.country = "SE";
        place.city = "Link\xc3\xb6ping";
        place.latitude = 58.4;
        place.longitude = 15.6;
        std::vector<Event> events = eventsOf({"alice", "bob"});
        const Event *storage = events.data();
        const EnrichedEvents out = enrichEvents(std::move(events), {0, 2}, project, "salt", place, 1234);
        QCOMPARE(out.kept.size(), size_t(2));
        QVERIFY(out.sampledOut.empty());
        QCOMPARE(out.kept.data(), storage); // enriched in place, no new vector
        for (const Event &e : out.kept) {
            QCOMPARE(e.projectId, 7);
            QCOMPARE(e.receivedMs, 1234);
            QVERIFY(e.anon.isEmpty());
            QCOMPARE(e.country, QByteArray("SE"));
            QCOMPARE(e.city, place.city);
            QCOMPARE(e.latitude, 58.4);
        }
        QCOMPARE(out.kept[0].userHash, userHash("salt", 7, "alice"));
        QCOMPARE(out.kept[1].userHash, userHash("salt", 7, "bob"));
    }

    void samplingKeepsOrDropsWholeUsers()
    {
        Project project;
        project.id = 1;
        project.sampleRate = 0.5;
        QList<QByteArray> anons;
        std::vector<int> indexes;
        for (int i = 0; i < 200; ++i) {
            anons << "user" + QByteArray::number(i % 100); // each user twice
            indexes.push_back(i);
        }
        const EnrichedEvents out = enrichEvents(eventsOf(anons), indexes, project, "salt", {}, 1);
        QCOMPARE(out.kept.size() + out.sampledOut.size(), size_t(200));
        QVERIFY2(out.kept.size() > 60 && out.kept.size() < 140, qPrintable(QString::number(out.kept.size())));
        // Event i and event i + 100 are the same user: both kept or both dropped.
        QSet<int> dropped(out.sampledOut.begin(), out.sampledOut.end());
        for (int i = 0; i < 100; ++i)
            QCOMPARE(dropped.contains(i), dropped.contains(i + 100));
        QVERIFY(std::is_sorted(out.sampledOut.begin(), out.sampledOut.end()));

        project.sampleRate = 0.0;
        QCOMPARE(enrichEvents(eventsOf(anons), indexes, project, "salt", {}, 1).sampledOut.size(), size_t(200));
    }
};

QTEST_GUILESS_MAIN(TestEnrichment)
#include "tst_enrichment.moc"
