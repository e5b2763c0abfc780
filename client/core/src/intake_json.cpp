#include "weerbaar/client/intake_json.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "joined_problems.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/codebook.h"
#include "weerbaar/client/text_rule.h"

namespace weerbaar::client {
namespace {

using nlohmann::json;

bool is_municipality_code(std::string_view text) {
    return text.size() == 6 && text.starts_with("GM") &&
           std::all_of(text.begin() + 2, text.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

// Walks one intake document and records every problem with its JSON path. Values
// that are valid are copied into the proto as they are checked.
class IntakeReader {
  public:
    explicit IntakeReader(std::chrono::year_month_day today) : today_(today) {}

    void read(const json& document) {
        if (!document.is_object()) {
            problem("(intake)", "must be a JSON object");
            return;
        }
        reject_unknown_keys(document, "",
                            {"codebook_version", "reporter", "incident", "referrals", "summary"});
        read_version(document);
        if (const json* reporter = required_object(document, "reporter", "reporter")) {
            read_reporter(*reporter);
        }
        if (const json* incident = required_object(document, "incident", "incident")) {
            read_incident(*incident);
        }
        read_code_array(document, "referrals", "referrals", CodeList::referral,
                        /*required=*/false, *intake_.mutable_referrals());
        if (auto text = optional_text(document, "summary", "summary")) {
            intake_.set_summary(*text);
        }
    }

    [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }
    [[nodiscard]] v1::Intake take() { return std::move(intake_); }

  private:
    void problem(const std::string& path, const std::string& what) {
        problems_.push_back(path + ": " + what);
    }

    static std::string join(const std::string& prefix, std::string_view key) {
        return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
    }

    void reject_unknown_keys(const json& object, const std::string& prefix,
                             std::initializer_list<std::string_view> known) {
        for (const auto& item : object.items()) {
            if (std::find(known.begin(), known.end(), item.key()) == known.end()) {
                problem(join(prefix, item.key()), "unknown field");
            }
        }
    }

    void read_version(const json& document) {
        const auto found = document.find("codebook_version");
        if (found == document.end()) {
            problem("codebook_version", "missing");
        } else if (!found->is_number_unsigned() ||
                   found->get<std::uint64_t>() != kCodebookVersion) {
            problem("codebook_version", "must be " + std::to_string(kCodebookVersion));
        } else {
            intake_.set_codebook_version(kCodebookVersion);
        }
    }

    const json* required_object(const json& parent, std::string_view key, const std::string& path) {
        const auto found = parent.find(key);
        if (found == parent.end()) {
            problem(path, "missing");
            return nullptr;
        }
        if (!found->is_object()) {
            problem(path, "must be an object");
            return nullptr;
        }
        return &*found;
    }

    // A string field; nullopt when absent or wrong (the problem is then recorded).
    std::optional<std::string> string_field(const json& parent, std::string_view key,
                                            const std::string& path, bool required) {
        const auto found = parent.find(key);
        if (found == parent.end()) {
            if (required) {
                problem(path, "missing");
            }
            return std::nullopt;
        }
        if (!found->is_string()) {
            problem(path, "must be a string");
            return std::nullopt;
        }
        auto text = found->get<std::string>();
        // The rule every record's text obeys (text_rule.h): a required field must
        // not be blank either.
        if (const Status checked =
                check_text(text, path, TextRule{required, kMaxFreeTextCharacters});
            !checked.ok()) {
            problem(path, checked.error().message());
            return std::nullopt;
        }
        return text;
    }

    std::optional<std::string> required_text(const json& parent, std::string_view key,
                                             const std::string& path) {
        return string_field(parent, key, path, true);
    }

    std::optional<std::string> optional_text(const json& parent, std::string_view key,
                                             const std::string& path) {
        return string_field(parent, key, path, false);
    }

    std::optional<std::string> required_code(const json& parent, std::string_view key,
                                             const std::string& path, CodeList list) {
        auto code = required_text(parent, key, path);
        if (code && !is_known_code(list, *code)) {
            problem(path, "unknown code '" + *code + "'");
            return std::nullopt;
        }
        return code;
    }

    void read_code_array(const json& parent, std::string_view key, const std::string& path,
                         CodeList list, bool required,
                         google::protobuf::RepeatedPtrField<std::string>& out) {
        const auto found = parent.find(key);
        if (found == parent.end()) {
            if (required) {
                problem(path, "missing");
            }
            return;
        }
        if (!found->is_array()) {
            problem(path, "must be an array of codes");
            return;
        }
        if (required && found->empty()) {
            problem(path, "must hold at least one code");
        }
        std::set<std::string> seen;
        for (std::size_t i = 0; i < found->size(); ++i) {
            const json& element = (*found)[i];
            const std::string element_path = path + "[" + std::to_string(i) + "]";
            if (!element.is_string()) {
                problem(element_path, "must be a string");
                continue;
            }
            const auto code = element.get<std::string>();
            if (!is_known_code(list, code)) {
                problem(element_path, "unknown code '" + code + "'");
            } else if (!seen.insert(code).second) {
                problem(element_path, "duplicate code '" + code + "'");
            } else {
                out.Add(std::string(code));
            }
        }
    }

    // A missing flag means "no": the intake form has a checkbox, not a question.
    bool boolean_field(const json& parent, std::string_view key, const std::string& path) {
        const auto found = parent.find(key);
        if (found == parent.end()) {
            return false;
        }
        if (!found->is_boolean()) {
            problem(path, "must be true or false");
            return false;
        }
        return found->get<bool>();
    }

    void read_reporter(const json& reporter) {
        reject_unknown_keys(reporter, "reporter",
                            {"name", "contact", "office_role", "municipality", "province"});
        v1::Reporter& out = *intake_.mutable_reporter();
        if (auto name = required_text(reporter, "name", "reporter.name")) {
            out.set_name(*name);
        }
        if (auto contact = optional_text(reporter, "contact", "reporter.contact")) {
            out.set_contact(*contact);
        }
        if (auto role = required_code(reporter, "office_role", "reporter.office_role",
                                      CodeList::office_role)) {
            out.set_office_role(*role);
        }
        if (auto municipality = required_text(reporter, "municipality", "reporter.municipality")) {
            if (is_municipality_code(*municipality)) {
                out.set_municipality(*municipality);
            } else {
                problem("reporter.municipality", "must be a CBS code: GM followed by 4 digits");
            }
        }
        if (auto province =
                required_code(reporter, "province", "reporter.province", CodeList::province)) {
            out.set_province(*province);
        }
    }

    void read_dates(const json& incident, v1::Incident& out) {
        std::optional<std::chrono::year_month_day> start;
        if (auto text = required_text(incident, "date", "incident.date")) {
            start = parse_date(*text);
            if (!start) {
                problem("incident.date", "must be a real date as YYYY-MM-DD");
            } else if (*start > today_) {
                problem("incident.date", "lies in the future");
                start.reset();
            } else {
                out.set_date(*text);
            }
        }
        auto end_text = optional_text(incident, "date_end", "incident.date_end");
        if (!end_text || end_text->empty()) {
            return;
        }
        const auto end = parse_date(*end_text);
        if (!end) {
            problem("incident.date_end", "must be a real date as YYYY-MM-DD");
        } else if (start && *end < *start) {
            problem("incident.date_end", "lies before incident.date");
        } else {
            out.set_date_end(*end_text);
        }
    }

    void read_incident(const json& incident) {
        reject_unknown_keys(
            incident, "incident",
            {"date", "date_end", "types", "channel", "perpetrator", "repeated", "family_affected",
             "police_report", "reported_to_employer", "risk_level", "description"});
        v1::Incident& out = *intake_.mutable_incident();
        read_dates(incident, out);
        read_code_array(incident, "types", "incident.types", CodeList::incident_type,
                        /*required=*/true, *out.mutable_types());
        if (auto code = required_code(incident, "channel", "incident.channel", CodeList::channel)) {
            out.set_channel(*code);
        }
        if (auto code = required_code(incident, "perpetrator", "incident.perpetrator",
                                      CodeList::perpetrator)) {
            out.set_perpetrator(*code);
        }
        if (auto code = required_code(incident, "risk_level", "incident.risk_level",
                                      CodeList::risk_level)) {
            out.set_risk_level(*code);
        }
        out.set_repeated(boolean_field(incident, "repeated", "incident.repeated"));
        out.set_family_affected(
            boolean_field(incident, "family_affected", "incident.family_affected"));
        out.set_police_report(boolean_field(incident, "police_report", "incident.police_report"));
        out.set_reported_to_employer(
            boolean_field(incident, "reported_to_employer", "incident.reported_to_employer"));
        if (auto text = optional_text(incident, "description", "incident.description")) {
            out.set_description(*text);
        }
    }

    std::chrono::year_month_day today_;
    v1::Intake intake_;
    std::vector<std::string> problems_;
};

void put_if_set(json& object, const char* key, const std::string& value) {
    if (!value.empty()) {
        object[key] = value;
    }
}

}  // namespace

std::vector<std::string> intake_problems(const nlohmann::json& intake,
                                         std::chrono::year_month_day today) {
    IntakeReader reader(today);
    reader.read(intake);
    return reader.problems();
}

Result<v1::Intake> intake_from_json(const nlohmann::json& intake,
                                    std::chrono::year_month_day today) {
    IntakeReader reader(today);
    reader.read(intake);
    if (!reader.problems().empty()) {
        return Error(ErrorCode::invalid_argument, "intake invalid: " + joined(reader.problems()));
    }
    return reader.take();
}

Result<v1::Intake> read_intake_file(const std::filesystem::path& path,
                                    std::chrono::year_month_day today) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf())) {
        return Error(ErrorCode::invalid_argument,
                     "cannot read intake file '" + path.string() + "'");
    }
    // No exceptions: a parse failure yields a discarded value. The parser's own
    // message is not shown because it quotes the file's (confidential) text.
    const json document = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) {
        return Error(ErrorCode::invalid_argument,
                     "intake file '" + path.string() + "' is not valid JSON (UTF-8)");
    }
    return intake_from_json(document, today);
}

