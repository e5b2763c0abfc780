#include "weerbaar/client/codebook.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "joined_problems.h"

namespace weerbaar::client {

namespace detail {

struct CodebookTables {
    struct List {
        std::string_view description_nl;
        std::string_view description_en;
        std::vector<Code> codes;
    };

    // Owns the text every view below points into. A deque, because growing it never
    // moves the strings already in it (a vector would, and short strings live inside
    // the string object).
    std::deque<std::string> text;
    unsigned version = 0;
    std::array<List, kCodeLists.size()> lists;

    std::string_view keep(std::string value) { return text.emplace_back(std::move(value)); }
    List& list(CodeList which) { return lists[static_cast<std::size_t>(which)]; }
    [[nodiscard]] const List& list(CodeList which) const {
        return lists[static_cast<std::size_t>(which)];
    }
};

}  // namespace detail

namespace {

using nlohmann::json;

// Tables are indexed by the enum's value, so kCodeLists must list it in order.
constexpr bool code_lists_in_enum_order() {
    for (std::size_t i = 0; i < kCodeLists.size(); ++i) {
        if (static_cast<std::size_t>(kCodeLists[i]) != i) {
            return false;
        }
    }
    return true;
}
static_assert(code_lists_in_enum_order());

bool is_code_text(std::string_view text) {
    if (text.empty() || text.front() < 'a' || text.front() > 'z') {
        return false;
    }
    for (const char c : text) {
        if (!((c >= 'a' && c <= 'z') || c == '_')) {
            return false;
        }
    }
    return true;
}

// Walks one codebook document and records every problem with its path, so a broken
// file is fixed in one go. Valid content is copied into the tables as it is checked.
class CodebookReader {
  public:
    explicit CodebookReader(detail::CodebookTables& tables) : tables_(tables) {}

    void read(const json& document) {
        if (!document.is_object()) {
            problem("(codebook)", "must be a JSON object");
            return;
        }
        reject_unknown_keys(document, "", {"version", "lists"});
        read_version(document);
        read_lists(document);
    }

    [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }

  private:
    void problem(const std::string& path, const std::string& what) {
        problems_.push_back(path + ": " + what);
    }

    void reject_unknown_keys(const json& object, const std::string& path,
                             std::initializer_list<std::string_view> known) {
        for (const auto& [key, value] : object.items()) {
            bool is_known = false;
            for (const std::string_view name : known) {
                is_known = is_known || key == name;
            }
            if (!is_known) {
                problem(path.empty() ? key : std::string(path).append(".").append(key),
                        "unknown key");
            }
        }
    }

    void read_version(const json& document) {
        const auto found = document.find("version");
        if (found == document.end()) {
            problem("version", "missing");
        } else if (!found->is_number_unsigned() ||
                   found->get<std::uint64_t>() != kCodebookVersion) {
            problem("version", "must be " + std::to_string(kCodebookVersion) +
                                   " (this client's codebook version), is " + found->dump());
        } else {
            tables_.version = kCodebookVersion;
        }
    }

    // A non-empty string member, or nullopt after recording why not.
    std::optional<std::string> required_text(const json& object, const std::string& key,
                                             const std::string& path) {
        const auto found = object.find(key);
        if (found == object.end()) {
            problem(path, "missing");
            return std::nullopt;
        }
        if (!found->is_string()) {
            problem(path, "must be a string");
            return std::nullopt;
        }
        auto text = found->get<std::string>();
        if (text.empty()) {
            problem(path, "must not be empty");
            return std::nullopt;
        }
        return text;
    }

    void read_lists(const json& document) {
        const auto found = document.find("lists");
        if (found == document.end()) {
            problem("lists", "missing");
            return;
        }
        if (!found->is_array()) {
            problem("lists", "must be an array");
            return;
        }
        std::array<bool, kCodeLists.size()> seen{};
        for (std::size_t i = 0; i < found->size(); ++i) {
            const std::string path = "lists[" + std::to_string(i) + "]";
            const json& entry = (*found)[i];
            if (!entry.is_object()) {
                problem(path, "must be an object");
                continue;
            }
            reject_unknown_keys(entry, path, {"name", "description_nl", "description_en", "codes"});
            std::optional<CodeList> list;
            if (const auto name = required_text(entry, "name", path + ".name")) {
                list = code_list_by_name(*name);
                if (!list) {
                    problem(path + ".name", "unknown list '" + *name + "'");
                } else if (seen[static_cast<std::size_t>(*list)]) {
                    problem(path + ".name", "list '" + *name + "' appears twice");
                    list.reset();
                } else {
                    seen[static_cast<std::size_t>(*list)] = true;
                }
            }
            // Problems inside a list are named after the list once its name is known.
            const std::string list_path = list ? std::string(code_list_name(*list)) : path;
            read_list(entry, list_path, list);
        }
        for (const CodeList list : kCodeLists) {
            if (!seen[static_cast<std::size_t>(list)]) {
                problem("lists", "list '" + std::string(code_list_name(list)) + "' is missing");
            }
        }
    }

