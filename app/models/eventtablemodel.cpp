#include "models/eventtablemodel.h"

#include "core/json.h"
#include "query/reader.h"
#include "widgets/countrynames.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>
#include <charconv>

namespace tdesk {
namespace {

// Rows one live-tail step asks for; a burst is read in several steps, one right after the other.
constexpr int TailRows = 2000;
constexpr int DefaultTailIntervalMs = 1000;
// Long property texts are cut in the table (a view would lay out all of it for one elided line).
constexpr qsizetype MaxCellChars = 1000;
constexpr qsizetype MaxTooltipChars = 4000;
constexpr qsizetype ShortHashChars = 8;

constexpr qsizetype ShortSessionChars = 8;
const QString TimeFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz");

QString utcTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(TimeFormat) + QStringLiteral(" UTC");
}

QString isoUtc(qint64 ms) // "…T…Z", as the CSV export writes it
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString orUnknown(const QString &value)
{
    return value.isEmpty() ? EventTableModel::tr("unknown") : value;
}

QString cut(const QString &text, qsizetype maxChars)
{
    return text.size() > maxChars ? text.left(maxChars) + u'…' : text;
}

// One line of a table cell: line breaks and tabs as spaces.
QString oneLine(QString text)
{
    for (QChar &c : text) {
        if (c == u'\n' || c == u'\r' || c == u'\t')
            c = u' ';
    }
    return text;
}

// A JSON string token ("…", quotes included) as the text it stands for.
QString unquote(QStringView token)
{
    QString out;
    out.reserve(token.size());
    const qsizetype end = token.size() - 1;
    for (qsizetype i = 1; i < end; ++i) {
        if (token[i] != u'\\') {
            out += token[i];
            continue;
        }
        if (++i >= end)
            break;
        switch (token[i].unicode()) {
        case u'n': out += u'\n'; break;
        case u'r': out += u'\r'; break;
        case u't': out += u'\t'; break;
        case u'b': out += u'\b'; break;
        case u'f': out += u'\f'; break;
        case u'u': {
            bool ok = false;
            const ushort unit = token.mid(i + 1, 4).toUShort(&ok, 16);
            if (ok && i + 4 < end) {
                out += QChar(unit); // surrogate pairs come as two escapes, in order
                i += 4;
            }
            break;
        }
        default: out += token[i]; // " \ /
        }
    }
    return out;
}

// Where the JSON value starting at `i` ends: the index after it.
qsizetype valueEnd(QStringView json, qsizetype i)
{
    int depth = 0;
    bool inString = false;
    for (; i < json.size(); ++i) {
        const QChar c = json[i];
        if (inString) {
            if (c == u'\\')
                ++i;
            else if (c == u'"')
                inString = false;
            if (!inString && depth == 0)
                return i + 1;
            continue;
        }
        if (c == u'"')
            inString = true;
        else if (c == u'{' || c == u'[')
            ++depth;
        else if (c == u'}' || c == u']') {
            if (depth == 0)
                return i; // the enclosing object's end
            if (--depth == 0)
                return i + 1;
        } else if (c == u',' && depth == 0)
            return i;
    }
    return i;
}

// Indents compact JSON text without parsing it into QJsonValue, so keys keep their order and
// numbers their spelling (64-bit integers stay exact).
QString indentJson(QStringView json)
{
    QString out;
    out.reserve(json.size() * 2);
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    const auto newline = [&out, &depth] {
        out += u'\n';
        out += QString(depth * 2, u' ');
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const QChar c = json[i];
        if (inString) {
            out += c;
            if (escaped)
                escaped = false;
            else if (c == u'\\')
                escaped = true;
            else if (c == u'"')
                inString = false;
            continue;
        }
        switch (c.unicode()) {
        case u'"':
            inString = true;
            out += c;
            break;
        case u'{':
        case u'[': {
            out += c;
            const QChar close = c == u'{' ? u'}' : u']';
            if (i + 1 < json.size() && json[i + 1] == close) { // {} and [] stay on one line
                out += close;
                ++i;
                break;
            }
            ++depth;
            newline();
            break;
        }
        case u'}':
        case u']':
            --depth;
            newline();
            out += c;
            break;
        case u',':
            out += c;
            newline();
            break;
        case u':':
            out += QStringLiteral(": ");
            break;
        case u' ':
        case u'\t':
        case u'\n':
        case u'\r':
            break;
        default:
            out += c;
        }
    }
    return out;
}

void appendKey(QByteArray &out, const char *key)
{
    if (out.size() > 1)
        out += ',';
    appendJsonString(out, key);
    out += ':';
}

void appendTextMember(QByteArray &out, const char *key, const QString &value)
{
    appendKey(out, key);
    if (value.isEmpty())
        out += "null";
    else
        appendJsonString(out, value.toUtf8());
}

void appendNumberMember(QByteArray &out, const char *key, double value)
{
    appendKey(out, key);
    if (std::isnan(value)) {
        out += "null";
        return;
    }
    char text[32];
    const auto written = std::to_chars(text, text + sizeof text, value);
    out.append(text, qsizetype(written.ptr - text));
}

} // namespace

