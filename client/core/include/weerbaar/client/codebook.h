#pragma once
// Codebook v1: the one place that lists every code a case may hold, with its Dutch
// label and an English gloss. Intake validation and every display use it, so a
// code cannot be accepted in one place and be unknown in another.

#include <optional>
#include <span>
#include <string_view>

namespace weerbaar::client {

inline constexpr unsigned kCodebookVersion = 1;

struct Code {
    std::string_view code;      // lower-case ASCII with underscores: what is stored
    std::string_view label_nl;  // what a Dutch user reads
    std::string_view gloss_en;
};

enum class CodeList {
    office_role,
    province,
    incident_type,
    channel,
    perpetrator,
    risk_level,
    referral,
    status,
    outcome,
};

// The list's name as used in the docs and in error messages ("office_role", ...).
[[nodiscard]] std::string_view code_list_name(CodeList list);
[[nodiscard]] std::span<const Code> codes(CodeList list);
[[nodiscard]] std::optional<Code> find_code(CodeList list, std::string_view code);
[[nodiscard]] bool is_known_code(CodeList list, std::string_view code);
// The Dutch label of a code, or the code itself when it is not in the list (so a
// newer codebook's code still shows as something rather than nothing).
[[nodiscard]] std::string_view dutch_label(CodeList list, std::string_view code);

}  // namespace weerbaar::client
