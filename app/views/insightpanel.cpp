#include "views/insightpanel.h"

#include "appcontext.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace tdesk {
namespace {

constexpr qint64 DayLengthMs = 86400000;

QString percent(double share)
{
    return QLocale().toString(100.0 * share, 'f', 1) + QStringLiteral(" %");
}

} // namespace

InsightPanel::InsightPanel(AppContext *context, QWidget *parent)
    : QFrame(parent)
    , m_context(context)
{
    m_title = new QLabel(this);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    m_title->setFont(bold);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_stack = new QStackedWidget(this);
    m_message = new QLabel(this);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_chart = new MultiSeriesChart(this);
    m_retention = new RetentionGrid(this);
    m_funnelPage = new QWidget(this);
    m_funnel = new FunnelChart(m_funnelPage);
    m_funnelBreakdown = new QTableWidget(m_funnelPage);
    m_funnelBreakdown->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_funnelBreakdown->verticalHeader()->hide();
    m_funnelBreakdown->setMaximumHeight(200);
    auto *funnelLayout = new QVBoxLayout(m_funnelPage);
    funnelLayout->setContentsMargins(0, 0, 0, 0);
    funnelLayout->addWidget(m_funnel, 1);
    funnelLayout->addWidget(m_funnelBreakdown);
    for (QWidget *page : {static_cast<QWidget *>(m_message), static_cast<QWidget *>(m_chart), static_cast<QWidget *>(m_retention), m_funnelPage})
        m_stack->addWidget(page);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_summary);
    layout->addWidget(m_stack, 1);

    connect(&m_trend, &QFutureWatcherBase::finished, this, &InsightPanel::showTrend);
    connect(&m_active, &QFutureWatcherBase::finished, this, &InsightPanel::showActiveUsers);
    connect(&m_sessions, &QFutureWatcherBase::finished, this, &InsightPanel::showSessions);
    connect(&m_retentionQuery, &QFutureWatcherBase::finished, this, &InsightPanel::showRetention);
    connect(&m_funnelQuery, &QFutureWatcherBase::finished, this, &InsightPanel::showFunnel);

    // A click on a point: the events of its bucket, of its breakdown value where it has one.
    connect(m_chart, &MultiSeriesChart::pointActivated, this, [this](int series, int point) {
        if (m_spec.kind != InsightKind::Trend || series >= m_trendShown.series.size())
            return;
        const TrendSeries &s = m_trendShown.series[series];
        if (point < 0 || point >= s.points.size())
            return;
        EventsLink link{m_spec.event, {}, {}, {}};
        const qint64 start = s.points[point].first;
        const qint64 end = point + 1 < s.points.size() ? s.points[point + 1].first : m_asked.toMs;
        link.range = {std::max(start, m_asked.fromMs), std::min(end, m_asked.toMs)};
        if (!s.other && !m_spec.breakdown.isEmpty() && !s.key.isEmpty()) {
            if (m_spec.breakdown.startsWith(QLatin1String("m."))) {
                link.field = QStringLiteral("text");
                link.value = QStringLiteral("\"%1\":\"%2\"").arg(m_spec.breakdown.mid(2), s.key);
            } else {
                link.field = m_spec.breakdown == QLatin1String("ext") ? QStringLiteral("version") : m_spec.breakdown;
                link.value = s.key;
            }
        }
        Q_EMIT eventsRequested(link);
    });
    // A click on a funnel step: every event, in the funnel's range, of the users who reached it.
    connect(m_funnel, &FunnelChart::stepActivated, this, [this](int step) {
        Reader *reader = m_context->reader();
        if (!reader || step < 0 || step >= m_funnelAsked.steps.size())
            return;
        m_usersStep = step;
        m_funnelUsers.setFuture(reader->funnelUsers(m_funnelAsked, step));
    });
    connect(&m_funnelUsers, &QFutureWatcherBase::finished, this, [this] {
        const auto users = m_funnelUsers.result();
        const QString event = m_funnelAsked.steps.value(m_usersStep);
        EventsLink link{{}, QStringLiteral("user"), users ? users->users.join(QStringLiteral(", ")) : QString(), m_funnelAsked.filter.range, {}};
        if (!users)
            return m_summary->setText(users.error());
        if (users->total == 0)
            return;
        link.message = users->total > users->users.size()
            ? tr("The events of %1 of the %2 users who reached “%3” (a filter names at most %1).").arg(users->users.size()).arg(users->total).arg(event)
            : users->total == 1 ? tr("The events of the one user who reached “%1”.").arg(event)
                                : tr("The events of the %1 users who reached “%2”.").arg(users->total).arg(event);
        Q_EMIT eventsRequested(link);
    });
}

