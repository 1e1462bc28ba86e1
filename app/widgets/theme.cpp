#include "widgets/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>

namespace tdesk {

bool applyTheme(const QString &theme)
{
    if (theme.isEmpty() || theme == QLatin1String("system"))
        return true;
    if (theme != QLatin1String("light") && theme != QLatin1String("dark"))
        return false;
    QApplication::setStyle(QStringLiteral("Fusion"));
    QPalette palette = QApplication::style()->standardPalette();
    if (theme == QLatin1String("dark")) {
        const QColor window(0x20, 0x22, 0x27), base(0x17, 0x19, 0x1d), text(0xe6, 0xe8, 0xeb);
        palette.setColor(QPalette::Window, window);
        palette.setColor(QPalette::WindowText, text);
        palette.setColor(QPalette::Base, base);
        palette.setColor(QPalette::AlternateBase, window);
        palette.setColor(QPalette::Text, text);
        palette.setColor(QPalette::Button, window);
        palette.setColor(QPalette::ButtonText, text);
        palette.setColor(QPalette::ToolTipBase, base);
        palette.setColor(QPalette::ToolTipText, text);
        palette.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x90, 0x98));
        palette.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xed));
        palette.setColor(QPalette::HighlightedText, Qt::white);
        palette.setColor(QPalette::Link, QColor(0x6e, 0xa8, 0xff));
        palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6b, 0x70, 0x78));
        palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6b, 0x70, 0x78));
        palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6b, 0x70, 0x78));
    }
    QApplication::setPalette(palette);
    return true;
}

} // namespace tdesk
