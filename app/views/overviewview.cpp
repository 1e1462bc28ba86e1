#include "views/overviewview.h"

#include "appcontext.h"
#include "core/timeunits.h"
#include "widgets/charts.h"
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
    auto *grid = new QGridLayout(page);
    grid->setSpacing(12);

    m_events = new KpiTile(tr("Events in range"), page);
    m_users = new KpiTile(tr("Users in range"), page);
    m_rate = new KpiTile(tr("Events per minute now"), page);
    m_rejected = new KpiTile(tr("Rejected events"), page);
    grid->addWidget(m_events, 0, 0);
    grid->addWidget(m_users, 0, 1);
    grid->addWidget(m_rate, 0, 2);
    grid->addWidget(m_rejected, 0, 3);

    m_live = new TimeSeriesChart(page);
    m_live->setObjectName(QStringLiteral("live"));
    m_live->setTitle(tr("Live: events per minute, last hour"));
    m_series = new TimeSeriesChart(page);
    grid->addWidget(m_live, 1, 0, 1, 2);
    grid->addWidget(m_series, 1, 2, 1, 2);
    offerExport(m_live, QStringLiteral("events-per-minute"), [this] { return m_live->toCsv(); });
    offerExport(m_series, QStringLiteral("events-over-range"), [this] { return m_series->toCsv(); });

    m_topEvents = addBreakdown(tr("Top events"), QStringLiteral("name"), QStringLiteral("top-events"));
    m_os = addBreakdown(tr("Operating systems"), QStringLiteral("os"), QStringLiteral("operating-systems"));
    m_appVersions = addBreakdown(tr("App versions"), QStringLiteral("version"), QStringLiteral("app-versions"));
    m_hostVersions = addBreakdown(tr("Host versions"), QString(), QStringLiteral("host-versions"));
    m_countries = addBreakdown(tr("Countries"), QStringLiteral("country"), QStringLiteral("countries"));
    grid->addWidget(m_topEvents, 2, 0, 2, 2);
    grid->addWidget(m_os, 2, 2);
    grid->addWidget(m_countries, 2, 3);
    grid->addWidget(m_appVersions, 3, 2);
    grid->addWidget(m_hostVersions, 3, 3);
    grid->setRowStretch(4, 1);
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
    connect(context, &AppContext::collectorStatusChanged, this, &OverviewView::showStatus);
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
        list->setToolTip(tr("Click a value to see its events"));
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

void OverviewView::showBreakdown(BreakdownList *list, const QList<ValueCount> &values, qint64 other)
{
    QList<QPair<QString, qint64>> items;
    for (const ValueCount &v : values)
        items.append({v.value.isEmpty() ? tr("unknown") : v.value, v.events});
    if (other > 0)
        items.append({tr("other"), other});
    m_shownValues[list] = values;
    list->setItems(items);
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
    const TimeRange lastHour{now - now % MinuteMs - 59 * MinuteMs, now - now % MinuteMs + MinuteMs};
    m_liveQuery.setFuture(m_context->reader()->eventsPerMinute(m_context->projectId(), lastHour));
}

void OverviewView::onTick()
{
    if (!isVisible())
        return;
    // The live chart moves every second; the rest follows a rolling range every five.
    if (++m_ticks % 5 == 0 && m_context->rangePreset() != RangePreset::Custom) {
        refresh();
        return;
    }
    askLive();
}

void OverviewView::showLive()
{
    const auto result = m_liveQuery.result();
    if (result)
        m_live->setPoints(result.value(), MinuteMs);
}

void OverviewView::showOverview()
{
    const auto result = m_overview.result();
    if (m_stale) {
        refresh();
        return;
    }
    if (!result) {
        m_events->setValue(tr("–"), tr("cannot read: %1").arg(result.error()));
        return;
    }
    m_data = result.value();
    const QLocale locale;
    m_events->setValue(locale.toString(m_data.totals.events), AppContext::presetName(m_context->rangePreset()));
    m_users->setValue((m_data.totals.usersEstimated ? QStringLiteral("≈ ") : QString()) + locale.toString(m_data.totals.users),
                      tr("distinct users"));
    m_rejected->setValue(locale.toString(m_rejectedTotal), tr("since the collector started"));
    m_series->setTitle(m_data.bucketMs >= 86400000 ? tr("Events per day")
                       : m_data.bucketMs >= 3600000 ? tr("Events per %n hour(s)", nullptr, int(m_data.bucketMs / 3600000))
                                                    : tr("Events per %n minute(s)", nullptr, int(m_data.bucketMs / 60000)));
    m_series->setPoints(m_data.series, m_data.bucketMs);
    showBreakdown(m_topEvents, m_data.topEvents.top, m_data.topEvents.other);
    showBreakdown(m_os, m_data.os.top, m_data.os.other);
    showBreakdown(m_appVersions, m_data.appVersions.top, m_data.appVersions.other);
    showBreakdown(m_hostVersions, m_data.hostVersions.top, m_data.hostVersions.other);
    showBreakdown(m_countries, m_data.countries.top, m_data.countries.other);
    Q_EMIT refreshed();
}

void OverviewView::showStatus(const CollectorStatus &status)
{
    quint64 total = 0;
    for (const quint64 n : status.rejectsByReason)
        total += n;
    if (status.running)
        m_rejectedTotal = total;
    m_rejected->setValue(QLocale().toString(m_rejectedTotal), tr("since the collector started"));
}

bool OverviewView::exportData()
{
    return exportChart(this, m_series, QStringLiteral("events-over-range"), m_series->toCsv());
}

} // namespace tdesk
