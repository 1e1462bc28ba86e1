#include "views/overviewview.h"

#include "appcontext.h"
#include "core/timeunits.h"
#include "widgets/charts.h"
#include "widgets/countrynames.h"
#include "widgets/icons.h"

#include <QContextMenuEvent>
#include <QDateTime>
#include <QGridLayout>
#include <QLocale>
#include <QMenu>
#include <QScrollArea>

namespace tdesk {
namespace {

// Right-click on a chart offers its export.
void offerExport(QWidget *chart, const QString &baseName, std::function<QByteArray()> csv)
{
    chart->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(chart, &QWidget::customContextMenuRequested, chart, [chart, baseName, csv](const QPoint &at) {
        QMenu menu;
        menu.addAction(OverviewView::tr("Export data or picture…"), chart, [chart, baseName, csv] {
            exportChart(chart->window(), chart, baseName, csv());
        });
        menu.exec(chart->mapToGlobal(at));
    });
}

// How the selected range and the one before it are named on screen.
struct PeriodNames
{
    QString current;  // "Last 24 hours": the range chart's legend
    QString previous; // "Previous 24 hours"
    QString versus;   // "vs previous 24 hours": after a tile's change
    QString none;     // "No events in the last 24 hours": an empty card
};

PeriodNames periodNames(RangePreset preset)
{
    switch (preset) {
    case RangePreset::Last15Minutes:
        return {OverviewView::tr("Last 15 minutes"), OverviewView::tr("Previous 15 minutes"),
                OverviewView::tr("vs previous 15 minutes"), OverviewView::tr("No events in the last 15 minutes")};
    case RangePreset::LastHour:
        return {OverviewView::tr("Last hour"), OverviewView::tr("Previous hour"), OverviewView::tr("vs previous hour"),
                OverviewView::tr("No events in the last hour")};
    case RangePreset::Last24Hours:
        return {OverviewView::tr("Last 24 hours"), OverviewView::tr("Previous 24 hours"),
                OverviewView::tr("vs previous 24 hours"), OverviewView::tr("No events in the last 24 hours")};
    case RangePreset::Last7Days:
        return {OverviewView::tr("Last 7 days"), OverviewView::tr("Previous 7 days"), OverviewView::tr("vs previous 7 days"),
                OverviewView::tr("No events in the last 7 days")};
    case RangePreset::Last30Days:
        return {OverviewView::tr("Last 30 days"), OverviewView::tr("Previous 30 days"),
                OverviewView::tr("vs previous 30 days"), OverviewView::tr("No events in the last 30 days")};
    case RangePreset::Custom:
        break;
    }
    return {OverviewView::tr("Selected period"), OverviewView::tr("Previous period"), OverviewView::tr("vs previous period"),
            OverviewView::tr("No events in the selected period")};
}

// "▲ 20 % vs previous 24 hours": the arrow says which way, in the text's colour (more or fewer
// events is not good or bad in itself).
QString changeText(double current, double previous, const QString &versus)
{
    if (current == previous)
        return OverviewView::tr("no change %1").arg(versus);
    if (previous == 0)
        return OverviewView::tr("new (none in the previous period)");
    const double percent = 100.0 * (current - previous) / previous;
    const QString arrow = percent > 0 ? QStringLiteral("▲") : QStringLiteral("▼");
    const qint64 rounded = qRound64(std::abs(percent));
    const QString amount = rounded == 0 ? OverviewView::tr("<1 %") : OverviewView::tr("%1 %").arg(QLocale().toString(rounded));
    return QStringLiteral("%1 %2 %3").arg(arrow, amount, versus);
}

// "Events per 10 minutes": a bucket of one unit reads "per hour", of more "per 6 hours".
QString bucketTitle(qint64 bucketMs)
{
    if (bucketMs >= DayMs)
        return bucketMs == DayMs ? OverviewView::tr("Events per day") : OverviewView::tr("Events per %L1 days").arg(bucketMs / DayMs);
    if (bucketMs >= HourMs)
        return bucketMs == HourMs ? OverviewView::tr("Events per hour") : OverviewView::tr("Events per %L1 hours").arg(bucketMs / HourMs);
    return bucketMs <= MinuteMs ? OverviewView::tr("Events per minute") : OverviewView::tr("Events per %L1 minutes").arg(bucketMs / MinuteMs);
}

QString timeText(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QStringLiteral("ddd d MMM HH:mm"));
}

QString rangeText(const TimeRange &range)
{
    return QStringLiteral("%1 – %2").arg(timeText(range.fromMs), timeText(range.toMs));
}

} // namespace

