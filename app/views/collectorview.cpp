#include "views/collectorview.h"

#include "appcontext.h"
#include "widgets/icons.h"

#include <QDateTime>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
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
    m_queue = valueLabel(service);
    m_accepted = valueLabel(service);
    serviceForm->addRow(tr("Ingest rate:"), m_rate);
    serviceForm->addRow(tr("Queue:"), m_queue);
    serviceForm->addRow(tr("Accepted since start:"), m_accepted);
    layout->addWidget(service);

    auto *storage = new QGroupBox(tr("Storage"), this);
    auto *storageForm = new QFormLayout(storage);
    m_databasePath = valueLabel(storage);
    m_databasePath->setText(context->databasePath());
    m_databaseSize = valueLabel(storage);
    storageForm->addRow(tr("Database:"), m_databasePath);
    storageForm->addRow(tr("Size:"), m_databaseSize);
    auto *geoRow = new QHBoxLayout;
    m_geo = valueLabel(storage);
    auto *chooseGeo = new QPushButton(tr("Choose…"), storage);
    geoRow->addWidget(m_geo, 1);
    geoRow->addWidget(chooseGeo);
    storageForm->addRow(tr("GeoIP database:"), geoRow);
    layout->addWidget(storage);

    auto *rejects = new QGroupBox(tr("Rejected events by reason"), this);
    auto *rejectsLayout = new QVBoxLayout(rejects);
    m_rejects = new QTreeWidget(rejects);
    m_rejects->setRootIsDecorated(false);
    m_rejects->setHeaderLabels({tr("Reason"), tr("Events")});
    m_rejects->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    rejectsLayout->addWidget(m_rejects);
    layout->addWidget(rejects, 1);

    auto *demo = new QGroupBox(tr("Demo data"), this);
    auto *demoLayout = new QHBoxLayout(demo);
    m_demoStatus = new QLabel(tr("Fills the store with 30 days of realistic traffic, then sends a few events a "
                                 "second for ten minutes, so that every view has something to show."),
                              demo);
    m_demoStatus->setWordWrap(true);
    m_demo = new QPushButton(tr("Send demo data"), demo);
    demoLayout->addWidget(m_demoStatus, 1);
    demoLayout->addWidget(m_demo);
    layout->addWidget(demo);

    connect(applyPort, &QPushButton::clicked, this, &CollectorView::applyPort);
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_context->collector()->isRunning())
            m_context->stopCollector();
        else
            startCollector();
    });
    connect(chooseGeo, &QPushButton::clicked, this, &CollectorView::chooseGeoDatabase);
    connect(m_demo, &QPushButton::clicked, this, &CollectorView::sendDemoData);
    connect(context, &AppContext::collectorStatusChanged, this, &CollectorView::showStatus);
    connect(context->collector(), &EmbeddedCollector::demoDataSent, this, [this](qint64 sent) {
        m_demo->setEnabled(true);
        m_demoStatus->setText(tr("Sent %Ln event(s) of the last 30 days; a few more arrive every second for ten minutes.",
                                 nullptr, int(sent)));
        Q_EMIT m_context->storeChanged();
        Q_EMIT demoDataSent();
    });
    showStatus({});
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
    if (!m_context->collector()->isRunning() && !startCollector())
        return;
    m_demo->setEnabled(false);
    m_demoStatus->setText(tr("Sending demo data…"));
    m_context->collector()->sendDemoData(m_context->projectId());
}

void CollectorView::showStatus(const CollectorStatus &status)
{
    const bool running = status.running;
    const QLocale locale;
    m_state->setText(running ? tr("● Running") : tr("○ Stopped"));
    m_address->setText(running ? QStringLiteral("http://%1/t").arg(status.address.isEmpty()
                                                                      ? m_context->listen() : status.address)
                               : m_context->listen());
    m_startStop->setText(running ? tr("Stop") : tr("Start"));
    if (!m_port->hasFocus())
        m_port->setValue(running ? m_context->collector()->port() : m_context->listen().section(QLatin1Char(':'), -1).toInt());
    m_rate->setText(tr("%Ln event(s) per second", nullptr, int(std::lround(status.eventsPerSecond))));
    m_queue->setText(tr("%Ln event(s) waiting for the database", nullptr, int(status.queuedEvents)));
    m_accepted->setText(tr("%Ln event(s)", nullptr, int(std::min<quint64>(status.eventsAccepted, INT_MAX)))
                        + QStringLiteral(" · ") + tr("%Ln request(s)", nullptr, int(std::min<quint64>(status.requests, INT_MAX))));
    if (status.databaseBytes > 0)
        m_databaseSize->setText(locale.formattedDataSize(status.databaseBytes));
    m_geo->setText(m_context->geoDbPath().isEmpty() ? tr("none (no countries or cities for new events)")
                                                    : m_context->geoDbPath());
    m_rejects->clear();
    for (auto it = status.rejectsByReason.begin(); it != status.rejectsByReason.end(); ++it)
        m_rejects->addTopLevelItem(new QTreeWidgetItem({it.key(), locale.toString(it.value())}));
    if (!status.storageError.isEmpty())
        m_state->setText(tr("● Running, but the database fails: %1").arg(status.storageError));
}

} // namespace tdesk
