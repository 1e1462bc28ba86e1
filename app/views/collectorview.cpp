#include "views/collectorview.h"

#include "appcontext.h"
#include "widgets/icons.h"

#include <QDateTime>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTcpServer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tdesk {
namespace {

QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// A port near `taken` that nothing listens on now, or 0 for any free port.
quint16 freePortNear(const QHostAddress &address, quint16 taken)
{
    for (quint16 port = taken + 1; port != 0 && port < taken + 20; ++port) {
        QTcpServer probe;
        if (probe.listen(address, port))
            return port;
    }
    return 0;
}

// A reject reason code (PROTOCOL.md) in words; the code itself goes in the tooltip.
QString reasonText(const QString &code)
{
    static const QHash<QString, const char *> Words = {
        {QStringLiteral("missing_anon"), QT_TRANSLATE_NOOP("tdesk::CollectorView", "Event without a user id")},
        {QStringLiteral("missing_evt"), QT_TRANSLATE_NOOP("tdesk::CollectorView", "Event without a name")},
        {QStringLiteral("missing_t"), QT_TRANSLATE_NOOP("tdesk::CollectorView", "Event without a time")},
        {QStringLiteral("bad_type"), QT_TRANSLATE_NOOP("tdesk::CollectorView", "Field of the wrong type")},
        {QStringLiteral("too_long"), QT_TRANSLATE_NOOP("tdesk::CollectorView", "Field too long")},
        {QStringLiteral("bad_name"), QT_TRANSLATE_NOOP("tdesk::CollectorView", "Event name with characters not allowed")},
        {QStringLiteral("t_out_of_range"), QT_TRANSLATE_NOOP("tdesk::CollectorView", "Time too far in the past or future")},
        {QStringLiteral("m_too_large"), QT_TRANSLATE_NOOP("tdesk::CollectorView", "Properties too large")},
        {QStringLiteral("m_too_deep"), QT_TRANSLATE_NOOP("tdesk::CollectorView", "Properties nested too deeply")},
        {QStringLiteral("sampled_out"), QT_TRANSLATE_NOOP("tdesk::CollectorView", "Left out by the project’s sampling")},
        {QStringLiteral("rate_limited"), QT_TRANSLATE_NOOP("tdesk::CollectorView", "Requests over the rate limit")},
        {QStringLiteral("unavailable"), QT_TRANSLATE_NOOP("tdesk::CollectorView", "Requests refused while storage was busy")},
    };
    const char *words = Words.value(code);
    return words ? CollectorView::tr(words) : code;
}

} // namespace

