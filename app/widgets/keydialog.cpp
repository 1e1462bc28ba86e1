#include "widgets/keydialog.h"

#include "widgets/snippets.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace tdesk {

KeyDialog::KeyDialog(const QString &key, const QString &projectName, const QString &ingestUrl, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("New key for “%1”").arg(projectName));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Copy the key now: Telemetry Desk keeps only a hash of it and cannot show it again."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto *keyRow = new QHBoxLayout;
    auto *keyText = new QLineEdit(key, this);
    keyText->setReadOnly(true);
    keyText->setFont(fixed);
    keyText->setAccessibleName(tr("Key"));
    auto *copyKey = new QPushButton(tr("Copy key"), this);
    keyRow->addWidget(keyText, 1);
    keyRow->addWidget(copyKey);
    layout->addLayout(keyRow);
    connect(copyKey, &QPushButton::clicked, this, [key] { QApplication::clipboard()->setText(key); });

    layout->addWidget(new QLabel(tr("Send a test event with it:"), this));
    auto *tabs = new QTabWidget(this);
    for (const auto language : {SnippetLanguage::Curl, SnippetLanguage::JavaScript, SnippetLanguage::Python, SnippetLanguage::Cpp}) {
        auto *page = new QWidget(tabs);
        auto *pageLayout = new QVBoxLayout(page);
        auto *code = new QPlainTextEdit(ingestSnippet(language, ingestUrl, key), page);
        code->setReadOnly(true);
        code->setFont(fixed);
        code->setLineWrapMode(QPlainTextEdit::NoWrap);
        auto *copy = new QPushButton(tr("Copy"), page);
        pageLayout->addWidget(code);
        pageLayout->addWidget(copy, 0, Qt::AlignRight);
        connect(copy, &QPushButton::clicked, this, [code] { QApplication::clipboard()->setText(code->toPlainText()); });
        tabs->addTab(page, snippetLanguageName(language));
    }
    layout->addWidget(tabs, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    layout->addWidget(buttons);
    resize(720, 460);
}

} // namespace tdesk
