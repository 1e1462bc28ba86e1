#pragma once

#include "core/project.h"
#include "core/result.h"
#include "query/readtypes.h"
#include "views/view.h"

#include <QFutureWatcher>

#include <functional>
#include <optional>
#include <type_traits>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace tdesk {

class AppContext;

// Projects and their keys: create, rename and delete projects, set the limits the collector
// enforces for each, and create, label, copy and revoke the keys apps send with. The project shown
// here is the toolbar's: choosing one in the list chooses it for every view, and the other way
// round; under "All projects" the list keeps its own choice and the heading names it.
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
    // The new key comes with keyCreated() (it is shown once). Admin keys belong to no project.
    void createKey(KeyKind kind, const QString &label = {});
    void revokeKey(const QString &prefix);
    void setKeyLabel(const QString &prefix, const QString &label);
    QString selectedProjectName() const;
    // As if the user chose the project in the list: it becomes the toolbar's project too.
    void selectProject(const QString &name);

Q_SIGNALS:
    // A key was created: the window shows it once, with snippets that use it.
    void keyCreated(const QString &key, const QString &projectName);
    void changeFinished(bool ok);

private:
    void showProjects();
    void followToolbar();
    void showProject();
    void showHeading();
    void showLimits();
    void updateSaveButtons();
    void showKeys();
    void fillKeys();
    void updateKeyButtons();
    void askForKey(KeyKind kind);
    std::optional<KeyInfo> currentKey() const;
    const Project *selectedProject() const;
    // Runs a change of the catalog: on success `done`, then every view reads the catalog again.
    template<typename T>
    void change(QFuture<Result<T>> future, const QString &what,
                std::type_identity_t<std::function<void(const Result<T> &)>> done = {});

    AppContext *m_context;
    QFutureWatcher<Result<QList<Project>>> m_projectsQuery;
    QFutureWatcher<Result<QList<KeyInfo>>> m_keysQuery;
    QList<Project> m_projects;
    QList<KeyInfo> m_keyList;          // the selected project's keys, then the admin keys
    std::optional<CollectorStatus> m_status; // for the collector's defaults; none without a collector
    qint64 m_keysReadMs = 0;
    QString m_selectNext; // to select when the list is read again
    QListWidget *m_list;
    QPushButton *m_rename;
    QPushButton *m_delete;
    QLabel *m_heading;
    QLabel *m_headingNote;
    QWidget *m_settings;
    QSpinBox *m_rateLimit;
    QSpinBox *m_retention;
    QDoubleSpinBox *m_sampling;
    QLineEdit *m_origins;
    QCheckBox *m_requireKey;
    QPushButton *m_save;
    QPushButton *m_revert;
    QStackedWidget *m_keyPages;
    QTreeWidget *m_keys;
    QLabel *m_noKeys;
    QWidget *m_keyButtons;
    QPushButton *m_editLabel;
    QPushButton *m_copyId;
    QPushButton *m_revoke;
};

} // namespace tdesk
