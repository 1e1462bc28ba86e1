#include "widgets/connectdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tdesk {

ConnectDialog::ConnectDialog(const QString &url, Check check, bool keychain, QWidget *parent)
    : QDialog(parent)
    , m_check(std::move(check))
{
    setWindowTitle(tr("Connect to a collector"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Watch a collector that runs on another machine: its address, and a private key (one "
                                "project) or an admin key (every project, and their keys)."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_url = new QLineEdit(url, this);
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setPlaceholderText(QStringLiteral("https://telemetry.example.com:8088"));
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("key"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(QStringLiteral("tds_… / tda_…"));
    form->addRow(tr("Address:"), m_url);
    form->addRow(tr("Key:"), m_key);
    layout->addLayout(form);
    auto *keyNote = new QLabel(keychain ? tr("The key is kept in the system's keychain, never in a settings file.")
                                        : tr("No keychain is available: the key lasts until Telemetry Desk closes."),
                               this);
    keyNote->setWordWrap(true);
    keyNote->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(keyNote);

    m_test = new QPushButton(tr("Test connection"), this);
    m_test->setObjectName(QStringLiteral("test"));
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("result"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse); // a fingerprint is to be compared, and copied
    m_trust = new QCheckBox(this);
    m_trust->setObjectName(QStringLiteral("trust"));
    m_trust->hide();
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addStretch();
    layout->addLayout(testRow);
    layout->addWidget(m_result);
    layout->addWidget(m_trust);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Connect"));
    m_ok->setEnabled(false); // only once the test passed
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &ConnectDialog::testConnection);
    connect(&m_checking, &QFutureWatcherBase::finished, this, &ConnectDialog::showCheck);
    for (QLineEdit *edit : {m_url, m_key})
        connect(edit, &QLineEdit::textChanged, this, [this] { m_ok->setEnabled(false); });
    connect(m_trust, &QCheckBox::toggled, this, [this](bool trusted) {
        m_accepted.removeAll(m_offeredDigest);
        if (trusted) {
            m_accepted.append(m_offeredDigest);
            testConnection();
        }
    });
    resize(560, sizeHint().height());
}

QString ConnectDialog::url() const
{
    return m_url->text().trimmed();
}

QByteArray ConnectDialog::key() const
{
    return m_key->text().trimmed().toLatin1();
}

void ConnectDialog::testConnection()
{
    if (m_checking.isRunning())
        return;
    m_ok->setEnabled(false);
    m_test->setEnabled(false);
    m_result->setText(tr("Connecting…"));
    m_checking.setFuture(m_check(url(), key(), m_accepted));
}

void ConnectDialog::showCheck()
{
    const ConnectionCheck check = m_checking.result();
    m_test->setEnabled(true);
    m_result->setText((check.ok ? QStringLiteral("✔ ") : QStringLiteral("✘ ")) + check.message);
    m_ok->setEnabled(check.ok);
    if (!check.untrustedDigest.isEmpty()) {
        m_offeredDigest = check.untrustedDigest;
        const QSignalBlocker quiet(m_trust);
        m_trust->setChecked(false);
        m_trust->setText(tr("I compared the fingerprint %1 with the collector's certificate, and trust it.")
                             .arg(check.untrustedFingerprint));
        m_trust->show();
    } else if (!check.ok || m_accepted.isEmpty()) {
        m_trust->hide();
    }
}

} // namespace tdesk