CollectorView::CollectorView(AppContext *context, QWidget *parent)
    : View(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("collector")); // stable and untranslated, for file names
    auto *layout = new QVBoxLayout(this);

    auto *service = new QGroupBox(tr("Collector"), this);
    auto *serviceForm = new QFormLayout(service);
    m_state = valueLabel(service);
    m_address = valueLabel(service);
    serviceForm->addRow(tr("State:"), m_state);
    serviceForm->addRow(tr("Address:"), m_address);
    auto *portRow = new QHBoxLayout;
    m_port = new QSpinBox(service);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setAccessibleName(tr("Port"));
    auto *applyPort = new QPushButton(tr("Listen on this port"), service);
    m_startStop = new QPushButton(service);
    portRow->addWidget(m_port);
    portRow->addWidget(applyPort);
    portRow->addStretch();
    portRow->addWidget(m_startStop);
    serviceForm->addRow(tr("Port:"), portRow);
    m_rate = valueLabel(service);
    m_rate->setObjectName(QStringLiteral("lastMinute"));
    m_queue = valueLabel(service);
    m_queue->setObjectName(QStringLiteral("queue"));
    m_accepted = valueLabel(service);
    m_accepted->setObjectName(QStringLiteral("accepted"));
    m_rate->setToolTip(tr("Events stored in the last full minute, all projects: the figure the status bar and the "
                          "Overview’s live chart show for “now”."));
    serviceForm->addRow(tr("Last full minute:"), m_rate);
    serviceForm->addRow(tr("Queue:"), m_queue);
    serviceForm->addRow(tr("Accepted since start:"), m_accepted);
    layout->addWidget(service);

    auto *storage = new QGroupBox(tr("Storage"), this);
    auto *storageForm = new QFormLayout(storage);
    m_databasePath = valueLabel(storage);
    m_databasePath->setText(context->databaseLocation());
    m_databaseSize = valueLabel(storage);
    storageForm->addRow(tr("Database:"), m_databasePath);
    storageForm->addRow(tr("Size:"), m_databaseSize);
    auto *geoRow = new QHBoxLayout;
    m_geo = valueLabel(storage);
    m_geo->setObjectName(QStringLiteral("geoDatabase"));
    auto *chooseGeo = new QPushButton(tr("Choose…"), storage);
    geoRow->addWidget(m_geo, 1);
    geoRow->addWidget(chooseGeo);
    storageForm->addRow(tr("GeoIP database:"), geoRow);
    layout->addWidget(storage);

    auto *rejects = new QGroupBox(tr("Rejected since start, by reason"), this);
    auto *rejectsLayout = new QVBoxLayout(rejects);
    m_rejectsPages = new QStackedWidget(rejects);
    m_noRejects = new QLabel(tr("Nothing rejected since the collector started."), rejects);
    m_noRejects->setObjectName(QStringLiteral("noRejects"));
    m_noRejects->setForegroundRole(QPalette::PlaceholderText);
    m_noRejects->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_rejects = new QTreeWidget(rejects);
    m_rejects->setObjectName(QStringLiteral("rejects"));
    m_rejects->setRootIsDecorated(false);
    m_rejects->setUniformRowHeights(true);
    m_rejects->setHeaderLabels({tr("Reason"), tr("Count")});
    m_rejects->headerItem()->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    m_rejects->header()->setStretchLastSection(false);
    m_rejects->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed); // as tall as its rows: a dozen reasons at most
    m_rejectsPages->addWidget(m_noRejects);
    m_rejectsPages->addWidget(m_rejects);
    rejectsLayout->addWidget(m_rejectsPages);
    layout->addWidget(rejects);

    auto *demo = new QGroupBox(tr("Demo data"), this);
    auto *demoLayout = new QHBoxLayout(demo);
    m_demoStatus = new QLabel(demo);
    m_demoStatus->setObjectName(QStringLiteral("demoStatus"));
    m_demoStatus->setWordWrap(true);
    m_demo = new QPushButton(tr("Send demo data"), demo);
    m_demo->setObjectName(QStringLiteral("sendDemo"));
    m_stopDemo = new QPushButton(tr("Stop live demo"), demo);
    m_stopDemo->setObjectName(QStringLiteral("stopDemo"));
    m_stopDemo->hide();
    demoLayout->addWidget(m_demoStatus, 1);
    demoLayout->addWidget(m_stopDemo);
    demoLayout->addWidget(m_demo);
    layout->addWidget(demo);
    layout->addStretch(1);

    connect(applyPort, &QPushButton::clicked, this, &CollectorView::applyPort);
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_context->collector()->isRunning())
            m_context->stopCollector();
        else
            startCollector();
    });
    connect(chooseGeo, &QPushButton::clicked, this, &CollectorView::chooseGeoDatabase);
    connect(m_demo, &QPushButton::clicked, this, &CollectorView::sendDemoData);
    connect(m_stopDemo, &QPushButton::clicked, context->collector(), &EmbeddedCollector::stopDemoData);
    connect(context, &AppContext::collectorStatusChanged, this, &CollectorView::showStatus);
    connect(context->collector(), &EmbeddedCollector::runningChanged, this, [this](bool running) {
        if (!running)
            m_demoRequested = false; // stopped before it began: it never will
    });
    connect(context, &AppContext::eventsLastMinuteChanged, this, &CollectorView::showLastMinute);
    connect(context, &AppContext::remoteProblemChanged, this, [this] { showStatus(m_status); });
    connect(context->collector(), &EmbeddedCollector::demoDataSent, this, [this] {
        m_context->notifyCatalogChanged(); // the demo projects, new the first time
        Q_EMIT m_context->storeChanged();
        Q_EMIT demoDataSent();
    });
    connect(context->collector(), &EmbeddedCollector::demoDataFailed, this, [this](const QString &message) {
        m_demoRequested = false;
        showDemoStatus(m_status);
        QMessageBox::warning(this, tr("No demo data"), tr("Demo data could not be sent:\n\n%1").arg(message));
    });
    if (context->isRemote()) { // the collector runs elsewhere: its status, none of the controls
        serviceForm->setRowVisible(portRow, false);
        storageForm->setRowVisible(geoRow, false);
        demo->hide();
        service->setTitle(tr("Collector at %1").arg(context->databaseLocation()));
    }
    showStatus({});
    showLastMinute();
}

QIcon CollectorView::icon() const
{
    return themedIcon(QStringLiteral("collector"), palette());
}

