#pragma once

#include <QIcon>
#include <QWidget>

namespace tdesk {

// A page of the main window. The window switches between views and forwards the commands that
// apply to whichever is showing.
class View : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;

    virtual QString title() const = 0;
    virtual QIcon icon() const = 0;
    // F5: read everything again now.
    virtual void refresh() {}
    // Ctrl+F: put the cursor where the user searches, if the view has such a place.
    virtual bool focusSearch() { return false; }
    // Ctrl+E: export what the view shows; false when it has nothing to export.
    virtual bool exportData() { return false; }
};

} // namespace tdesk
