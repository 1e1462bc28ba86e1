#include "widgets/databasedialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QUrl>
#include <QVBoxLayout>

namespace tdesk {
namespace {

bool isPostgresUrl(const QString &text)
{
    return text.startsWith(QLatin1String("postgresql://")) || text.startsWith(QLatin1String("postgres://"));
}

} // namespace

DatabaseDialog::DatabaseDialog(const QString &currentUrl, Check check, bool keychain, QWidget *parent)
    : QDialog(parent)
    , m_check(std::move(check))
{
    setWindowTitle(tr("Database"));
    auto *layout = new QVBoxLayout(this);

    m_sqlite = new QRadioButton(tr("A file on this computer (SQLite)"), this);
    layout->addWidget(m_sqlite);
    auto *fileRow = new QHBoxLayout;
    m_file = new QLineEdit(this);
    m_file->setObjectName(QStringLiteral("file"));
    m_browse = new QPushButton(tr("Browse…"), this);
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(m_browse);
    layout->addLayout(fileRow);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Database"), m_file->text(), tr("SQLite databases (*.db);;All files (*)"),
                                                          nullptr, QFileDialog::DontConfirmOverwrite);
        if (!file.isEmpty())
            m_file->setText(file);
    });

    m_postgres = new QRadioButton(tr("A PostgreSQL server"), this);
    layout->addWidget(m_postgres);
    auto *form = new QFormLayout;
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setPlaceholderText(QStringLiteral("postgresql://telemetry@db.example:5432/telemetry"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("from PGPASSWORD or ~/.pgpass when empty"));
    form->addRow(tr("URL:"), m_url);
    form->addRow(tr("Password:"), m_password);
    layout->addLayout(form);
    auto *note = new QLabel(keychain ? tr("The password is kept in the system's keychain, never in the settings.")
                                     : tr("The password is used for this session only and is never written to the settings."),
                            this);
    note->setWordWrap(true);
    layout->addWidget(note);

    auto *testRow = new QHBoxLayout;
    auto *test = new QPushButton(tr("Test connection"), this);
    test->setObjectName(QStringLiteral("test"));
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("result"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    testRow->addWidget(test);
    testRow->addWidget(m_result, 1);
    layout->addLayout(testRow);
    connect(test, &QPushButton::clicked, this, &DatabaseDialog::testConnection);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        // Opening a database that cannot be opened helps nobody: say why and stay.
        const QString problem = m_check(connectionUrl());
        if (!problem.isEmpty()) {
            m_result->setText(problem);
            return;
        }
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    if (isPostgresUrl(currentUrl)) {
        QUrl url(currentUrl);
        m_password->setText(url.password());
        url.setPassword(QString());
        m_url->setText(url.toString());
        m_postgres->setChecked(true);
    } else {
        m_file->setText(currentUrl);
        m_sqlite->setChecked(true);
    }
    connect(m_sqlite, &QRadioButton::toggled, this, &DatabaseDialog::updateEnabled);
    updateEnabled();
    resize(560, sizeHint().height());
}

void DatabaseDialog::updateEnabled()
{
    const bool postgres = m_postgres->isChecked();
    m_file->setEnabled(!postgres);
    m_browse->setEnabled(!postgres);
    m_url->setEnabled(postgres);
    m_password->setEnabled(postgres);
    m_result->clear();
}

QString DatabaseDialog::location() const
{
    if (m_sqlite->isChecked())
        return m_file->text().trimmed();
    QUrl url(m_url->text().trimmed());
    url.setPassword(QString());
    return url.toString();
}

QString DatabaseDialog::password() const
{
    return m_postgres->isChecked() ? m_password->text() : QString();
}

QString DatabaseDialog::connectionUrl() const
{
    if (m_sqlite->isChecked() || m_password->text().isEmpty())
        return location();
    QUrl url(location());
    url.setPassword(m_password->text());
    return url.toString();
}

void DatabaseDialog::testConnection()
{
    const QString problem = m_check(connectionUrl());
    m_result->setText(problem.isEmpty() ? tr("Connected: this database can be opened.") : problem);
}

} // namespace tdesk