InsightPanel::~InsightPanel()
{
    for (QFutureWatcherBase *w : std::initializer_list<QFutureWatcherBase *>{&m_trend, &m_active, &m_sessions, &m_retentionQuery, &m_funnelQuery, &m_funnelUsers})
        w->waitForFinished();
}

QString InsightPanel::timeZone()
{
    const QByteArray zone = QTimeZone::systemTimeZoneId();
    return QTimeZone::isTimeZoneIdAvailable(zone) ? QString::fromUtf8(zone) : QStringLiteral("UTC");
}

void InsightPanel::setSpec(const InsightSpec &spec)
{
    m_spec = spec;
    m_title->setText(spec.name.isEmpty() ? spec.describe() : spec.name);
    m_title->setToolTip(spec.describe());
    refresh();
}

bool InsightPanel::isLoading() const
{
    return m_pending;
}

QString InsightPanel::summary() const
{
    return m_summary->text();
}

void InsightPanel::refresh()
{
    if (isLoading()) {
        m_again = true; // the newest selection wins, once this read ends
        return;
    }
    ask();
}

InsightFilter InsightPanel::filter(const TimeRange &range, QString *bad) const
{
    InsightFilter f = m_spec.filter(bad);
    f.projectId = m_context->projectId();
    f.range = range;
    f.timeZone = timeZone();
    return f;
}

QString InsightPanel::timeFormat(Interval interval) const
{
    switch (interval) {
    case Interval::Minute:
    case Interval::Hour:
        return m_asked.lengthMs() > DayLengthMs ? QStringLiteral("d MMM HH:mm") : QStringLiteral("HH:mm");
    case Interval::Day:
    case Interval::Week:
        return QStringLiteral("d MMM");
    case Interval::Month:
        return QStringLiteral("MMM yyyy");
    }
    return {};
}

void InsightPanel::ask()
{
    Reader *reader = m_context->reader();
    if (!reader)
        return;
    m_again = false;
    m_pending = true;
    m_asked = m_context->range();
    QString bad;
    if (m_spec.kind == InsightKind::Retention) {
        // Its own range: the windows asked for, back from the one now in progress.
        const QDateTime now = QDateTime::currentDateTime();
        QDate first = now.date().addDays(m_spec.window == Interval::Week ? 1 - now.date().dayOfWeek() : 0);
        first = first.addDays(-qint64(m_spec.windows - 1) * (m_spec.window == Interval::Week ? 7 : 1));
        m_asked = {QDateTime(first, QTime(0, 0)).toMSecsSinceEpoch(), now.toMSecsSinceEpoch() + 1};
    }
    const InsightFilter f = filter(m_asked, &bad);
    if (!bad.isEmpty())
        return showProblem(tr("“%1” is not a filter. Filters are words like os=linux, ext=1.2.0, vscode=1.95.0, country=DE or m.KEY=value.").arg(bad));
    switch (m_spec.kind) {
    case InsightKind::Trend: {
        TrendQuery q;
        q.filter = f;
        q.event = m_spec.event;
        q.interval = m_spec.interval;
        q.metric = m_spec.metric;
        q.property = m_spec.property;
        q.breakdown = m_spec.breakdown;
        q.comparePrevious = m_spec.comparePrevious;
        if (q.metric != TrendMetric::Count && q.metric != TrendMetric::Users && q.property.isEmpty())
            return showProblem(tr("Choose the numeric property (m.KEY) to take the %1 of.").arg(metricLabel(q.metric).toLower()));
        m_trend.setFuture(reader->trend(q));
        break;
    }
    case InsightKind::ActiveUsers:
        m_active.setFuture(reader->activeUsers(f));
        break;
    case InsightKind::Sessions:
        m_sessions.setFuture(reader->sessions({f, m_spec.interval}));
        break;
    case InsightKind::Retention:
        m_retentionQuery.setFuture(reader->retention({f, m_spec.window, m_spec.windows, m_spec.event, m_spec.returnEvent}));
        break;
    case InsightKind::Funnel: {
        QStringList steps;
        for (const QString &step : m_spec.steps) {
            if (!step.trimmed().isEmpty())
                steps.append(step.trimmed());
        }
        if (steps.size() < FunnelMinSteps)
            return showProblem(tr("A funnel needs at least two steps: add the events users go through, in order."));
        m_funnelAsked = {f, steps, m_spec.windowMs, m_spec.strict, m_spec.breakdown};
        m_funnelQuery.setFuture(reader->funnel(m_funnelAsked));
        break;
    }
    }
}