EventTableModel::EventTableModel(Reader *reader, QObject *parent)
    : QAbstractTableModel(parent)
    , m_reader(reader)
{
    m_tailTimer.setInterval(DefaultTailIntervalMs);
    connect(&m_tailTimer, &QTimer::timeout, this, &EventTableModel::requestTail);
    // isFinished(): a finish of a future the watcher has since been given a newer one for is not it.
    connect(&m_page, &QFutureWatcherBase::finished, this, [this] {
        if (m_page.isFinished())
            applyPage(m_pageAsked, m_page.result());
    });
    connect(&m_tail, &QFutureWatcherBase::finished, this, [this] {
        if (!m_tail.isFinished())
            return;
        applyTail(m_tailAsked, m_tail.result());
        if (m_pageWaiting && m_pageInFlight)
            startPage();
    });
}

EventTableModel::~EventTableModel() = default; // answers still on their way go nowhere

void EventTableModel::setFilter(const EventFilter &filter)
{
    beginResetModel();
    m_filter = filter;
    m_rows.clear();
    m_cursor = EventCursor();
    m_reachedEnd = false;
    m_failed = false;
    ++m_pageToken; // whatever is on its way belongs to the old filter
    m_pageInFlight = false;
    ++m_tailToken;
    m_tailInFlight = false;
    m_tailAfterId = -1;
    endResetModel();
    m_wantedRows = m_pageSize;
    requestPage();
    updateFetching();
}

void EventTableModel::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone.isValid() ? zone : QTimeZone::utc();
    emit headerDataChanged(Qt::Horizontal, TimeColumn, TimeColumn);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn));
}

void EventTableModel::setProjectNames(const QHash<qint64, QString> &names)
{
    m_projectNames = names;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, ProjectColumn), index(rowCount() - 1, ProjectColumn));
}

QString EventTableModel::timeText(qint64 ms) const
{
    return QDateTime::fromMSecsSinceEpoch(ms, m_zone).toString(TimeFormat);
}

QString EventTableModel::cellTimeText(qint64 ms) const
{
    // Today's events without the date: the column keeps its width for what changes, and leaves
    // room to the properties. The tooltip and the detail pane give the whole time.
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms, m_zone);
    if (at.date() == QDateTime::currentDateTime().toTimeZone(m_zone).date())
        return at.toString(QStringLiteral("HH:mm:ss.zzz"));
    return at.toString(TimeFormat);
}

QString EventTableModel::zoneName(const QTimeZone &zone, qint64 atMs)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(atMs, zone);
    const QString abbreviation = zone.abbreviation(at);
    if (!abbreviation.isEmpty() && std::all_of(abbreviation.begin(), abbreviation.end(), [](QChar c) { return c.isLetter(); }))
        return abbreviation;
    const int offset = zone.offsetFromUtc(at);
    return QStringLiteral("UTC%1%2:%3")
        .arg(QChar(offset < 0 ? u'-' : u'+'))
        .arg(std::abs(offset) / 3600, 2, 10, QLatin1Char('0'))
        .arg(std::abs(offset) % 3600 / 60, 2, 10, QLatin1Char('0'));
}

