#pragma once

#include "core/result.h"
#include "query/readtypes.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QList>
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
        JsonRole = Qt::UserRole + 1, // QString: the whole event as indented JSON, for the detail pane
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

Q_SIGNALS:
    void fetchingChanged(bool fetching);
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

    Reader *m_reader;
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