void InsightPanel::showProblem(const QString &problem)
{
    m_pending = false;
    m_problem = problem;
    m_message->setText(problem);
    m_summary->clear();
    m_stack->setCurrentWidget(m_message);
    Q_EMIT refreshed();
}

bool InsightPanel::finish(const QString &error)
{
    if (m_again) {
        ask();
        return false;
    }
    if (!error.isEmpty()) {
        showProblem(tr("Cannot read this insight: %1").arg(error.left(300)));
        return false;
    }
    m_pending = false;
    m_problem.clear();
    return true;
}

void InsightPanel::showTrend()
{
    const auto result = m_trend.result();
    if (!finish(result ? QString() : result.error()))
        return;
    m_trendShown = *result;
    const auto named = [this](const QList<TrendSeries> &list) {
        QList<MultiSeriesChart::Series> out;
        for (const TrendSeries &s : list) {
            const QString name = s.other                   ? tr("Other")
                : !m_spec.breakdown.isEmpty() && s.key.isEmpty() ? tr("(none)")
                : m_spec.breakdown.isEmpty()                ? (m_spec.event.isEmpty() ? tr("All events") : m_spec.event)
                                                           : s.key;
            out.append({name, s.points});
        }
        return out;
    };
    m_chart->setData(named(result->series), named(result->previous), m_spec.style, timeFormat(m_spec.interval));
    m_chart->setTitle(metricLabel(m_spec.metric) + (m_spec.property.isEmpty() || m_spec.metric == TrendMetric::Count
                                                            || m_spec.metric == TrendMetric::Users
                                                        ? QString()
                                                        : QStringLiteral(" m.") + m_spec.property)
                      + u' ' + intervalLabel(m_spec.interval));
    m_chart->setEmptyText(result->series.isEmpty() ? tr("No events match in this range") : QString());
    QString summary;
    if (m_spec.metric == TrendMetric::Count || m_spec.metric == TrendMetric::Sum) {
        const auto total = [](const QList<TrendSeries> &list) {
            double sum = 0;
            for (const TrendSeries &s : list)
                for (const auto &p : s.points)
                    sum += p.second.value_or(0.0);
            return sum;
        };
        const double now = total(result->series);
        summary = m_spec.metric == TrendMetric::Count ? tr("%L1 events in the range").arg(qint64(now))
                                                      : tr("Total %1").arg(QLocale().toString(now, 'f', 0));
        if (m_spec.comparePrevious) {
            const double before = total(result->previous);
            summary += before > 0 ? tr(" · %1%2 against the previous period (%L3), dashed")
                                        .arg(now >= before ? QStringLiteral("+") : QString(), percent((now - before) / before))
                                        .arg(qint64(before))
                                  : tr(" · nothing in the previous period");
        }
    }
    m_summary->setText(summary);
    m_stack->setCurrentWidget(m_chart);
    Q_EMIT refreshed();
}

void InsightPanel::showActiveUsers()
{
    const auto result = m_active.result();
    if (!finish(result ? QString() : result.error()))
        return;
    MultiSeriesChart::Series daily{tr("Daily active"), {}}, weekly{tr("Weekly active (7 days)"), {}}, monthly{tr("Monthly active (30 days)"), {}};
    for (const ActiveUsersPoint &p : result->points) {
        daily.points.append({p.dayStartMs, double(p.daily)});
        weekly.points.append({p.dayStartMs, double(p.weekly)});
        monthly.points.append({p.dayStartMs, double(p.monthly)});
    }
    m_chart->setData({daily, weekly, monthly}, {}, m_spec.style == MultiSeriesChart::Style::Table ? m_spec.style : MultiSeriesChart::Style::Line,
                     timeFormat(Interval::Day));
    m_chart->setTitle(tr("Active users per day"));
    m_chart->setEmptyText(result->points.isEmpty() ? tr("No days in this range") : QString());
    m_summary->setText(result->points.isEmpty() ? QString()
                                                : tr("Today %L1 · last 7 days %L2 · last 30 days %L3 · stickiness (DAU ÷ MAU) %4")
                                                      .arg(result->points.constLast().daily)
                                                      .arg(result->points.constLast().weekly)
                                                      .arg(result->points.constLast().monthly)
                                                      .arg(percent(result->stickiness)));
    m_stack->setCurrentWidget(m_chart);
    Q_EMIT refreshed();
}

