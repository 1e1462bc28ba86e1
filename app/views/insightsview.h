#pragma once

#include "core/result.h"
#include "query/insighttypes.h"
#include "views/insightpanel.h"
#include "views/view.h"

#include <QFutureWatcher>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLineEdit;
class QSpinBox;
class QStackedWidget;
class QTabBar;

namespace tdesk {

// Product questions: trends with breakdowns and the previous period, active users, sessions,
// retention and funnels, each built with pickers of the project's own events and properties; saved
// by name per project; pinned ones on a dashboard that refreshes live. Everything reads through the
// window's reader, embedded or remote alike.
class InsightsView : public View
{
    Q_OBJECT

public:
    explicit InsightsView(AppContext *context, QWidget *parent = nullptr);
    ~InsightsView() override;

    QString title() const override { return tr("Insights"); }
    QIcon icon() const override;
    void refresh() override;
    bool exportData() override;

    // The pages of the tab bar: the kinds of insight, then the dashboard.
    enum Page { Trends, ActiveUsers, Sessions, Retention, Funnels, Dashboard };
    void showPage(Page page);
    Page page() const;
    // The insight the builder shows, as its controls say; and the other way round.
    InsightSpec builtSpec() const;
    void loadSpec(const InsightSpec &spec);
    InsightPanel *panel() const { return m_panel; }
    // Saved insights of the selected project, in the settings; the pinned ones make the dashboard.
    QList<InsightSpec> savedInsights() const;
    void saveInsight(const InsightSpec &spec); // replaces one of the same name
    void removeInsight(const QString &name);
    QList<InsightPanel *> dashboardPanels() const { return m_cards; }
    // Pins a few insights made of the project's own busiest events: a start for a new dashboard.
    void addExamples();

Q_SIGNALS:
    void eventsRequested(const tdesk::EventsLink &link);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *makeTrendForm();
    QWidget *makeRetentionForm();
    QWidget *makeFunnelForm();
    void builderChanged();
    void askProperties();
    void showProperties();
    void fillSaved();
    void rebuildDashboard();
    void onTick();
    void saveAs();
    QString settingsKey() const;

    AppContext *m_context;
    QTabBar *m_tabs;
    QStackedWidget *m_forms;
    QStackedWidget *m_body;
    InsightPanel *m_panel;
    QWidget *m_dashboard;
    QGridLayout *m_grid;
    QList<InsightPanel *> m_cards;
    QWidget *m_actions;

    // Trends
    QComboBox *m_event, *m_metric, *m_property, *m_interval, *m_breakdown, *m_style;
    QCheckBox *m_compare;
    // Sessions
    QComboBox *m_sessionInterval;
    // Retention
    QComboBox *m_cohortEvent, *m_returnEvent, *m_window;
    QSpinBox *m_windows;
    // Funnels
    QLineEdit *m_steps;
    QSpinBox *m_funnelWindow;
    QComboBox *m_funnelUnit, *m_funnelBreakdown;
    QCheckBox *m_strict;
    // All
    QLineEdit *m_filters;
    QComboBox *m_saved;

    QFutureWatcher<Result<PropertiesResult>> m_properties;
    QStringList m_eventNames; // the project's, busiest first (the pickers')
    bool m_loading = false; // filling controls: no builderChanged()
    bool m_built = false;   // the panel has been given the builder's insight once
    int m_ticks = 0;
};

} // namespace tdesk
