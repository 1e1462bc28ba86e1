#pragma once

#include <QString>

namespace tdesk {

enum class SnippetLanguage { Curl, JavaScript, Python, Cpp };

// A complete program in the language that sends one test event to `ingestUrl` with `key`, with
// the SDK of that language (sdk/) where there is one.
QString ingestSnippet(SnippetLanguage language, const QString &ingestUrl, const QString &key);
QString snippetLanguageName(SnippetLanguage language);

} // namespace tdesk