QString EventTableModel::propertiesText(const QString &json)
{
    const QStringView text = QStringView(json).trimmed();
    if (!text.startsWith(u'{') || !text.endsWith(u'}'))
        return json;
    QStringList members;
    qsizetype i = 1;
    const auto skipSpace = [&] {
        while (i < text.size() && text[i].isSpace())
            ++i;
    };
    while (true) {
        skipSpace();
        if (i >= text.size() - 1)
            break;
        if (text[i] != u'"')
            return json; // not the JSON we store
        const qsizetype keyEnd = valueEnd(text, i);
        const QString key = unquote(text.sliced(i, keyEnd - i));
        i = keyEnd;
        skipSpace();
        if (i >= text.size() || text[i] != u':')
            return json;
        ++i;
        skipSpace();
        const qsizetype end = std::min(valueEnd(text, i), text.size() - 1);
        const QStringView value = text.sliced(i, end - i).trimmed();
        members.append(key + QStringLiteral(": ") + (value.startsWith(u'"') ? unquote(value) : value.toString()));
        i = end;
        skipSpace();
        if (i < text.size() && text[i] == u',')
            ++i;
    }
    return members.join(QStringLiteral(" · "));
}

QString EventTableModel::detailText(const EventRow &row) const
{
    const auto orNone = [](const QString &value) { return value.isEmpty() ? tr("none") : value; };
    const auto zoned = [this](qint64 ms) -> QString { return timeText(ms) + u' ' + zoneName(m_zone, ms); };
    QString place = row.country.isEmpty() ? tr("unknown") : QStringLiteral("%1 (%2)").arg(countryName(row.country), row.country);
    const QList<std::pair<QString, QString>> fields{
        {tr("Time"), zoned(row.timeMs)},
        {tr("Time in UTC"), utcTime(row.timeMs)},
        {tr("Received"), zoned(row.receivedMs)},
        {tr("Project"), m_projectNames.value(row.projectId, QString::number(row.projectId))},
        {tr("Event"), row.name},
        {tr("Event id"), orNone(row.eventId)},
        {tr("User"), row.userHash},
        {tr("Session"), orNone(row.sessionId)},
        {tr("OS"), orUnknown(row.os)},
        {tr("App version"), orUnknown(row.appVersion)},
        {tr("Host version"), orUnknown(row.hostVersion)},
        {tr("Country"), place},
        {tr("Region"), orUnknown(row.region)},
        {tr("City"), orUnknown(row.city)},
        {tr("Location"), row.hasLocation() ? QStringLiteral("%1, %2").arg(row.latitude).arg(row.longitude) : tr("unknown")},
        {tr("Properties"), row.props.isEmpty() ? tr("none") : oneLine(propertiesText(row.props))},
    };
    qsizetype width = 0;
    for (const auto &[label, value] : fields)
        width = std::max(width, label.size());
    QString text;
    for (const auto &[label, value] : fields)
        text += label.leftJustified(width + 2) + value + u'\n';
    return text + u'\n' + eventJson(row);
}

void EventTableModel::setLiveTail(bool enabled)
{
    if (enabled == m_tailTimer.isActive())
        return;
    if (enabled) {
        m_tailTimer.start();
        requestTail();
    } else {
        m_tailTimer.stop();
        ++m_tailToken;
        m_tailInFlight = false;
    }
}

int EventTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case TimeColumn: return cellTimeText(row.timeMs);
        case ProjectColumn: return m_projectNames.value(row.projectId, QString::number(row.projectId));
        case EventColumn: return row.name;
        case UserColumn: return row.userHash.left(ShortHashChars);
        case SessionColumn: return row.sessionId.left(ShortSessionChars);
        case OsColumn: return orUnknown(row.os);
        case AppVersionColumn: return orUnknown(row.appVersion);
        case HostVersionColumn: return orUnknown(row.hostVersion);
        case CountryColumn: return orUnknown(row.country);
        case CityColumn: return orUnknown(row.city);
        case PropertiesColumn: return oneLine(cut(propertiesText(row.props), MaxCellChars));
        case ColumnCount: break;
        }
        return {};
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return QString(timeText(row.timeMs) + u'\n' + utcTime(row.timeMs) + u'\n'
                           + tr("Received %1").arg(timeText(row.receivedMs) + u' ' + zoneName(m_zone, row.receivedMs)));
        case UserColumn: return row.userHash;
        case SessionColumn: return row.sessionId;
        case CountryColumn: {
            if (row.country.isEmpty())
                return {};
            QStringList place{countryName(row.country)};
            if (!row.region.isEmpty())
                place.append(row.region);
            if (!row.city.isEmpty())
                place.append(row.city);
            return place.join(QStringLiteral(", "));
        }
        case PropertiesColumn: return row.props.isEmpty() ? QVariant() : QVariant(cut(indentJson(row.props), MaxTooltipChars));
        default: return data(index, Qt::DisplayRole);
        }
    case JsonRole: return eventJson(row);
    case DetailRole: return detailText(row);
    case EventRowRole: return QVariant::fromValue(row);
    case EventIdRole: return row.id;
    default: return {};
    }
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::ToolTipRole && section == TimeColumn)
        return tr("Event time in %1 (this computer's time zone); hover a cell for UTC and when it was received")
            .arg(m_zone.displayName(QDateTime::currentDateTime().toTimeZone(m_zone)));
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn: return tr("Time (%1)").arg(zoneName(m_zone, QDateTime::currentMSecsSinceEpoch()));
    case ProjectColumn: return tr("Project");
    case EventColumn: return tr("Event");
    case UserColumn: return tr("User");
    case SessionColumn: return tr("Session");
    case OsColumn: return tr("OS");
    case AppVersionColumn: return tr("App version");
    case HostVersionColumn: return tr("Host version");
    case CountryColumn: return tr("Country");
    case CityColumn: return tr("City");
    case PropertiesColumn: return tr("Properties");
    case ColumnCount: break;
    }
    return {};
}

