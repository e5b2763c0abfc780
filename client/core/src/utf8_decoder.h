#pragma once
// One step of strict UTF-8 decoding, on utf8proc (Debian libutf8proc), which also
// knows each code point's Unicode category. Private to client/core.

#include <utf8proc.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace weerbaar::client::utf8 {

inline constexpr char32_t kInvalid = 0xFFFFFFFF;
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

struct Decoded {
    char32_t code_point = kInvalid;  // kInvalid: not valid UTF-8 at this position
    std::size_t length = 1;          // bytes consumed (on kInvalid: to skip as one unit)
};

// Decodes the code point starting at `position` (< text.size()). An invalid sequence
// is one unit: its first byte plus the continuation bytes right after it (at most
// three), so a cut or overlong character becomes one U+FFFD, not several.
[[nodiscard]] inline Decoded decode_at(std::string_view text, std::size_t position) {
    utf8proc_int32_t code_point = -1;
    const auto* start = reinterpret_cast<const utf8proc_uint8_t*>(text.data() + position);
    const auto available = static_cast<utf8proc_ssize_t>(text.size() - position);
    const utf8proc_ssize_t length = utf8proc_iterate(start, available, &code_point);
    if (length > 0 && code_point >= 0) {
        return Decoded{static_cast<char32_t>(code_point), static_cast<std::size_t>(length)};
    }
    std::size_t skipped = 1;
    while (skipped < 4 && position + skipped < text.size() &&
           (static_cast<unsigned char>(text[position + skipped]) & 0xC0U) == 0x80U) {
        ++skipped;
    }
    return Decoded{kInvalid, skipped};
}

[[nodiscard]] inline utf8proc_category_t category(char32_t code_point) {
    return utf8proc_category(static_cast<utf8proc_int32_t>(code_point));
}

// C0 controls, DEL and C1 controls (Unicode category Cc).
[[nodiscard]] inline bool is_control(char32_t code_point) {
    return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F);
}

// What may never reach a terminal or a file name as it is: controls (Cc), format
// characters (Cf: bidi overrides and isolates, zero-width characters, BOM) and the
// line and paragraph separators (Zl, Zp).
[[nodiscard]] inline bool is_dangerous(char32_t code_point) {
    if (is_control(code_point)) {
        return true;
    }
    const utf8proc_category_t kind = category(code_point);
    return kind == UTF8PROC_CATEGORY_CF || kind == UTF8PROC_CATEGORY_ZL ||
           kind == UTF8PROC_CATEGORY_ZP;
}

}  // namespace weerbaar::client::utf8