OverviewView::OverviewView(AppContext *context, QWidget *parent)
    : View(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("overview")); // stable and untranslated, for file names
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *page = new QWidget(scroll);
    // One grid of four equal columns for every card: a tile per column, charts and the top events
    // over two, the other lists over one or two; equal gutters.
    auto *grid = new QGridLayout(page);
    grid->setSpacing(12);
    grid->setContentsMargins(12, 12, 12, 12);

    m_events = new KpiTile(tr("Events"), page);
    m_users = new KpiTile(tr("Users"), page);
    m_eventsPerUser = new KpiTile(tr("Events per user"), page);
    m_countryCount = new KpiTile(tr("Countries"), page);
    grid->addWidget(m_events, 0, 0);
    grid->addWidget(m_users, 0, 1);
    grid->addWidget(m_eventsPerUser, 0, 2);
    grid->addWidget(m_countryCount, 0, 3);

    m_live = new TimeSeriesChart(page);
    m_live->setObjectName(QStringLiteral("live"));
    m_live->setTitle(tr("Live: events per minute, last hour"));
    m_live->setValueAxisTitle(tr("Events per minute"));
    m_series = new TimeSeriesChart(page);
    m_series->setObjectName(QStringLiteral("range"));
    m_series->setTitle(tr("Events over time"));
    grid->addWidget(m_live, 1, 0, 1, 2);
    grid->addWidget(m_series, 1, 2, 1, 2);
    offerExport(m_live, QStringLiteral("events-per-minute"), [this] { return m_live->toCsv(); });
    offerExport(m_series, QStringLiteral("events-over-range"), [this] { return m_series->toCsv(); });

    m_topEvents = addBreakdown(tr("Top events"), QStringLiteral("name"), QStringLiteral("top-events"));
    m_os = addBreakdown(tr("Operating systems"), QStringLiteral("os"), QStringLiteral("operating-systems"));
    m_appVersions = addBreakdown(tr("App versions"), QStringLiteral("version"), QStringLiteral("app-versions"));
    m_hostVersions = addBreakdown(tr("Host versions"), QString(), QStringLiteral("host-versions"));
    m_countries = addBreakdown(tr("Countries"), QStringLiteral("country"), QStringLiteral("countries"));
    // The longest lists side by side, the short ones (few OS, few versions) in the row below.
    grid->addWidget(m_topEvents, 2, 0, 1, 2);
    grid->addWidget(m_countries, 2, 2, 1, 2);
    grid->addWidget(m_os, 3, 0);
    grid->addWidget(m_appVersions, 3, 1);
    grid->addWidget(m_hostVersions, 3, 2, 1, 2);
    grid->setRowStretch(1, 1); // the charts take what room is left
    for (int column = 0; column < 4; ++column)
        grid->setColumnStretch(column, 1);
    scroll->setWidget(page);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    connect(&m_overview, &QFutureWatcherBase::finished, this, &OverviewView::showOverview);
    connect(&m_liveQuery, &QFutureWatcherBase::finished, this, &OverviewView::showLive);
    // A hidden view catches up when it is shown: its queries would only slow the one in sight.
    const auto refreshIfShown = [this] {
        if (isVisible())
            refresh();
    };
    connect(context, &AppContext::selectionChanged, this, refreshIfShown);
    connect(context, &AppContext::storeChanged, this, refreshIfShown);
    connect(context, &AppContext::tick, this, &OverviewView::onTick);
}

OverviewView::~OverviewView()
{
    m_overview.waitForFinished();
    m_liveQuery.waitForFinished();
}

QIcon OverviewView::icon() const
{
    return themedIcon(QStringLiteral("overview"), palette());
}