bool EventTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_reachedEnd && !m_failed;
}

void EventTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_wantedRows = std::max<qint64>(m_wantedRows, m_pageSize);
    requestPage();
}

void EventTableModel::requestPage()
{
    if (m_pageInFlight || m_reachedEnd || m_failed)
        return;
    m_pageInFlight = true;
    updateFetching();
    startPage();
}

void EventTableModel::startPage()
{
    // A page and a tail step never run at once: a tail step read after a page must not be applied
    // before it (see insertArrivals).
    m_pageWaiting = m_tail.isRunning();
    if (m_pageWaiting)
        return; // started when the tail step is in
    // The watcher delivers through the event loop, never inside fetchMore(), perhaps inside a
    // view's handling of rowsInserted.
    m_pageAsked = m_pageToken;
    m_page.setFuture(m_reader->eventPage(m_filter, m_cursor, m_pageSize, m_budget));
}

void EventTableModel::updateFetching()
{
    if (m_pageInFlight == m_fetchingReported)
        return;
    m_fetchingReported = m_pageInFlight;
    emit fetchingChanged(m_pageInFlight);
}

void EventTableModel::applyPage(quint64 token, const Result<EventPage> &page)
{
    if (token != m_pageToken || !m_pageInFlight)
        return; // stale: the filter changed or the rows were cut since it was asked for
    m_pageInFlight = false;
    if (!page) {
        m_failed = true;
        m_wantedRows = 0;
        updateFetching();
        emit errorOccurred(page.error());
        return;
    }
    const bool first = m_tailAfterId < 0;
    if (first)
        m_tailAfterId = page->newestStoredId;
    // State first: a view may call fetchMore() while the rows go in.
    m_cursor = page->next;
    m_reachedEnd = page->reachedRangeStart;
    m_wantedRows -= page->rows.size();
    if (!page->rows.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(page->rows.size()) - 1);
        m_rows.append(page->rows);
        endInsertRows();
    }
    if (first)
        emit firstPageArrived(page->newestStoredId);
    emit scannedBackTo(m_cursor.timeMs);
    if (m_wantedRows > 0 && !m_reachedEnd)
        requestPage(); // a rare filter: keep searching until the view has its page
    else
        m_wantedRows = 0;
    updateFetching();
}

void EventTableModel::requestTail()
{
    if (m_tailInFlight || m_tailAfterId < 0 || m_failed)
        return;
    if (m_page.isRunning() || m_pageWaiting)
        return; // the page first; the next tick asks again
    m_tailInFlight = true;
    m_tailAsked = m_tailToken;
    m_tail.setFuture(m_reader->eventsStoredAfter(m_filter, m_tailAfterId, TailRows, m_budget));
}

void EventTableModel::applyTail(quint64 token, const Result<EventTail> &tail)
{
    if (token != m_tailToken || !m_tailInFlight)
        return;
    m_tailInFlight = false;
    if (!tail) {
        m_tailTimer.stop(); // rather than the same error every second
        emit errorOccurred(tail.error());
        return;
    }
    m_tailAfterId = tail->lastId;
    if (!tail->rows.isEmpty())
        emit eventsArrived(tail->rows.size());
    insertArrivals(tail->rows);
    dropRowsBeyondMaximum();
    if (!tail->caughtUp && m_tailTimer.isActive())
        requestTail();
}