    // `list` is empty when the entry cannot be stored (unknown or repeated name); its
    // content is still checked so that every problem is reported.
    void read_list(const json& entry, const std::string& path, std::optional<CodeList> list) {
        const auto description_nl =
            required_text(entry, "description_nl", path + ".description_nl");
        const auto description_en =
            required_text(entry, "description_en", path + ".description_en");
        detail::CodebookTables::List scratch;
        detail::CodebookTables::List& target = list ? tables_.list(*list) : scratch;
        if (description_nl) {
            target.description_nl = tables_.keep(*description_nl);
        }
        if (description_en) {
            target.description_en = tables_.keep(*description_en);
        }

        const auto found = entry.find("codes");
        if (found == entry.end()) {
            problem(path + ".codes", "missing");
            return;
        }
        if (!found->is_array()) {
            problem(path + ".codes", "must be an array");
            return;
        }
        if (found->empty()) {
            problem(path + ".codes", "must not be empty");
            return;
        }
        for (std::size_t i = 0; i < found->size(); ++i) {
            read_code((*found)[i], path + ".codes[" + std::to_string(i) + "]", target);
        }
    }

    void read_code(const json& entry, const std::string& path, detail::CodebookTables::List& list) {
        if (!entry.is_object()) {
            problem(path, "must be an object");
            return;
        }
        reject_unknown_keys(entry, path, {"code", "label_nl", "gloss_en"});
        auto code = required_text(entry, "code", path + ".code");
        if (code && !is_code_text(*code)) {
            problem(path + ".code",
                    "'" + *code + "' is not lower-case ASCII letters and underscores");
            code.reset();
        }
        if (code) {
            for (const Code& earlier : list.codes) {
                if (earlier.code == *code) {
                    problem(path + ".code", "'" + *code + "' appears twice in the list");
                    code.reset();
                    break;
                }
            }
        }
        const auto label_nl = required_text(entry, "label_nl", path + ".label_nl");
        const auto gloss_en = required_text(entry, "gloss_en", path + ".gloss_en");
        if (code && label_nl && gloss_en) {
            list.codes.push_back(
                Code{tables_.keep(*code), tables_.keep(*label_nl), tables_.keep(*gloss_en)});
        }
    }

    detail::CodebookTables& tables_;
    std::vector<std::string> problems_;
};

}  // namespace

std::string_view code_list_name(CodeList list) {
    switch (list) {
        case CodeList::office_role:
            return "office_role";
        case CodeList::province:
            return "province";
        case CodeList::incident_type:
            return "incident_type";
        case CodeList::channel:
            return "channel";
        case CodeList::perpetrator:
            return "perpetrator";
        case CodeList::risk_level:
            return "risk_level";
        case CodeList::referral:
            return "referral";
        case CodeList::status:
            return "status";
        case CodeList::outcome:
            return "outcome";
        case CodeList::contact_kind:
            return "contact_kind";
    }
    return "unknown";
}

std::optional<CodeList> code_list_by_name(std::string_view name) {
    for (const CodeList list : kCodeLists) {
        if (code_list_name(list) == name) {
            return list;
        }
    }
    return std::nullopt;
}

Result<Codebook> Codebook::parse(std::string_view text) {
    const json document =
        json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) {
        return Error(ErrorCode::invalid_argument, "codebook invalid: not well-formed JSON");
    }
    // Built in place and never moved, so the views into its text stay valid.
    auto tables = std::make_shared<detail::CodebookTables>();
    CodebookReader reader(*tables);
    reader.read(document);
    if (!reader.problems().empty()) {
        return Error(ErrorCode::invalid_argument, "codebook invalid: " + joined(reader.problems()));
    }
    return Codebook(std::move(tables));
}

Codebook::Codebook(std::shared_ptr<const detail::CodebookTables> tables)
    : tables_(std::move(tables)) {}

unsigned Codebook::version() const { return tables_->version; }

std::span<const Code> Codebook::codes(CodeList list) const { return tables_->list(list).codes; }

std::optional<Code> Codebook::find(CodeList list, std::string_view code) const {
    for (const Code& entry : codes(list)) {
        if (entry.code == code) {
            return entry;
        }
    }
    return std::nullopt;
}

std::string_view Codebook::description_nl(CodeList list) const {
    return tables_->list(list).description_nl;
}

std::string_view Codebook::description_en(CodeList list) const {
    return tables_->list(list).description_en;
}

const Codebook& embedded_codebook() {
    static const Codebook codebook = [] {
        auto parsed = Codebook::parse(embedded_codebook_json());
        if (!parsed.ok()) {
            // A build defect, not a user error: the same build's tests parse this file.
            (void)std::fprintf(stderr, "weerbaar: the embedded %s\n",
                               parsed.error().message().c_str());
            std::abort();
        }
        return std::move(parsed).value();
    }();
    return codebook;
}

std::span<const Code> codes(CodeList list) { return embedded_codebook().codes(list); }

std::optional<Code> find_code(CodeList list, std::string_view code) {
    return embedded_codebook().find(list, code);
}

bool is_known_code(CodeList list, std::string_view code) {
    return find_code(list, code).has_value();
}

std::string_view dutch_label(CodeList list, std::string_view code) {
    const auto entry = find_code(list, code);
    return entry ? entry->label_nl : code;
}

}  // namespace weerbaar::client
