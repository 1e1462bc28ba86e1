#pragma once

// How the chart widgets (charts.h, insightcharts.h) look: one accent, faded lines, cards.

#include <QByteArray>
#include <QColor>
#include <QFrame>
#include <QLabel>
#include <QPalette>
#include <QString>

namespace tdesk {

inline bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

inline QColor accent(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x6e, 0xa8, 0xff) : QColor(0x2f, 0x6f, 0xed);
}

inline QColor faded(QColor color, float alpha)
{
    color.setAlphaF(alpha);
    return color;
}

// All cards (tiles, charts, lists) look alike: the base colour with the style's thin frame.
inline void makeCard(QFrame *card)
{
    card->setFrameShape(QFrame::StyledPanel);
    card->setAutoFillBackground(true);
    card->setBackgroundRole(QPalette::Base);
}

// A card's title.
inline QLabel *makeTitle(QWidget *parent)
{
    auto *title = new QLabel(parent);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    return title;
}

inline QByteArray csvField(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    if (bytes.contains(',') || bytes.contains('"') || bytes.contains('\n') || bytes.contains('\r'))
        return '"' + bytes.replace('"', "\"\"") + '"';
    return bytes;
}

} // namespace tdesk