bool CollectorView::startCollector()
{
    Collector::StartError error;
    if (m_context->startCollector(&error))
        return true;
    if (error.failure == Collector::Failure::Listen) {
        QHostAddress address;
        quint16 taken = 0;
        parseListen(m_context->listen(), &address, &taken);
        const quint16 other = freePortNear(address, taken);
        const QString question = other
            ? tr("Listen on port %1 instead? Your apps must then send to that port.").arg(other)
            : tr("Listen on any free port instead? Your apps must then send to that port.");
        const auto answer = QMessageBox::question(
            this, tr("Port in use"),
            tr("Telemetry Desk cannot listen on %1: %2\n\nAnother program probably uses this port.")
                    .arg(m_context->listen(), error.message)
                + QStringLiteral("\n\n") + question,
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer == QMessageBox::Yes) {
            m_context->setListen(QStringLiteral("%1:%2").arg(m_context->listen().section(QLatin1Char(':'), 0, -2)).arg(other));
            return startCollector();
        }
        return false;
    }
    if (error.failure == Collector::Failure::Config && !m_context->geoDbPath().isEmpty()) { // the only file it reads
        const auto answer = QMessageBox::question(
            this, tr("GeoIP database unusable"),
            tr("%1\n\nStart the collector without GeoIP? New events then have no country or city until you "
               "choose a working database.").arg(error.message),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer == QMessageBox::Yes) {
            m_context->setGeoDbPath(QString());
            return startCollector();
        }
        return false;
    }
    QMessageBox::warning(this, tr("Collector not started"),
                         tr("The collector could not start:\n\n%1\n\nThe views still show what is stored.")
                             .arg(error.message));
    return false;
}

void CollectorView::applyPort()
{
    const QString host = m_context->listen().section(QLatin1Char(':'), 0, -2);
    m_context->setListen(QStringLiteral("%1:%2").arg(host).arg(m_port->value()));
    m_context->stopCollector();
    startCollector();
}

void CollectorView::chooseGeoDatabase()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("GeoIP database"), m_context->geoDbPath(),
                                                      tr("MaxMind databases (*.mmdb);;All files (*)"));
    if (path.isEmpty())
        return;
    const QString previous = m_context->geoDbPath();
    m_context->setGeoDbPath(path);
    if (!m_context->collector()->isRunning())
        return;
    m_context->stopCollector();
    if (!startCollector()) {
        m_context->setGeoDbPath(previous); // an unusable file: go back to what worked
        startCollector();
    }
}

void CollectorView::sendDemoData()
{
    if (isSendingDemoData())
        return;
    if (!m_context->collector()->isRunning() && !startCollector())
        return;
    m_demoRequested = true;
    showDemoStatus(m_status);
    m_context->collector()->sendDemoData();
}

void CollectorView::showStatus(const CollectorStatus &status)
{
    m_status = status;
    const bool running = status.running;
    const QLocale locale;
    if (m_context->isRemote()) {
        m_state->setText(!m_context->remoteProblem().isEmpty() ? QStringLiteral("⚠ ") + m_context->remoteProblem()
                             : running                          ? tr("● Running")
                                                                : tr("… Connecting"));
        m_address->setText(running ? tr("%1 (listening on %2)").arg(m_context->databaseLocation(), status.address)
                                   : m_context->databaseLocation());
        if (!status.databaseLocation.isEmpty())
            m_databasePath->setText(status.databaseLocation);
    } else {
        m_state->setText(running ? tr("● Running") : tr("○ Stopped"));
        m_address->setText(running ? QStringLiteral("http://%1/t").arg(status.address.isEmpty() ? m_context->listen() : status.address)
                                   : m_context->listen());
    }
    m_startStop->setText(running ? tr("Stop") : tr("Start"));
    if (!m_context->isRemote() && !m_port->hasFocus())
        m_port->setValue(running ? m_context->collector()->port() : m_context->listen().section(QLatin1Char(':'), -1).toInt());
    QString queue = tr("%Ln event(s) waiting for the database", nullptr, int(status.queuedEvents));
    if (status.spooledEvents > 0) {
        const qint64 ageSeconds = std::max<qint64>(0, (QDateTime::currentMSecsSinceEpoch() - status.spoolOldestMs) / 1000);
        queue += QStringLiteral(" · ")
            + tr("%Ln event(s) kept in the local spool until the database is back, the oldest for %1 s", nullptr,
                 int(std::min<qint64>(status.spooledEvents, INT_MAX)))
                  .arg(ageSeconds);
    }
    m_queue->setText(queue);
    const auto count = [](quint64 n) { return int(std::min<quint64>(n, INT_MAX)); };
    QString accepted = tr("%Ln event(s)", nullptr, count(status.eventsAccepted));
    if (status.demoEventsAccepted > 0)
        accepted += QLatin1Char(' ') + tr("(%L1 demo)").arg(status.demoEventsAccepted);
    m_accepted->setText(accepted + QStringLiteral(" · ") + tr("%Ln request(s)", nullptr, count(status.requests)));
    if (status.databaseBytes > 0)
        m_databaseSize->setText(locale.formattedDataSize(status.databaseBytes));
    m_geo->setText(m_context->geoDbPath().isEmpty()
                       ? tr("none — events from your apps get no country or city (demo data carries its own)")
                       : m_context->geoDbPath());
    showRejects(status);
    showDemoStatus(status);
    if (!status.storageError.isEmpty())
        m_state->setText(tr("● Running, but the database fails: %1").arg(status.storageError));
}

