#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace tdesk {

// Appends utf8 as a JSON string literal (quotes included), escaping what JSON requires.
inline void appendJsonString(QByteArray &out, QByteArrayView utf8)
{
    static constexpr char Hex[] = "0123456789abcdef";
    out += '"';
    for (char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            switch (c) {
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                out += "\\u00";
                out += Hex[u >> 4];
                out += Hex[u & 0xF];
            }
        } else {
            out += c;
        }
    }
    out += '"';
}

} // namespace tdesk
