#include "weerbaar/client/display_text.h"

#include <cstdio>

#include "utf8_decoder.h"

namespace weerbaar::client {
namespace {

void append_marker(std::string& out, char32_t code_point) {
    char marker[16];
    const int length =
        std::snprintf(marker, sizeof marker, "\\u{%02X}", static_cast<unsigned>(code_point));
    out.append(marker, static_cast<std::size_t>(length));
}

enum class Lines { kept, joined };

std::string neutralised(std::string_view text, Lines lines) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const utf8::Decoded decoded = utf8::decode_at(text, i);
        const char32_t code_point = decoded.code_point;
        const bool crlf = code_point == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
        if (code_point == utf8::kInvalid) {
            out += utf8::kReplacementCharacter;
        } else if (code_point == '\n' || crlf) {
            if (lines == Lines::kept) {
                out += '\n';
            } else {
                out += kLineBreakMarker;
            }
            i += crlf ? 1 : 0;  // the LF of the pair
        } else if (code_point == '\t') {
            out += lines == Lines::kept ? '\t' : ' ';
        } else if (utf8::is_dangerous(code_point)) {
            append_marker(out, code_point);
        } else {
            out.append(text.substr(i, decoded.length));
        }
        i += decoded.length;
    }
    return out;
}

}  // namespace

std::string display_text(std::string_view text) { return neutralised(text, Lines::kept); }

std::string display_line(std::string_view text) { return neutralised(text, Lines::joined); }

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const utf8::Decoded decoded = utf8::decode_at(text, i);
        if (decoded.code_point == utf8::kInvalid) {
            out += utf8::kReplacementCharacter;
        } else {
            out.append(text.substr(i, decoded.length));
        }
        i += decoded.length;
    }
    return out;
}

}  // namespace weerbaar::client
