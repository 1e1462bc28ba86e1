#pragma once

#include <QDialog>
#include <QFuture>
#include <QFutureWatcher>

#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace tdesk {

// What "Test connection" found out.
struct ConnectionCheck
{
    bool ok = false;
    QString message;              // what works ("Connected: …") or exactly what is wrong
    QByteArray untrustedDigest;   // SHA-256 of a certificate nobody said to trust; empty: none
    QString untrustedFingerprint; // the same as people compare it: "AB:CD:…"
};

// File → Connect to collector…: a remote collector's URL and a private or admin key, tried before
// they are kept. A certificate that no CA vouches for (a self-signed one) is shown by its
// fingerprint and trusted only when the user says so, never silently.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    using Check = std::function<QFuture<ConnectionCheck>(const QString &url, const QByteArray &key,
                                                         const QList<QByteArray> &acceptedDigests)>;
    ConnectDialog(const QString &url, Check check, bool keychain, QWidget *parent = nullptr);

    QString url() const;
    QByteArray key() const;
    QList<QByteArray> acceptedDigests() const { return m_accepted; }

private:
    void testConnection();
    void showCheck();

    Check m_check;
    QLineEdit *m_url;
    QLineEdit *m_key;
    QPushButton *m_test;
    QLabel *m_result;
    QCheckBox *m_trust;
    QPushButton *m_ok;
    QByteArray m_offeredDigest;
    QList<QByteArray> m_accepted;
    QFutureWatcher<ConnectionCheck> m_checking;
};

} // namespace tdesk
