#pragma once

#include "storage/catalog.h"
#include "views/view.h"

class QCheckBox;
class QDoubleSpinBox;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace tdesk {

class AppContext;

// Projects and their keys: create, rename and delete projects, set the limits the collector
// enforces for each, and create, copy and revoke the keys apps send with.
class ProjectsView : public View
{
    Q_OBJECT

public:
    explicit ProjectsView(AppContext *context, QWidget *parent = nullptr);

    QString title() const override { return tr("Projects & keys"); }
    QIcon icon() const override;
    void refresh() override;

    // The actions behind the buttons, for the buttons and for tests. Each returns false and
    // shows why when it cannot be done.
    bool createProject(const QString &name);
    bool renameProject(const QString &from, const QString &to);
    bool deleteProject(const QString &name);
    bool saveSettings();
    // Returns the new key (shown once), or an empty string.
    QString createKey(KeyKind kind);
    bool revokeKey(const QString &prefix);
    QString selectedProjectName() const;
    void selectProject(const QString &name);

Q_SIGNALS:
    // A key was created: the window shows it once, with snippets that use it.
    void keyCreated(const QString &key, const QString &projectName);

private:
    void showProject();
    void showKeys();
    bool report(const Result<void> &result, const QString &what);
    void changed();

    AppContext *m_context;
    QList<Project> m_projects;
    QListWidget *m_list;
    QPushButton *m_rename;
    QPushButton *m_delete;
    QSpinBox *m_rateLimit;
    QSpinBox *m_retention;
    QDoubleSpinBox *m_sampling;
    QLineEdit *m_origins;
    QCheckBox *m_requireKey;
    QPushButton *m_save;
    QTreeWidget *m_keys;
    QPushButton *m_revoke;
    QPushButton *m_copyPrefix;
};

} // namespace tdesk
