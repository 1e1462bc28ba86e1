#pragma once

#include "core/project.h"
#include "core/result.h"
#include "views/view.h"

#include <QFutureWatcher>

#include <functional>
#include <type_traits>

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

    // The actions behind the buttons, for the buttons and for tests. Each runs off the GUI thread
    // and ends with changeFinished(), having shown why when it could not be done. A name that
    // cannot be a project's is refused at once (false).
    bool createProject(const QString &name);
    void renameProject(const QString &from, const QString &to);
    void deleteProject(const QString &name);
    void saveSettings();
    // The new key comes with keyCreated() (it is shown once).
    void createKey(KeyKind kind);
    void revokeKey(const QString &prefix);
    QString selectedProjectName() const;
    void selectProject(const QString &name);

Q_SIGNALS:
    // A key was created: the window shows it once, with snippets that use it.
    void keyCreated(const QString &key, const QString &projectName);
    void changeFinished(bool ok);

private:
    void showProjects();
    void showProject();
    void showKeys();
    void fillKeys();
    // Runs a change of the catalog: on success `done`, then every view reads the catalog again.
    template<typename T>
    void change(QFuture<Result<T>> future, const QString &what,
                std::type_identity_t<std::function<void(const Result<T> &)>> done = {});

    AppContext *m_context;
    QFutureWatcher<Result<QList<Project>>> m_projectsQuery;
    QFutureWatcher<Result<QList<KeyInfo>>> m_keysQuery;
    QList<Project> m_projects;
    QString m_selectNext; // to select when the list is read again
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
