#pragma once
// Codebook v1: every code a case may hold, with its Dutch label and an English
// gloss. The content lives in codebook/codebook-v1.json, the one source that the
// client, the research export and docs/codebook.md share; the build embeds that
// file and it is parsed once, on first use. Intake validation and every display use
// it, so a code cannot be accepted in one place and be unknown in another.

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "weerbaar/result.h"

namespace weerbaar::client {

// A record stores the version it was written with (Intake.codebook_version); the
// codebook file must carry the same number or it is rejected.
inline constexpr unsigned kCodebookVersion = 1;

// The views point into the codebook they came from; for the free functions below
// that is the embedded codebook, which lives until the program ends.
struct Code {
    std::string_view code;      // lower-case ASCII with underscores: what is stored
    std::string_view label_nl;  // what a Dutch user reads
    std::string_view gloss_en;
};

// New lists are appended, so the values of existing ones never change.
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
    contact_kind,
};

// Every list, in the order of the enum.
inline constexpr std::array kCodeLists{
    CodeList::office_role, CodeList::province,     CodeList::incident_type, CodeList::channel,
    CodeList::perpetrator, CodeList::risk_level,   CodeList::referral,      CodeList::status,
    CodeList::outcome,     CodeList::contact_kind,
};

// The list's name as used in the codebook file, the docs and error messages
// ("office_role", ...).
[[nodiscard]] std::string_view code_list_name(CodeList list);
[[nodiscard]] std::optional<CodeList> code_list_by_name(std::string_view name);

namespace detail {
struct CodebookTables;
}  // namespace detail

// A parsed and validated codebook. Copies share the same immutable tables, so the
// views it hands out stay valid while any copy lives.
class Codebook {
  public:
    // Parses codebook JSON (layout in docs/codebook.md) and checks it: the version
    // is kCodebookVersion, every list is present once and not empty, codes are
    // lower-case ASCII with underscores and unique within their list, and no label,
    // gloss or description is empty. invalid_argument names every problem found.
    [[nodiscard]] static Result<Codebook> parse(std::string_view json);

    [[nodiscard]] unsigned version() const;
    [[nodiscard]] std::span<const Code> codes(CodeList list) const;
    [[nodiscard]] std::optional<Code> find(CodeList list, std::string_view code) const;
    [[nodiscard]] std::string_view description_nl(CodeList list) const;
    [[nodiscard]] std::string_view description_en(CodeList list) const;

  private:
    explicit Codebook(std::shared_ptr<const detail::CodebookTables> tables);

    const std::shared_ptr<const detail::CodebookTables> tables_;
};

// The bytes of codebook/codebook-v1.json as they were at build time (for an export
// that ships the codebook along with the data it explains).
[[nodiscard]] std::string_view embedded_codebook_json();
// The embedded codebook, parsed on first use (thread-safe). It was validated by the
// tests of the same build; should it still fail to parse, the program aborts,
// because every code would otherwise silently be unknown.
[[nodiscard]] const Codebook& embedded_codebook();

// Shorthands for the embedded codebook.
[[nodiscard]] std::span<const Code> codes(CodeList list);
[[nodiscard]] std::optional<Code> find_code(CodeList list, std::string_view code);
[[nodiscard]] bool is_known_code(CodeList list, std::string_view code);
// The Dutch label of a code, or the code itself when it is not in the list (so a
// newer codebook's code still shows as something rather than nothing).
[[nodiscard]] std::string_view dutch_label(CodeList list, std::string_view code);

}  // namespace weerbaar::client
