#include "weerbaar/client/text_rule.h"

#include <algorithm>

#include "utf8_decoder.h"

namespace weerbaar::client {
namespace {

Error invalid_text(std::string_view field, std::string_view dutch, std::string_view english) {
    const std::string name(field);
    return Error(ErrorCode::invalid_argument,
                 "ongeldige tekst in '" + name + "': " + std::string(dutch) +
                     " / invalid text in '" + name + "': " + std::string(english),
                 name);
}

bool is_space(char32_t code_point) {
    if (code_point == '\t' || code_point == '\n' || code_point == '\v' || code_point == '\f' ||
        code_point == '\r' || code_point == 0x85) {
        return true;
    }
    const utf8proc_category_t category = utf8::category(code_point);
    return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
           category == UTF8PROC_CATEGORY_ZP || category == UTF8PROC_CATEGORY_CF;
}

// A character a file name must not hold: it could fake a path, a line, or reorder
// what is shown (U+202E makes "cod.exe" read as "exe.doc").
bool unfit_for_file_name(char32_t code_point) {
    return code_point == '/' || utf8::is_dangerous(code_point);
}

constexpr std::string_view kFallbackFileName = "bijlage";

}  // namespace

std::size_t character_count(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const utf8::Decoded decoded = utf8::decode_at(text, i);
        if (decoded.code_point == utf8::kInvalid) {
            return false;
        }
        i += decoded.length;
    }
    return true;
}

bool is_blank(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const utf8::Decoded decoded = utf8::decode_at(text, i);
        if (decoded.code_point == utf8::kInvalid || !is_space(decoded.code_point)) {
            return false;
        }
        i += decoded.length;
    }
    return true;
}

Status check_text(std::string_view text, std::string_view field, TextRule rule) {
    if (!is_valid_utf8(text)) {
        return invalid_text(field, "geen geldige UTF-8 (sla het bestand op als UTF-8)",
                            "not valid UTF-8");
    }
    if (text.find('\0') != std::string_view::npos) {
        return invalid_text(field, "bevat een NUL-teken", "contains a NUL character");
    }
    if (rule.required && is_blank(text)) {
        const std::string name(field);
        return Error(ErrorCode::invalid_argument,
                     "lege tekst in '" + name + "': dit veld is verplicht / empty text in '" +
                         name + "': this field is required",
                     name);
    }
    if (const std::size_t count = character_count(text); count > rule.max_characters) {
        const std::string name(field);
        const std::string counts = std::to_string(count);
        const std::string limit = std::to_string(rule.max_characters);
        return Error(ErrorCode::invalid_argument,
                     "te lange tekst in '" + name + "': " + counts + " tekens, hooguit " + limit +
                         " / text too long in '" + name + "': " + counts + " characters, at most " +
                         limit,
                     name);
    }
    return ok_status();
}

RepairedFileName repair_file_name(std::string_view raw) {
    RepairedFileName out;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < raw.size() && kept < kMaxFileNameCharacters; ++kept) {
        const utf8::Decoded decoded = utf8::decode_at(raw, i);
        if (decoded.code_point == utf8::kInvalid) {
            out.name += utf8::kReplacementCharacter;
            out.repaired = true;
        } else if (unfit_for_file_name(decoded.code_point)) {
            out.name += '_';
            out.repaired = true;
        } else {
            out.name.append(raw.substr(i, decoded.length));
        }
        i += decoded.length;
        if (kept + 1 == kMaxFileNameCharacters && i < raw.size()) {
            out.repaired = true;  // cut
        }
    }
    if (out.name.empty() || out.name == "." || out.name == ".." || is_blank(out.name)) {
        out.name = kFallbackFileName;
        out.repaired = true;
    }
    return out;
}

std::string safe_save_name(std::string_view stored) {
    std::string name = repair_file_name(stored).name;
    std::replace(name.begin(), name.end(), '\\', '_');
    const std::size_t first = name.find_first_not_of(". ");
    name = first == std::string::npos ? std::string() : name.substr(first);
    if (name.empty() || is_blank(name)) {
        return std::string(kFallbackFileName);
    }
    return name;
}

Status check_file_name(std::string_view name, std::string_view field) {
    WEERBAAR_TRY(check_text(name, field, TextRule{true, kMaxFileNameCharacters}));
    if (name == "." || name == "..") {
        return invalid_text(field, "'.' en '..' zijn geen bestandsnaam",
                            "'.' and '..' are not file names");
    }
    for (std::size_t i = 0; i < name.size();) {
        const utf8::Decoded decoded = utf8::decode_at(name, i);
        if (unfit_for_file_name(decoded.code_point)) {
            return invalid_text(field, "bevat '/' of een stuur- of opmaakteken",
                                "contains '/' or a control or format character");
        }
        i += decoded.length;
    }
    return ok_status();
}

}  // namespace weerbaar::client
