#pragma once

#include <QDialog>

namespace tdesk {

// Shows a new key once (only its hash is kept), with ready snippets that send a test event with it.
class KeyDialog : public QDialog
{
    Q_OBJECT

public:
    KeyDialog(const QString &key, const QString &projectName, const QString &ingestUrl, QWidget *parent = nullptr);
};

} // namespace tdesk