void CollectorView::showLastMinute()
{
    const qint64 events = m_context->eventsLastMinute();
    if (events < 0) {
        m_rate->setText(tr("not read yet"));
        return;
    }
    const TimeRange minute = m_context->lastFullMinute();
    const QLocale locale;
    const QString format = locale.timeFormat(QLocale::ShortFormat).remove(QLatin1String(":ss")); // whole minutes
    const auto time = [&](qint64 ms) { return locale.toString(QDateTime::fromMSecsSinceEpoch(ms).time(), format); };
    m_rate->setText(tr("%Ln event(s), %1–%2", nullptr, int(std::min<qint64>(events, INT_MAX)))
                        .arg(time(minute.fromMs), time(minute.toMs)));
}

void CollectorView::showRejects(const CollectorStatus &status)
{
    m_rejects->clear();
    const QLocale locale;
    for (auto it = status.rejectsByReason.begin(); it != status.rejectsByReason.end(); ++it) {
        auto *item = new QTreeWidgetItem({reasonText(it.key()), locale.toString(it.value())});
        item->setToolTip(0, tr("Reason code: %1").arg(it.key()));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        m_rejects->addTopLevelItem(item);
    }
    // Each column as wide as its widest text, with room to breathe.
    for (int column = 0; column < m_rejects->columnCount(); ++column) {
        m_rejects->resizeColumnToContents(column);
        m_rejects->setColumnWidth(column, std::max(m_rejects->columnWidth(column) + 32, 90));
    }
    const int rows = m_rejects->topLevelItemCount();
    const int height = rows > 0 ? m_rejects->header()->sizeHint().height() + rows * m_rejects->sizeHintForRow(0)
                                      + 2 * m_rejects->frameWidth() + 2
                                : m_noRejects->sizeHint().height();
    m_rejects->setFixedHeight(std::max(height, 1));
    m_rejectsPages->setFixedHeight(height);
    m_rejectsPages->setCurrentWidget(rows > 0 ? static_cast<QWidget *>(m_rejects) : m_noRejects);
}

void CollectorView::showDemoStatus(const CollectorStatus &status)
{
    if (status.demoBackfilling || status.demoLive)
        m_demoRequested = false; // under way
    const bool storing = m_demoRequested || status.demoBackfilling;
    m_demoBusy = status.demoBackfilling || status.demoLive;
    const QString projects = tr("desk-demo, web-demo and cli-demo");
    const QLocale locale;
    m_demo->setEnabled(!isSendingDemoData());
    m_demo->setText(storing ? tr("Sending…") : tr("Send demo data"));
    m_stopDemo->setVisible(status.demoLive && !storing);
    if (storing) {
        m_demoStatus->setText(tr("Storing 30 days of demo traffic in %1… %L2 events so far.")
                                  .arg(projects).arg(status.demoEventsAccepted));
    } else if (status.demoLive) {
        const qint64 left = status.demoLiveUntilMs - QDateTime::currentMSecsSinceEpoch();
        m_demoStatus->setText(status.demoLiveUntilMs > 0
                                  ? tr("Sending live demo events for %n more minute(s).", nullptr,
                                       int(std::max<qint64>(1, (left + 59999) / 60000)))
                                  : tr("Sending live demo events until you stop them."));
    } else if (status.demoEventsAccepted > 0) {
        m_demoStatus->setText(tr("Sent %Ln demo event(s) into %1 since the collector started.", nullptr,
                                 int(std::min<quint64>(status.demoEventsAccepted, INT_MAX)))
                                  .arg(projects));
    } else {
        m_demoStatus->setText(tr("Fills three projects (%1: a desktop app, a web app and a command-line tool) with "
                                 "30 days of realistic traffic, then sends a few events a second for ten minutes, so "
                                 "that every view has something to show.").arg(projects));
    }
}

} // namespace tdesk
