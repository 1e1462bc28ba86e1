#pragma once

#include <QDialog>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace tdesk {

// File → Database…: the database the app opens: a SQLite file on this computer, or a PostgreSQL
// server that collectors elsewhere store into. The password is asked apart from the URL, so that
// the URL can be remembered and shown without it.
class DatabaseDialog : public QDialog
{
    Q_OBJECT

public:
    // `check` tries a database URL and says what is wrong with it ("" when it can be opened).
    using Check = std::function<QString(const QString &url)>;
    // `keychain`: a typed password will be kept in the platform keychain (else for this session only).
    DatabaseDialog(const QString &currentUrl, Check check, bool keychain, QWidget *parent = nullptr);

    // The choice: a file path, or the PostgreSQL URL without its password; and the password typed.
    QString location() const;
    QString password() const;
    // The location with the password in it, to connect with (never to be stored or shown).
    QString connectionUrl() const;

private:
    void testConnection();
    void updateEnabled();

    Check m_check;
    QRadioButton *m_sqlite;
    QRadioButton *m_postgres;
    QLineEdit *m_file;
    QPushButton *m_browse;
    QLineEdit *m_url;
    QLineEdit *m_password;
    QLabel *m_result;
};

} // namespace tdesk