void EventTableModel::insertArrivals(QList<EventRow> arrivals)
{
    const auto newerThan = [](const EventCursor &key) {
        return [&key](const EventRow &row) { return row.cursor() > key; };
    };
    // Keep what belongs above where the search has come (a later page brings the rest) and is not
    // shown yet (stored while the first page was read).
    arrivals.removeIf([&](const EventRow &a) {
        const EventCursor key = a.cursor();
        if (key <= m_cursor)
            return true;
        const auto at = std::partition_point(m_rows.cbegin(), m_rows.cend(), newerThan(key));
        return at != m_rows.cend() && at->cursor() == key;
    });
    if (arrivals.isEmpty())
        return;
    std::sort(arrivals.begin(), arrivals.end(), [](const EventRow &a, const EventRow &b) { return a.cursor() > b.cursor(); });

    // Arrivals interleave with the shown rows newer than the oldest of them (events are sent late,
    // batches span seconds). One insertion at the top and one reordering of that region, rather
    // than one insertion per gap: at thousands of events a second the gaps are many.
    const EventCursor oldest = arrivals.constLast().cursor();
    const qsizetype region = std::partition_point(m_rows.cbegin(), m_rows.cend(), newerThan(oldest)) - m_rows.cbegin();
    const qsizetype n = arrivals.size();
    beginInsertRows({}, 0, int(n) - 1);
    m_rows.insert(0, n, EventRow());
    std::move(arrivals.begin(), arrivals.end(), m_rows.begin());
    endInsertRows();
    if (region == 0)
        return; // all newer than every row shown: in place already

    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    // Rows [0, n) and [n, n + region) are each newest first: merge them, remembering where each went.
    std::vector<qsizetype> newRowOf(size_t(n + region));
    QList<EventRow> merged;
    merged.reserve(n + region);
    for (qsizetype i = 0, j = n; i < n || j < n + region;) {
        const bool takeArrival = j == n + region || (i < n && m_rows.at(i).cursor() > m_rows.at(j).cursor());
        const qsizetype from = takeArrival ? i++ : j++;
        newRowOf[size_t(from)] = merged.size();
        merged.append(std::move(m_rows[from]));
    }
    std::move(merged.begin(), merged.end(), m_rows.begin());
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &index : before) {
        const int row = index.row() < n + region ? int(newRowOf[size_t(index.row())]) : index.row();
        after.append(createIndex(row, index.column()));
    }
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void EventTableModel::dropRowsBeyondMaximum()
{
    if (m_rows.size() <= m_maximumRows)
        return;
    // The search continues below the last row kept; a page on its way would leave a gap.
    m_cursor = m_rows.at(m_maximumRows - 1).cursor();
    m_reachedEnd = false;
    const bool wasFetching = m_pageInFlight;
    ++m_pageToken;
    m_pageInFlight = false;
    beginRemoveRows({}, m_maximumRows, int(m_rows.size()) - 1);
    m_rows.resize(m_maximumRows);
    endRemoveRows();
    if (wasFetching)
        requestPage();
    updateFetching();
}

QString EventTableModel::eventJson(const EventRow &row)
{
    QByteArray json = "{";
    appendKey(json, "id");
    json += QByteArray::number(row.id);
    appendKey(json, "project");
    json += QByteArray::number(row.projectId);
    appendTextMember(json, "time", isoUtc(row.timeMs));
    appendKey(json, "timeMs");
    json += QByteArray::number(row.timeMs);
    appendTextMember(json, "received", isoUtc(row.receivedMs));
    appendTextMember(json, "event", row.name);
    appendTextMember(json, "eventId", row.eventId);
    appendTextMember(json, "user", row.userHash);
    appendTextMember(json, "session", row.sessionId);
    appendTextMember(json, "os", row.os);
    appendTextMember(json, "appVersion", row.appVersion);
    appendTextMember(json, "hostVersion", row.hostVersion);
    appendTextMember(json, "country", row.country);
    appendTextMember(json, "region", row.region);
    appendTextMember(json, "city", row.city);
    appendNumberMember(json, "latitude", row.latitude);
    appendNumberMember(json, "longitude", row.longitude);
    appendKey(json, "properties");
    const QByteArray props = row.props.toUtf8();
    QJsonParseError error;
    if (props.isEmpty())
        json += "null";
    else if (QJsonDocument::fromJson(props, &error); error.error == QJsonParseError::NoError)
        json += props;
    else
        appendJsonString(json, props); // not JSON after all: shown as the text it is
    json += '}';
    return indentJson(QString::fromUtf8(json));
}

} // namespace tdesk
