#include "widgets/icons.h"

#include <QPainter>
#include <QSvgRenderer>

namespace tdesk {

QIcon themedIcon(const QString &name, const QPalette &palette)
{
    QSvgRenderer renderer(QStringLiteral(":/icons/%1.svg").arg(name));
    QIcon icon;
    for (const int size : {16, 24, 32, 48}) {
        for (const auto mode : {QIcon::Normal, QIcon::Selected}) {
            QPixmap pixmap(size, size);
            pixmap.fill(Qt::transparent);
            QPainter painter(&pixmap);
            renderer.render(&painter);
            painter.setCompositionMode(QPainter::CompositionMode_SourceIn);
            painter.fillRect(pixmap.rect(), palette.color(mode == QIcon::Selected ? QPalette::HighlightedText
                                                                                   : QPalette::WindowText));
            painter.end();
            icon.addPixmap(pixmap, mode);
        }
    }
    return icon;
}

} // namespace tdesk
