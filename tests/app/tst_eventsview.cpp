// The Events view over a real embedded collector: events posted over HTTP show up, filters narrow
// them, the detail pane shows the whole event, and the CSV export holds exactly the stored rows.

#include "appfixture.h"
#include "fakereader.h"
#include "models/eventtablemodel.h"
#include "storage/readconnection.h"
#include "views/eventsview.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QStyle>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

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

    void headersNameTheColumnsAndTheZone()
    {
        EventsView view(m_context.get());
        QTRY_COMPARE(view.model()->rowCount(), 3 * PerName);
        QStringList headers;
        for (int column = 0; column < view.model()->columnCount(); ++column)
            headers.append(view.model()->headerData(column, Qt::Horizontal).toString());
        const QString zone = EventTableModel::zoneName(QTimeZone::systemTimeZone(), QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(headers, (QStringList{QStringLiteral("Time (%1)").arg(zone), QStringLiteral("Project"), QStringLiteral("Event"),
                                       QStringLiteral("User"), QStringLiteral("Session"), QStringLiteral("OS"),
                                       QStringLiteral("App version"), QStringLiteral("Host version"), QStringLiteral("Country"),
                                       QStringLiteral("City"), QStringLiteral("Properties")}));
        // "Version" alone is ambiguous: the filter box says which.
        const auto edits = view.findChildren<QLineEdit *>();
        QVERIFY(std::any_of(edits.begin(), edits.end(), [](QLineEdit *e) { return e->placeholderText() == QLatin1String("App version"); }));
        QVERIFY(std::none_of(edits.begin(), edits.end(), [](QLineEdit *e) { return e->placeholderText() == QLatin1String("Version"); }));

        // The time column holds the whole time, milliseconds included.
        view.resize(1280, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QString time = view.model()->index(0, EventTableModel::TimeColumn).data().toString();
        QVERIFY(view.table()->columnWidth(EventTableModel::TimeColumn) > view.table()->fontMetrics().horizontalAdvance(time));
    }

    void projectColumnOnlyForAllProjects()
    {
        m_context->setProjectId(AllProjects);
        EventsView view(m_context.get());
        QTRY_COMPARE(view.model()->rowCount(), 3 * PerName);
        QVERIFY(!view.table()->isColumnHidden(EventTableModel::ProjectColumn));
        QTRY_COMPARE(view.model()->index(0, EventTableModel::ProjectColumn).data().toString(), defaultProjectName());
        m_context->setProjectId(1);
        QTRY_COMPARE(view.model()->rowCount(), 3 * PerName);
        QVERIFY(view.table()->isColumnHidden(EventTableModel::ProjectColumn));
        m_context->setProjectId(AllProjects);
        QVERIFY(!view.table()->isColumnHidden(EventTableModel::ProjectColumn));
    }

    void firstRowSelectedWithItsDetails()
    {
        EventsView view(m_context.get());
        view.show();
        QTRY_COMPARE(view.model()->rowCount(), 3 * PerName);
        QCOMPARE(view.table()->currentIndex().row(), 0);
        auto *detail = view.findChild<QPlainTextEdit *>();
        const QString text = detail->toPlainText();
        const QString name = view.model()->index(0, EventTableModel::EventColumn).data().toString();
        QVERIFY2(text.startsWith(QStringLiteral("Time ")), qPrintable(text));
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("\\nEvent +") + QRegularExpression::escape(name) + u'\n')), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("\nProperties   ")));
        QVERIFY(text.contains(QStringLiteral("Zürich")));
    }

    void filterBoxesSuggestStoredValues()
    {
        EventsView view(m_context.get());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QLineEdit *name = nullptr;
        const auto edits = view.findChildren<QLineEdit *>();
        for (QLineEdit *edit : edits) {
            if (edit->accessibleName() == QLatin1String("Event name"))
                name = edit;
        }
        QVERIFY(name && name->completer());
        name->setFocus();
        QTest::keyClicks(name, QStringLiteral("BE"));
        // Read from the rollups as the user pauses, shown in the completer's popup.
        QTRY_VERIFY(name->completer()->popup()->isVisible());
        QAbstractItemModel *shown = name->completer()->popup()->model();
        QTRY_COMPARE(shown->rowCount(), 1);
        QCOMPARE(shown->index(0, 0).data().toString(), QStringLiteral("beta.done"));
        // Taking it fills in the value and filters by it.
        name->completer()->popup()->setCurrentIndex(shown->index(0, 0));
        QTest::keyClick(name->completer()->popup(), Qt::Key_Return);
        QCOMPARE(name->text(), QStringLiteral("beta.done"));
        QTRY_COMPARE(view.model()->rowCount(), PerName);
    }

    void countrySuggestionsNameTheCountry()
    {
        AppContext::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("fake-countries"));
        AppContext context(options);
        auto fake = std::make_unique<test::FakeReader>();
        fake->suggestions[EventField::Country] = {QStringLiteral("DE"), QStringLiteral("DK"), QStringLiteral("US")};
        context.setReader(std::move(fake));
        EventsView view(&context);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QLineEdit *country = nullptr;
        const auto edits = view.findChildren<QLineEdit *>();
        for (QLineEdit *edit : edits) {
            if (edit->accessibleName() == QLatin1String("Country"))
                country = edit;
        }
        QVERIFY(country && country->completer());
        country->setFocus();
        QTest::keyClicks(country, QStringLiteral("d"));
        QTRY_VERIFY(country->completer()->popup()->isVisible());
        QAbstractItemModel *shown = country->completer()->popup()->model();
        QTRY_COMPARE(shown->rowCount(), 2);
        QCOMPARE(shown->index(0, 0).data().toString(), QStringLiteral("DE  Germany"));
        QCOMPARE(shown->index(1, 0).data().toString(), QStringLiteral("DK  Denmark"));
        country->completer()->popup()->setCurrentIndex(shown->index(1, 0));
        QTest::keyClick(country->completer()->popup(), Qt::Key_Return);
        QCOMPARE(country->text(), QStringLiteral("DK")); // the code, which the filter takes
    }

    void countsTheMatchingEvents()
    {
        EventsView view(m_context.get());
        view.show();
        QTRY_COMPARE(view.model()->rowCount(), 3 * PerName);
        // Project and time: exact, from the rollups.
        QTRY_VERIFY2(view.statusText().startsWith(QStringLiteral("%1 event").arg(3 * PerName)), qPrintable(view.statusText()));
        QVERIFY2(view.statusText().endsWith(QStringLiteral(" match · %1 shown").arg(3 * PerName)), qPrintable(view.statusText()));
        // A user and an OS: counted over the rows.
        view.filterBy(QStringLiteral("user"), QStringLiteral("user-1"));
        view.filterBy(QStringLiteral("os"), QStringLiteral("linux"));
        QTRY_VERIFY2(view.statusText().startsWith(QStringLiteral("6 event")), qPrintable(view.statusText()));
        QVERIFY2(view.statusText().endsWith(QStringLiteral(" match · 6 shown")), qPrintable(view.statusText()));
        const auto labels = view.findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [&view](QLabel *l) { return l->text() == view.statusText(); }));
    }

    void countLabelSaysWhatTheReaderCounted()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        const auto restoreLocale = qScopeGuard([] { QLocale::setDefault(QLocale::system()); });
        AppContext::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("fake"));
        AppContext context(options);
        auto fake = std::make_unique<test::FakeReader>();
        for (int i = 0; i < 200; ++i)
            fake->page.rows.append(EventRow{.id = 5000 - i, .projectId = 1, .timeMs = 1767225600000 - i, .name = QStringLiteral("x")});
        fake->page.next = fake->page.rows.last().cursor();
        fake->page.newestStoredId = 5000;
        fake->page.reachedRangeStart = true;
        fake->countTotal = 1234;
        test::FakeReader *reader = fake.get();
        context.setReader(std::move(fake));

        { // exact: one answer
            EventsView view(&context);
            QTRY_COMPARE(view.statusText(), QStringLiteral("1,234 event(s) match · 200 shown"));
        }
        { // budgeted: "at least" until the count completes
            reader->countStep = 500;
            reader->countAnswers = reader->callsOf("countEvents") + 2;
            EventsView view(&context);
            QTRY_COMPARE(view.statusText(), QStringLiteral("At least 1,000 event(s) match (counting…) · 200 shown"));
        }
        { // nothing counted yet: the rows show all the same
            reader->countAnswers = reader->callsOf("countEvents");
            EventsView view(&context);
            QTRY_COMPARE(view.statusText(), QStringLiteral("Counting… · 200 shown"));
        }
    }

    void filterBoxesShowInTheDarkPalette()
    {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QPalette dark = QApplication::style()->standardPalette(); // as the app's dark theme
        const QColor window(0x20, 0x22, 0x27), base(0x17, 0x19, 0x1d), text(0xe6, 0xe8, 0xeb);
        dark.setColor(QPalette::Window, window);
        dark.setColor(QPalette::Base, base);
        dark.setColor(QPalette::Text, text);
        dark.setColor(QPalette::WindowText, text);
        dark.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x90, 0x98));
        QApplication::setPalette(dark);
        const auto restore = qScopeGuard([] { QApplication::setPalette(QApplication::style()->standardPalette()); });

        EventsView view(m_context.get());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const auto edits = view.findChildren<QLineEdit *>();
        QVERIFY(edits.size() >= 6);
        const auto differs = [](const QColor &a, const QColor &b) { return std::abs(a.lightness() - b.lightness()) >= 30; };
        for (QLineEdit *edit : edits) {
            if (edit->placeholderText().isEmpty())
                continue;
            const QImage image = edit->grab().toImage();
            const int middle = image.height() / 2;
            const QColor frame = image.pixelColor(0, middle);
            const QColor inside = image.pixelColor(image.width() - 4, middle);
            QVERIFY2(differs(frame, inside) && differs(frame, window),
                     qPrintable(QStringLiteral("%1: frame %2 inside %3").arg(edit->accessibleName(), frame.name(), inside.name())));
            // The placeholder is drawn in a colour that stands out from the box.
            bool placeholderSeen = false;
            for (int x = 0; x < image.width() / 2 && !placeholderSeen; ++x)
                placeholderSeen = differs(image.pixelColor(x + 4, middle), inside) && x + 4 < image.width();
            QVERIFY2(placeholderSeen, qPrintable(edit->accessibleName()));
        }
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

        QSqlQuery q(sqliteReadConnection(m_context->databaseUrl()));
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
    // Last: it stores one more event.
    void liveTailKeepsTheChoiceAndAddsToTheCount()
    {
        EventsView view(m_context.get());
        view.model()->setLiveTailInterval(50);
        view.show();
        QTRY_COMPARE(view.model()->rowCount(), 3 * PerName);
        QTRY_VERIFY2(view.statusText().startsWith(QStringLiteral("%1 event").arg(3 * PerName)), qPrintable(view.statusText()));
        view.table()->selectRow(4);
        const qint64 chosen = view.table()->currentIndex().data(EventTableModel::EventIdRole).toLongLong();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(test::postToCollector(*m_context, "{\"schema\":\"jwc.v1\",\"batch\":[{\"anon\":\"late\",\"evt\":\"delta.done\",\"t\":"
                                                       + QByteArray::number(now) + "}]}"),
                 200);
        QTRY_COMPARE(view.model()->rowCount(), 3 * PerName + 1);
        // The user's choice stays on its event as a new one arrives above it; the count grows.
        QCOMPARE(view.table()->currentIndex().data(EventTableModel::EventIdRole).toLongLong(), chosen);
        QCOMPARE(view.table()->currentIndex().row(), 5);
        QTRY_VERIFY2(view.statusText().startsWith(QStringLiteral("%1 event").arg(3 * PerName + 1)), qPrintable(view.statusText()));
        QVERIFY2(view.statusText().endsWith(QStringLiteral(" · %1 shown").arg(3 * PerName + 1)), qPrintable(view.statusText()));
    }
};

QTEST_MAIN(TestEventsView)
#include "tst_eventsview.moc"