void InsightPanel::showSessions()
{
    const auto result = m_sessions.result();
    if (!finish(result ? QString() : result.error()))
        return;
    MultiSeriesChart::Series sessions{tr("Sessions"), {}};
    for (const auto &[at, n] : result->points)
        sessions.points.append({at, double(n)});
    m_chart->setData({sessions}, {}, m_spec.style, timeFormat(m_spec.interval));
    m_chart->setTitle(tr("Sessions %1, by when they start").arg(intervalLabel(m_spec.interval)));
    m_chart->setEmptyText(result->sessions == 0 ? tr("No sessions in this range") : QString());
    m_summary->setText(tr("%L1 sessions · median %2 · 90 % under %3 · %4 events per session")
                           .arg(result->sessions)
                           .arg(durationText(result->p50Ms), durationText(result->p90Ms),
                                QLocale().toString(result->eventsPerSession(), 'f', 1)));
    m_stack->setCurrentWidget(m_chart);
    Q_EMIT refreshed();
}

void InsightPanel::showRetention()
{
    const auto result = m_retentionQuery.result();
    if (!finish(result ? QString() : result.error()))
        return;
    QList<RetentionGrid::Cohort> cohorts;
    qint64 users = 0;
    for (const RetentionCohort &c : result->cohorts) {
        cohorts.append({c.startMs, c.size, c.retained});
        users += c.size;
    }
    const bool weeks = m_spec.window == Interval::Week;
    m_retention->setTitle(tr("Share of each cohort back in the %1 after").arg(weeks ? tr("weeks") : tr("days")));
    m_retention->setCohorts(cohorts, weeks ? tr("Week") : tr("Day"), timeFormat(Interval::Day));
    m_summary->setText(tr("%L1 new users in %2 cohorts; a cohort is the users whose first %3 fell in that %4")
                           .arg(users)
                           .arg(cohorts.size())
                           .arg(m_spec.event.isEmpty() ? tr("event") : m_spec.event, weeks ? tr("week") : tr("day")));
    m_stack->setCurrentWidget(m_retention);
    Q_EMIT refreshed();
}

void InsightPanel::showFunnel()
{
    const auto result = m_funnelQuery.result();
    if (!finish(result ? QString() : result.error()))
        return;
    QList<FunnelChart::Step> steps;
    for (const FunnelStep &s : result->steps)
        steps.append({s.event, s.users, s.medianMs});
    m_funnel->setSteps(steps);
    m_funnel->setTitle(tr("Users who went on to each step within %1%2").arg(durationText(m_spec.windowMs), m_spec.strict ? tr(", with no other event between") : QString()));
    const qint64 first = steps.isEmpty() ? 0 : steps.constFirst().users, last = steps.isEmpty() ? 0 : steps.constLast().users;
    m_summary->setText(first ? tr("%1 converted: %L2 of %L3 users").arg(percent(double(last) / double(first))).arg(last).arg(first)
                             : tr("No user did “%1” in this range").arg(m_spec.steps.value(0)));
    // Each breakdown value: its users at every step and the conversion to the last.
    m_funnelBreakdown->setVisible(!result->breakdown.isEmpty());
    QStringList headers{breakdownLabel(m_spec.breakdown)};
    for (qsizetype i = 0; i < steps.size(); ++i)
        headers << QStringLiteral("%1. %2").arg(i + 1).arg(steps[i].name);
    headers << tr("Conversion");
    m_funnelBreakdown->clear();
    m_funnelBreakdown->setColumnCount(int(headers.size()));
    m_funnelBreakdown->setHorizontalHeaderLabels(headers);
    m_funnelBreakdown->setRowCount(int(result->breakdown.size()));
    for (qsizetype r = 0; r < result->breakdown.size(); ++r) {
        const FunnelBreakdown &b = result->breakdown[r];
        m_funnelBreakdown->setItem(int(r), 0, new QTableWidgetItem(b.other ? tr("Other") : b.key.isEmpty() ? tr("(none)") : b.key));
        for (qsizetype k = 0; k < b.users.size(); ++k)
            m_funnelBreakdown->setItem(int(r), int(k + 1), new QTableWidgetItem(QLocale().toString(b.users[k])));
        const qint64 started = b.users.value(0);
        m_funnelBreakdown->setItem(int(r), int(b.users.size() + 1),
                                   new QTableWidgetItem(started ? percent(double(b.users.constLast()) / double(started)) : QStringLiteral("–")));
    }
    m_funnelBreakdown->resizeColumnsToContents();
    m_stack->setCurrentWidget(m_funnelPage);
    Q_EMIT refreshed();
}

QByteArray InsightPanel::toCsv() const
{
    switch (m_spec.kind) {
    case InsightKind::Retention:
        return m_retention->toCsv();
    case InsightKind::Funnel:
        return m_funnel->toCsv();
    default:
        return m_chart->toCsv();
    }
}

QWidget *InsightPanel::pictureWidget() const
{
    return m_stack->currentWidget();
}

} // namespace tdesk
