// The Events view over a real embedded collector: events posted over HTTP show up, filters narrow
// them, the detail pane shows the whole event, and the CSV export holds exactly the stored rows.

#include "appfixture.h"
#include "models/eventtablemodel.h"
#include "storage/readconnection.h"
#include "views/eventsview.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace tdesk;

namespace {

// An independent RFC 4180 reader: fields, quotes doubled inside quoted fields, CRLF rows.
QList<QStringList> parseCsv(QString text)
{
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() && text[i + 1] == QLatin1Char('\n')) {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

} // namespace

class TestEventsView : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AppContext> m_context;
    static constexpr int PerName = 12;

private slots:
    void initTestCase()
    {
        m_context = test::startedApp(m_dir.path());
        QVERIFY(m_context);
        m_context->setRange(RangePreset::LastHour);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QByteArray batch = "{\"schema\":\"jwc.v1\",\"batch\":[";
        int n = 0;
        for (const char *name : {"alpha.done", "beta.done", "gamma.done"}) {
            for (int i = 0; i < PerName; ++i, ++n) {
                batch += n ? "," : "";
                // Properties a spreadsheet reader trips over: commas, quotes, a line break, non-ASCII.
                batch += "{\"anon\":\"user-" + QByteArray::number(i % 5) + "\",\"evt\":\"" + name + "\",\"t\":"
                    + QByteArray::number(now - n * 1000) + ",\"os\":\"" + (i % 2 ? "linux" : "darwin")
                    + "\",\"m\":{\"note\":\"n" + QByteArray::number(n) + ", \\\"quoted\\\"\\nsecond line\",\"city\":\"Zürich\"}}";
            }
        }
        batch += "]}";
        QCOMPARE(test::postToCollector(*m_context, batch), 200);
    }

    void cleanupTestCase() { m_context.reset(); }

    void showsEveryEventNewestFirst()
    {
        EventsView view(m_context.get());
        QTRY_COMPARE(view.model()->rowCount(), 3 * PerName);
        const auto time = [&](int row) {
            return view.model()->index(row, 0).data(EventTableModel::EventRowRole).value<EventRow>().timeMs;
        };
        for (int row = 1; row < view.model()->rowCount(); ++row)
            QVERIFY(time(row - 1) >= time(row));
    }

    void filtersNarrowTheTable()
    {
        EventsView view(m_context.get());
        view.filterBy(QStringLiteral("name"), QStringLiteral("beta.done"));
        QTRY_COMPARE(view.model()->rowCount(), PerName);
        view.filterBy(QStringLiteral("os"), QStringLiteral("linux"));
        QTRY_COMPARE(view.model()->rowCount(), PerName / 2);

        // Typing in the search field: debounced, then applied.
        QLineEdit *text = nullptr;
        const auto edits = view.findChildren<QLineEdit *>();
        for (QLineEdit *edit : edits) {
            if (edit->accessibleName() == QLatin1String("Text in properties"))
                text = edit;
        }
        QVERIFY(text);
        view.filterBy(QStringLiteral("os"), QString());
        view.filterBy(QStringLiteral("name"), QString());
        QTest::keyClicks(text, QStringLiteral("n7,"));
        QTRY_COMPARE(view.model()->rowCount(), 1);
    }

    void filterThatMatchesNothingSaysSo()
    {
        EventsView view(m_context.get());
        view.filterBy(QStringLiteral("country"), QStringLiteral("ZZ"));
        QTRY_VERIFY(!view.model()->isFetching());
        QCOMPARE(view.model()->rowCount(), 0);
        const auto labels = view.findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [](QLabel *l) { return l->text().contains(QLatin1String("No events match")); }));
    }

    void detailPaneShowsTheWholeEvent()
    {
        EventsView view(m_context.get());
        QTRY_COMPARE(view.model()->rowCount(), 3 * PerName);
        view.table()->selectRow(0);
        auto *detail = view.findChild<QPlainTextEdit *>();
        QVERIFY(detail->toPlainText().contains(QStringLiteral("Zürich")));
        QVERIFY(detail->toPlainText().contains(view.model()->index(0, EventTableModel::EventColumn).data().toString()));
    }

    void csvExportHoldsTheStoredRows()
    {
        EventsView view(m_context.get());
        view.filterBy(QStringLiteral("name"), QStringLiteral("gamma.done"));
        QTRY_COMPARE(view.model()->rowCount(), PerName);
        const QString path = m_dir.filePath(QStringLiteral("gamma.csv"));
        QVERIFY(view.exportCsv(path));

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QStringList> rows = parseCsv(QString::fromUtf8(file.readAll()));
        QCOMPARE(rows.size(), PerName + 1); // the header, then one row per event
        const int nameColumn = int(rows[0].indexOf(QStringLiteral("event")));
        const int propsColumn = int(rows[0].indexOf(QStringLiteral("properties")));
        QVERIFY(nameColumn >= 0 && propsColumn >= 0);

        QSqlQuery q(sqliteReadConnection(m_context->databasePath()));
        QVERIFY(q.exec(QStringLiteral("SELECT name, props FROM events WHERE name = 'gamma.done' ORDER BY ts DESC, id DESC")));
        for (int row = 1; q.next(); ++row) {
            QCOMPARE(rows[row][nameColumn], q.value(0).toString());
            QCOMPARE(rows[row][propsColumn], q.value(1).toString());
        }
    }

    void failedExportSaysWhyAndWritesNothing()
    {
        EventsView view(m_context.get());
        QTRY_COMPARE(view.model()->rowCount(), 3 * PerName);
        const QString path = m_dir.filePath(QStringLiteral("missing-folder/events.csv"));
        QTimer::singleShot(0, this, [] {
            // The message box that explains the failure.
            QTRY_VERIFY(QApplication::activeModalWidget());
            QApplication::activeModalWidget()->close();
        });
        QVERIFY(!view.exportCsv(path));
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_MAIN(TestEventsView)
#include "tst_eventsview.moc"