BreakdownList *OverviewView::addBreakdown(const QString &title, const QString &field, const QString &fileName)
{
    auto *list = new BreakdownList(title, this);
    if (!field.isEmpty()) { // the Events view has no filter for host versions
        list->setActivationHint(tr("Click to see its events"));
        connect(list, &BreakdownList::itemActivated, this, [this, list, field](int row) {
            const QList<ValueCount> &values = m_shownValues[list];
            // Not the "other" row, nor "unknown": the Events view filters by a value, not by its absence.
            if (row < values.size() && !values[row].value.isEmpty())
                Q_EMIT filterRequested(field, values[row].value);
        });
    }
    offerExport(list, fileName, [list] { return list->toCsv(); });
    return list;
}

void OverviewView::showBreakdown(BreakdownList *list, const Breakdown &breakdown,
                                 const std::function<QString(const QString &)> &label,
                                 const std::function<QString(const QString &)> &detail)
{
    QList<QPair<QString, qint64>> items;
    QStringList toolTips;
    for (const ValueCount &v : breakdown.top) {
        items.append({label ? label(v.value) : v.value.isEmpty() ? tr("unknown") : v.value, v.events});
        toolTips.append(detail && !v.value.isEmpty() ? detail(v.value) : QString());
    }
    if (breakdown.other > 0) {
        items.append({tr("other"), breakdown.other});
        toolTips.append(tr("Every value not listed above"));
    }
    m_shownValues[list] = breakdown.top;
    list->setEmptyText(periodNames(m_context->rangePreset()).none);
    // Shares of all events in the range, so that every list adds up the same way.
    list->setItems(items, m_data.totals.events, toolTips);
}

void OverviewView::showEvent(QShowEvent *event)
{
    refresh(); // what arrived while another view was showing
    View::showEvent(event);
}

void OverviewView::refresh()
{
    if (m_overview.isRunning()) {
        m_stale = true; // run again with the new selection when this one is done
        return;
    }
    m_stale = false;
    m_overview.setFuture(m_context->reader()->overview(m_context->projectId(), m_context->range()));
    askLive();
}

void OverviewView::askLive()
{
    if (m_liveQuery.isRunning())
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_liveMinute = now - now % MinuteMs;
    // The last 59 full minutes and the one in progress.
    const TimeRange lastHour{m_liveMinute - 59 * MinuteMs, m_liveMinute + MinuteMs};
    m_liveQuery.setFuture(m_context->reader()->eventsPerMinute(m_context->projectId(), lastHour));
}

void OverviewView::onTick()
{
    if (!isVisible())
        return;
    // The live chart moves every second; the rest follows a rolling range every two, so that new
    // events show within two seconds. A slow query is not queued again behind itself.
    if (++m_ticks % 2 == 0 && m_context->rangePreset() != RangePreset::Custom && !m_overview.isRunning()) {
        refresh();
        return;
    }
    askLive();
}

void OverviewView::showLive()
{
    const auto result = m_liveQuery.result();
    if (!result) {
        m_live->setNote(tr("⚠ Cannot read: %1").arg(result.error().left(120)));
        return;
    }
    const Series &points = result.value();
    // "Now" is the last full minute: the one in progress would read as a drop.
    qint64 lastFullMinute = 0;
    bool any = false;
    for (const auto &[t, n] : points) {
        if (t == m_liveMinute - MinuteMs)
            lastFullMinute = n;
        any = any || n > 0;
    }
    QString note = tr("Now: %L1 in the last full minute").arg(lastFullMinute);
    // Read from a replica, "now" is only as fresh as the replica: say how fresh.
    if (const qint64 delay = m_context->replicaDelayMs(); m_context->readsFromReplica() && delay >= -1) {
        note += delay < 0 ? tr(" · replica not answering") : delay < 1000 ? tr(" · replica up to date")
                                                                          : tr(" · replica %L1 s behind").arg(delay / 1000);
    }
    m_live->setNote(note);
    m_live->setPoints(points, MinuteMs, {false, !points.isEmpty() && points.last().first == m_liveMinute});
    m_live->setEmptyText(any ? QString() : tr("No events in the last hour"));
}

