#include "weerbaar/client/intake_json.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <limits>
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

// The checks on the message itself, each problem with its field (a path into
// v1::Intake as the file and a form name it: "incident.types[1]").
class IntakeChecker {
  public:
    explicit IntakeChecker(std::chrono::year_month_day today) : today_(today) {}

    std::vector<FieldProblem> check(const v1::Intake& intake) {
        if (intake.codebook_version() != kCodebookVersion) {
            problem("codebook_version", "must be " + std::to_string(kCodebookVersion));
        }
        const v1::Reporter& reporter = intake.reporter();
        text(reporter.name(), "reporter.name", true);
        text(reporter.contact(), "reporter.contact", false);
        code(reporter.office_role(), "reporter.office_role", CodeList::office_role);
        if (text(reporter.municipality(), "reporter.municipality", true) &&
            !is_municipality_code(reporter.municipality())) {
            problem("reporter.municipality", "must be a CBS code: GM followed by 4 digits");
        }
        code(reporter.province(), "reporter.province", CodeList::province);

        const v1::Incident& incident = intake.incident();
        dates(incident);
        codes(incident.types(), "incident.types", CodeList::incident_type, true);
        code(incident.channel(), "incident.channel", CodeList::channel);
        code(incident.perpetrator(), "incident.perpetrator", CodeList::perpetrator);
        code(incident.risk_level(), "incident.risk_level", CodeList::risk_level);
        text(incident.description(), "incident.description", false);
        codes(intake.referrals(), "referrals", CodeList::referral, false);
        text(intake.summary(), "summary", false);
        return std::move(problems_);
    }

  private:
    void problem(std::string field, std::string what) {
        problems_.push_back(FieldProblem{std::move(field), std::move(what)});
    }

    // The rule every record's text obeys (text_rule.h): a required field must not be
    // blank either. False when the text broke it.
    bool text(const std::string& value, const std::string& field, bool required) {
        if (const Status checked =
                check_text(value, field, TextRule{required, kMaxFreeTextCharacters});
            !checked.ok()) {
            problem(field, checked.error().message());
            return false;
        }
        return true;
    }

    void code(const std::string& value, const std::string& field, CodeList list) {
        if (text(value, field, true) && !is_known_code(list, value)) {
            problem(field, "unknown code '" + value + "'");
        }
    }

    void codes(const google::protobuf::RepeatedPtrField<std::string>& values,
               const std::string& field, CodeList list, bool required) {
        if (required && values.empty()) {
            problem(field, "must hold at least one code");
        }
        std::set<std::string> seen;
        for (int i = 0; i < values.size(); ++i) {
            const std::string& value = values.Get(i);
            const std::string element = field + "[" + std::to_string(i) + "]";
            if (!is_known_code(list, value)) {
                problem(element, "unknown code '" + value + "'");
            } else if (!seen.insert(value).second) {
                problem(element, "duplicate code '" + value + "'");
            }
        }
    }

    void dates(const v1::Incident& incident) {
        std::optional<std::chrono::year_month_day> start;
        if (text(incident.date(), "incident.date", true)) {
            start = parse_date(incident.date());
            if (!start) {
                problem("incident.date", "must be a real date as YYYY-MM-DD");
            } else if (*start > today_) {
                problem("incident.date", "lies in the future");
                start.reset();
            }
        }
        if (incident.date_end().empty() || !text(incident.date_end(), "incident.date_end", false)) {
            return;
        }
        const auto end = parse_date(incident.date_end());
        if (!end) {
            problem("incident.date_end", "must be a real date as YYYY-MM-DD");
        } else if (start && *end < *start) {
            problem("incident.date_end", "lies before incident.date");
        }
    }

    std::chrono::year_month_day today_;
    std::vector<FieldProblem> problems_;
};

// Whether `field` lies inside `outer` ("incident.types[1]" inside "incident.types"
// and inside "incident") or is it.
bool within(const std::string& field, const std::string& outer) {
    if (!field.starts_with(outer)) {
        return false;
    }
    return field.size() == outer.size() || field[outer.size()] == '.' || field[outer.size()] == '[';
}

