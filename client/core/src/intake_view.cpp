#include "weerbaar/client/intake_view.h"

#include "weerbaar/client/codebook.h"
#include "weerbaar/client/display_text.h"

namespace weerbaar::client {
namespace {

std::string label(CodeList list, const std::string& code) {
    return display_line(dutch_label(list, code));
}

template <typename Codes>
std::string labels(CodeList list, const Codes& codes) {
    std::string out;
    for (const std::string& code : codes) {
        if (!out.empty()) {
            out += ", ";
        }
        out += label(list, code);
    }
    return out.empty() ? "-" : out;
}

std::string yes_no(bool value) { return value ? "ja" : "nee"; }

}  // namespace

std::vector<IntakeField> intake_fields(const v1::Intake& intake) {
    const v1::Reporter& reporter = intake.reporter();
    const v1::Incident& incident = intake.incident();
    std::vector<IntakeField> fields;
    // Free text the reporter or member typed: only what is there is shown.
    const auto text = [&fields](const char* name, const std::string& value) {
        if (!value.empty()) {
            fields.push_back({name, display_text(value)});
        }
    };
    const auto line = [&fields](const char* name, std::string value) {
        fields.push_back({name, std::move(value)});
    };
    text("Naam", reporter.name());
    text("Contact", reporter.contact());
    line("Functie", label(CodeList::office_role, reporter.office_role()));
    line("Gemeente (CBS)", display_line(reporter.municipality()));
    line("Provincie", label(CodeList::province, reporter.province()));
    line("Datum", display_line(incident.date_end().empty()
                                   ? incident.date()
                                   : incident.date() + " t/m " + incident.date_end()));
    line("Soort incident", labels(CodeList::incident_type, incident.types()));
    line("Kanaal", label(CodeList::channel, incident.channel()));
    line("Dader", label(CodeList::perpetrator, incident.perpetrator()));
    line("Herhaald", yes_no(incident.repeated()));
    line("Gezin geraakt", yes_no(incident.family_affected()));
    line("Aangifte gedaan", yes_no(incident.police_report()));
    line("Gemeld bij werkgever", yes_no(incident.reported_to_employer()));
    line("Risico", label(CodeList::risk_level, incident.risk_level()));
    text("Omschrijving", incident.description());
    line("Doorverwezen naar", labels(CodeList::referral, intake.referrals()));
    text("Samenvatting", intake.summary());
    return fields;
}

}  // namespace weerbaar::client
