#pragma once

// For screen tests: the texts a user cannot read whole. Looked up through the widgets, not the
// pixels: a label or button narrower (or, wrapped, lower) than its text needs, a header section
// narrower than its title, a table cell narrower than its text in any column but the last (which
// stretches and elides long values on purpose). A label or button that elides on purpose ("…")
// counts only when it has no tooltip to show the whole text.

#include <QAbstractButton>
#include <QAbstractItemModel>
#include <QFontMetrics>
#include <QHeaderView>
#include <QLabel>
#include <QStringList>
#include <QTableView>
#include <QTextDocument>

namespace tdesk::test {

inline QString describeWidget(const QWidget *widget)
{
    QStringList path;
    for (const QWidget *w = widget; w; w = w->parentWidget()) {
        if (!w->objectName().isEmpty()) {
            path.prepend(w->objectName());
            break;
        }
        path.prepend(QString::fromLatin1(w->metaObject()->className()));
    }
    return path.join(u'/');
}

// Whether a widget showing `text` elided it on purpose and offers the whole of it.
inline bool elidedWithTooltip(const QWidget *widget, const QString &text)
{
    return text.contains(QChar(0x2026)) && !widget->toolTip().isEmpty();
}

inline QStringList clippedTexts(QWidget *root)
{
    QStringList clipped;
    const auto report = [&](const QWidget *w, const QString &text, int needed, int has) {
        clipped << QStringLiteral("%1: \"%2\" needs %3 px, has %4").arg(describeWidget(w), text.left(60)).arg(needed).arg(has);
    };
    for (QLabel *label : root->findChildren<QLabel *>()) {
        if (!label->isVisibleTo(root) || label->text().isEmpty() || label->pixmap().cacheKey() != 0
            || elidedWithTooltip(label, label->text()))
            continue;
        const QRect box = label->contentsRect().adjusted(label->margin(), label->margin(), -label->margin(), -label->margin());
        if (label->wordWrap()) {
            const int needed = label->heightForWidth(label->width());
            if (needed > label->height())
                report(label, label->text(), needed, label->height());
            continue;
        }
        int width = 0;
        if (Qt::mightBeRichText(label->text()) && label->textFormat() != Qt::PlainText) {
            QTextDocument document;
            document.setDefaultFont(label->font());
            document.setHtml(label->text());
            document.setDocumentMargin(0);
            width = int(document.idealWidth());
        } else {
            for (const QString &line : label->text().split(u'\n'))
                width = std::max(width, label->fontMetrics().horizontalAdvance(line));
        }
        if (width > box.width())
            report(label, label->text(), width, box.width());
    }
    for (QAbstractButton *button : root->findChildren<QAbstractButton *>()) {
        if (!button->isVisibleTo(root) || button->text().isEmpty() || elidedWithTooltip(button, button->text()))
            continue;
        if (button->sizeHint().width() > button->width())
            report(button, button->text(), button->sizeHint().width(), button->width());
    }
    for (QHeaderView *header : root->findChildren<QHeaderView *>()) {
        if (!header->isVisibleTo(root) || header->orientation() != Qt::Horizontal || !header->model())
            continue;
        const QFontMetrics metrics(header->font());
        for (int section = 0; section < header->count(); ++section) {
            if (header->isSectionHidden(section))
                continue;
            const QString title = header->model()->headerData(section, Qt::Horizontal).toString();
            const int needed = metrics.horizontalAdvance(title) + 8; // the style's margins, at least
            if (needed > header->sectionSize(section))
                report(header, title, needed, header->sectionSize(section));
        }
    }
    for (QTableView *table : root->findChildren<QTableView *>()) {
        QAbstractItemModel *model = table->model();
        if (!table->isVisibleTo(root) || !model)
            continue;
        const QFontMetrics metrics(table->font());
        int lastShown = -1;
        for (int column = 0; column < model->columnCount(); ++column)
            lastShown = table->isColumnHidden(column) ? lastShown : column;
        for (int row = 0; row < std::min(model->rowCount(), 50); ++row) {
            for (int column = 0; column < lastShown; ++column) {
                if (table->isColumnHidden(column))
                    continue;
                const QString text = model->index(row, column).data().toString();
                const int needed = metrics.horizontalAdvance(text) + 6; // the cell's margins, at least
                if (!text.isEmpty() && needed > table->columnWidth(column))
                    report(table, text, needed, table->columnWidth(column));
            }
        }
    }
    return clipped;
}

} // namespace tdesk::test