// Reads one intake document into the message: only its shape (objects, types,
// names of keys) is checked here, each problem with its JSON path; what the values
// must be is IntakeChecker's, on the message. A value of the wrong type leaves its
// field empty (an array keeps an empty element in its place, so indices still match
// the file), and its problem is the only one reported for that field.
class IntakeReader {
  public:
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
        read_code_array(document, "referrals", "referrals", false, *intake_.mutable_referrals());
        intake_.set_summary(string_field(document, "summary", "summary", false));
    }

    [[nodiscard]] const std::vector<FieldProblem>& problems() const { return problems_; }
    [[nodiscard]] const v1::Intake& intake() const { return intake_; }
    [[nodiscard]] v1::Intake take() { return std::move(intake_); }

  private:
    void problem(const std::string& path, const std::string& what) {
        problems_.push_back(FieldProblem{path, what});
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
                   found->get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max()) {
            problem("codebook_version", "must be " + std::to_string(kCodebookVersion));
        } else {
            intake_.set_codebook_version(static_cast<std::uint32_t>(found->get<std::uint64_t>()));
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

    // A string field; empty when absent or not a string (the problem is then recorded).
    std::string string_field(const json& parent, std::string_view key, const std::string& path,
                             bool required) {
        const auto found = parent.find(key);
        if (found == parent.end()) {
            if (required) {
                problem(path, "missing");
            }
            return {};
        }
        if (!found->is_string()) {
            problem(path, "must be a string");
            return {};
        }
        return found->get<std::string>();
    }

    void read_code_array(const json& parent, std::string_view key, const std::string& path,
                         bool required, google::protobuf::RepeatedPtrField<std::string>& out) {
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
        for (std::size_t i = 0; i < found->size(); ++i) {
            const json& element = (*found)[i];
            if (!element.is_string()) {
                problem(path + "[" + std::to_string(i) + "]", "must be a string");
                out.Add(std::string());
                continue;
            }
            out.Add(element.get<std::string>());
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
        out.set_name(string_field(reporter, "name", "reporter.name", true));
        out.set_contact(string_field(reporter, "contact", "reporter.contact", false));
        out.set_office_role(string_field(reporter, "office_role", "reporter.office_role", true));
        out.set_municipality(string_field(reporter, "municipality", "reporter.municipality", true));
        out.set_province(string_field(reporter, "province", "reporter.province", true));
    }

    void read_incident(const json& incident) {
        reject_unknown_keys(
            incident, "incident",
            {"date", "date_end", "types", "channel", "perpetrator", "repeated", "family_affected",
             "police_report", "reported_to_employer", "risk_level", "description"});
        v1::Incident& out = *intake_.mutable_incident();
        out.set_date(string_field(incident, "date", "incident.date", true));
        out.set_date_end(string_field(incident, "date_end", "incident.date_end", false));
        read_code_array(incident, "types", "incident.types", true, *out.mutable_types());
        out.set_channel(string_field(incident, "channel", "incident.channel", true));
        out.set_perpetrator(string_field(incident, "perpetrator", "incident.perpetrator", true));
        out.set_risk_level(string_field(incident, "risk_level", "incident.risk_level", true));
        out.set_repeated(boolean_field(incident, "repeated", "incident.repeated"));
        out.set_family_affected(
            boolean_field(incident, "family_affected", "incident.family_affected"));
        out.set_police_report(boolean_field(incident, "police_report", "incident.police_report"));
        out.set_reported_to_employer(
            boolean_field(incident, "reported_to_employer", "incident.reported_to_employer"));
        out.set_description(string_field(incident, "description", "incident.description", false));
    }

    v1::Intake intake_;
    std::vector<FieldProblem> problems_;
};

// The file's shape problems, then the message's own, leaving out what a shape
// problem already says (a missing section has no valid fields to list).
std::vector<FieldProblem> all_problems(const IntakeReader& reader,
                                       std::chrono::year_month_day today) {
    std::vector<FieldProblem> out = reader.problems();
    for (FieldProblem& found : intake_field_problems(reader.intake(), today)) {
        const bool said = std::any_of(out.begin(), out.end(), [&](const FieldProblem& shape) {
            return within(found.field, shape.field) || within(shape.field, found.field);
        });
        if (!said) {
            out.push_back(std::move(found));
        }
    }
    return out;
}

std::vector<std::string> as_lines(const std::vector<FieldProblem>& problems) {
    std::vector<std::string> out;
    out.reserve(problems.size());
    for (const FieldProblem& problem : problems) {
        out.push_back(problem.field + ": " + problem.problem);
    }
    return out;
}

Error invalid_intake(const std::vector<FieldProblem>& problems) {
    return Error(ErrorCode::invalid_argument, "intake invalid: " + joined(as_lines(problems)),
                 problems.front().field);
}

void put_if_set(json& object, const char* key, const std::string& value) {
    if (!value.empty()) {
        object[key] = value;
    }
}

}  // namespace

std::vector<FieldProblem> intake_field_problems(const v1::Intake& intake,
                                                std::chrono::year_month_day today) {
    return IntakeChecker(today).check(intake);
}

Status check_intake(const v1::Intake& intake, std::chrono::year_month_day today) {
    const std::vector<FieldProblem> problems = intake_field_problems(intake, today);
    if (problems.empty()) {
        return ok_status();
    }
    return invalid_intake(problems);
}

std::vector<std::string> intake_problems(const nlohmann::json& intake,
                                         std::chrono::year_month_day today) {
    IntakeReader reader;
    reader.read(intake);
    return as_lines(all_problems(reader, today));
}

Result<v1::Intake> intake_from_json(const nlohmann::json& intake,
                                    std::chrono::year_month_day today) {
    IntakeReader reader;
    reader.read(intake);
    const std::vector<FieldProblem> problems = all_problems(reader, today);
    if (!problems.empty()) {
        return invalid_intake(problems);
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