void OverviewView::showOverview()
{
    const auto result = m_overview.result();
    if (m_stale) {
        refresh();
        return;
    }
    if (!result) {
        // What was shown stays, marked stale (a remote collector that stopped answering, say).
        if (m_shownAtMs == 0)
            m_events->setValue(tr("–"), tr("Cannot read the store"), result.error());
        else
            m_live->setNote(tr("⚠ Not updated since %1: %2")
                                .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(m_shownAtMs).time(), QLocale::ShortFormat),
                                     result.error().left(120)));
        return;
    }
    m_data = result.value();
    m_shownAtMs = QDateTime::currentMSecsSinceEpoch();
    const PeriodNames names = periodNames(m_context->rangePreset());
    showTiles();

    m_series->setValueAxisTitle(bucketTitle(m_data.bucketMs));
    m_series->setSeriesNames(names.current, names.previous);
    // The first bucket may start before the range; one that ends in the future (every preset) is still filling.
    const bool partialFirst = !m_data.series.isEmpty() && m_data.series.first().first < m_data.range.fromMs;
    const bool partialLast = !m_data.series.isEmpty()
        && m_data.series.last().first + m_data.bucketMs > QDateTime::currentMSecsSinceEpoch();
    m_series->setPoints(m_data.series, m_data.bucketMs, {partialFirst, partialLast});
    m_series->setPreviousPoints(m_data.previousSeries);
    m_series->setEmptyText(m_data.totals.events > 0 ? QString() : names.none);

    showBreakdown(m_topEvents, m_data.topEvents);
    showBreakdown(m_os, m_data.os);
    showBreakdown(m_appVersions, m_data.appVersions);
    showBreakdown(m_hostVersions, m_data.hostVersions);
    showBreakdown(m_countries, m_data.countries, countryName,
                  [](const QString &code) { return tr("Country code: %1").arg(code.toUpper()); });
    Q_EMIT refreshed();
}

void OverviewView::showTiles()
{
    const QLocale locale;
    const PeriodNames names = periodNames(m_context->rangePreset());
    const PeriodTotals &now = m_data.totals, &before = m_data.previous;
    // The tooltip: both figures, and the dates of the period compared with.
    const auto toolTip = [&](const QString &current, const QString &previous, const QString &note = {}) {
        QString text = tr("%1: %2\n%3 (%4): %5").arg(names.current, current, names.previous, rangeText(m_data.previousRange), previous);
        return note.isEmpty() ? text : text + u'\n' + note;
    };
    const auto approx = [](bool estimated) { return estimated ? QStringLiteral("≈ ") : QString(); };

    m_events->setValue(locale.toString(now.events), changeText(double(now.events), double(before.events), names.versus),
                       toolTip(locale.toString(now.events), locale.toString(before.events)));

    const QString users = approx(now.usersEstimated) + locale.toString(now.users);
    const QString usersBefore = approx(before.usersEstimated) + locale.toString(before.users);
    m_users->setValue(users, changeText(double(now.users), double(before.users), names.versus),
                      toolTip(users, usersBefore,
                              now.usersEstimated || before.usersEstimated
                                  ? tr("≈: estimated from a sample of users, within a few percent")
                                  : tr("Distinct users who sent events")));

    // Events per user, from the two figures above; estimated when users are.
    const auto perUser = [&](const PeriodTotals &totals) {
        return totals.users > 0 ? double(totals.events) / double(totals.users) : 0.0;
    };
    const auto perUserText = [&](const PeriodTotals &totals) {
        return totals.users > 0 ? approx(totals.usersEstimated) + locale.toString(perUser(totals), 'f', 1) : tr("–");
    };
    // Compared as shown (one decimal), so that "4.0" against "4.0" is no change.
    const double shown = std::round(perUser(now) * 10) / 10, shownBefore = std::round(perUser(before) * 10) / 10;
    m_eventsPerUser->setValue(perUserText(now),
                              now.users > 0 ? changeText(shown, shownBefore, names.versus) : tr("no users in the range"),
                              toolTip(perUserText(now), perUserText(before), tr("Events divided by distinct users")));

    m_countryCount->setValue(locale.toString(now.countries),
                             changeText(double(now.countries), double(before.countries), names.versus),
                             toolTip(locale.toString(now.countries), locale.toString(before.countries),
                                     tr("Known countries with events")));
}

bool OverviewView::exportData()
{
    return exportChart(this, m_series, QStringLiteral("events-over-range"), m_series->toCsv());
}

} // namespace tdesk