nlohmann::json intake_to_json(const v1::Intake& intake) {
    json reporter = json::object();
    reporter["name"] = intake.reporter().name();
    put_if_set(reporter, "contact", intake.reporter().contact());
    reporter["office_role"] = intake.reporter().office_role();
    reporter["municipality"] = intake.reporter().municipality();
    reporter["province"] = intake.reporter().province();

    const v1::Incident& source = intake.incident();
    json incident = json::object();
    incident["date"] = source.date();
    put_if_set(incident, "date_end", source.date_end());
    incident["types"] =
        json(std::vector<std::string>(source.types().begin(), source.types().end()));
    incident["channel"] = source.channel();
    incident["perpetrator"] = source.perpetrator();
    incident["repeated"] = source.repeated();
    incident["family_affected"] = source.family_affected();
    incident["police_report"] = source.police_report();
    incident["reported_to_employer"] = source.reported_to_employer();
    incident["risk_level"] = source.risk_level();
    put_if_set(incident, "description", source.description());

    json out = json::object();
    out["codebook_version"] = intake.codebook_version();
    out["reporter"] = std::move(reporter);
    out["incident"] = std::move(incident);
    out["referrals"] =
        json(std::vector<std::string>(intake.referrals().begin(), intake.referrals().end()));
    put_if_set(out, "summary", intake.summary());
    return out;
}

std::string intake_title(const v1::Intake& intake) {
    return std::string(dutch_label(CodeList::office_role, intake.reporter().office_role())) + ", " +
           intake.reporter().municipality() + ", " + intake.incident().date() + ", risico " +
           std::string(dutch_label(CodeList::risk_level, intake.incident().risk_level()));
}

}  // namespace weerbaar::client
