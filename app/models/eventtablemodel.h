#pragma once

#include "core/result.h"
#include "query/readtypes.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QHash>
#include <QList>
#include <QTimeZone>
#include <QTimer>

namespace tdesk {

class Reader;

// The Events view's model: every stored event matching a filter, newest first, read a page at a
// time as the view scrolls (canFetchMore/fetchMore), never all at once. Pages are read through the
// Reader, off the GUI thread; the GUI thread never waits for the database. A filter that
// matches little fills in over several budgeted pages: fetchingChanged() and scannedBackTo() say
// how far the search has come.
//
// Live tail: on a timer, events stored since the first page are read and inserted where they
// belong, normally at the top. Rows are inserted with beginInsertRows, so selections and persistent
// indexes stay on their events; a view that is not at its top should keep its position by moving
// its scroll bar by the rows inserted above its first visible row (rowsInserted tells where).
class EventTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        ProjectColumn, // for all projects; a view shows it only then
        EventColumn,
        UserColumn,
        SessionColumn,
        OsColumn,
        AppVersionColumn,
        HostVersionColumn,
        CountryColumn,
        CityColumn,
        PropertiesColumn,
        ColumnCount
    };
    enum Role {
        JsonRole = Qt::UserRole + 1, // QString: the whole event as indented JSON
        DetailRole,                  // QString: every field with its label, then the JSON: the detail pane
        EventRowRole,                // tdesk::EventRow
        EventIdRole,                 // qint64: the storage row id
    };

    // Reads through reader, which must outlive the model. Nothing is read until setFilter() or fetchMore().
    explicit EventTableModel(Reader *reader, QObject *parent = nullptr);
    ~EventTableModel() override;

    // Starts over with this filter: the rows go, the first page is requested. Callers debounce
    // typing (text filter) before calling this.
    void setFilter(const EventFilter &filter);
    EventFilter filter() const { return m_filter; }

    // Event times are shown in this zone (default: the system's), named in the Time header.
    void setTimeZone(const QTimeZone &zone);
    QTimeZone timeZone() const { return m_zone; }
    // The names the Project column shows, by project id (Reader::projects()).
    void setProjectNames(const QHash<qint64, QString> &names);

    void setLiveTail(bool enabled);
    bool liveTail() const { return m_tailTimer.isActive(); }
    void setLiveTailInterval(int milliseconds) { m_tailTimer.setInterval(milliseconds); }

    // Rows a page asks for (default 500) and how long one page may search (default 8 ms).
    void setPageSize(int rows) { m_pageSize = std::max(rows, 1); }
    void setScanBudget(const ScanBudget &budget) { m_budget = budget; }
    // The live tail drops the oldest loaded rows beyond this many (they are read again on scrolling
    // down), so a tail left running all day does not hold every event in memory. Default 200,000.
    void setMaximumRows(int rows) { m_maximumRows = std::max(rows, m_pageSize); }

    bool isFetching() const { return m_pageInFlight; }
    // Every matching row down to the start of the range is loaded.
    bool reachedEnd() const { return m_reachedEnd; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // The whole event as indented JSON, keys in a fixed order, properties as stored.
    static QString eventJson(const EventRow &row);
    // A properties object as one line, "key: value · key: value": strings without their quotes,
    // numbers and nested values as stored. Text that is not a JSON object comes back as it is.
    static QString propertiesText(const QString &json);
    // How a zone is named at a moment: its abbreviation ("CET", "UTC") where it has one made of
    // letters, else its offset ("UTC+05:30").
    static QString zoneName(const QTimeZone &zone, qint64 atMs);

Q_SIGNALS:
    void fetchingChanged(bool fetching);
    // The first page of a filter is in: rows stored up to newestStoredId are the pages' to show,
    // later ones the live tail's (see Reader::countEvents).
    void firstPageArrived(qint64 newestStoredId);
    // The live tail read this many new events of the filter (shown or, below the loaded rows, not yet).
    void eventsArrived(qint64 count);
    // After each page: the event time the newest-first search has reached.
    void scannedBackTo(qint64 timeMs);
    void errorOccurred(const QString &message);

private:
    void requestPage();
    void startPage();
    void applyPage(quint64 token, const Result<EventPage> &page);
    void requestTail();
    void applyTail(quint64 token, const Result<EventTail> &tail);
    void insertArrivals(QList<EventRow> arrivals);
    void dropRowsBeyondMaximum();
    void updateFetching();
    QString timeText(qint64 ms) const;
    QString cellTimeText(qint64 ms) const;
    QString detailText(const EventRow &row) const;

    Reader *m_reader;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    QHash<qint64, QString> m_projectNames;
    EventFilter m_filter;
    QList<EventRow> m_rows;      // newest first, as (time, id) descending
    EventCursor m_cursor;        // rows above it have been searched
    bool m_reachedEnd = false;
    bool m_failed = false;       // stop asking until the filter is set again
    int m_pageSize = 500;
    int m_maximumRows = 200000;
    ScanBudget m_budget;
    qint64 m_wantedRows = 0;     // rows the view asked for and has not got yet

    // A result is applied only if its token is still current: setFilter() makes older ones stale.
    quint64 m_pageToken = 0;
    bool m_pageInFlight = false;
    bool m_fetchingReported = false; // what fetchingChanged() last said
    quint64 m_tailToken = 0;
    bool m_tailInFlight = false;
    qint64 m_tailAfterId = -1;   // -1 until the first page says where the tail starts

    QTimer m_tailTimer;
    QFutureWatcher<Result<EventPage>> m_page;
    QFutureWatcher<Result<EventTail>> m_tail;
    quint64 m_pageAsked = 0;     // the token of the page m_page watches
    quint64 m_tailAsked = 0;
    bool m_pageWaiting = false;  // asked for while a tail step ran: started when it is in
};

} // namespace tdesk
