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
    // The kind is in the key's text (tdp_, tds_, tda_): only public keys can send the test event.
    const bool isPublic = key.startsWith(QLatin1String("tdp_"));
    const bool isAdmin = key.startsWith(QLatin1String("tda_"));
    setWindowTitle(isPublic ? tr("New public key for “%1”").arg(projectName)
                   : isAdmin ? tr("New admin key")
                             : tr("New private key for “%1”").arg(projectName));
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

    if (!isPublic) {
        auto *purpose = new QLabel(isAdmin ? tr("It manages every project and its keys and reads all data: keep it "
                                                "secret. It cannot send events.")
                                           : tr("It reads this project's data from another computer: keep it secret. "
                                                "It cannot send events."),
                                   this);
        purpose->setWordWrap(true);
        layout->addWidget(purpose);
        layout->addStretch();
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
        layout->addWidget(buttons);
        resize(640, 200);
        return;
    }
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
