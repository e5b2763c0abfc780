#include "weerbaar/client/codebook.h"

#include <array>

namespace weerbaar::client {
namespace {

constexpr std::array kOfficeRoles{
    Code{"wethouder", "wethouder", "alderman"},
    Code{"raadslid", "raadslid", "municipal councillor"},
    Code{"burgemeester", "burgemeester", "mayor"},
    Code{"gedeputeerde", "gedeputeerde", "provincial executive"},
    Code{"statenlid", "Statenlid", "provincial councillor"},
    Code{"waterschapsbestuurder", "waterschapsbestuurder", "water board official"},
    Code{"commissielid", "commissielid", "committee member"},
    Code{"griffier", "griffier", "council clerk"},
    Code{"gemeentesecretaris", "gemeentesecretaris", "municipal secretary"},
    Code{"anders", "anders", "other"},
};

constexpr std::array kProvinces{
    Code{"groningen", "Groningen", "Groningen"},
    Code{"fryslan", "Fryslân", "Friesland"},
    Code{"drenthe", "Drenthe", "Drenthe"},
    Code{"overijssel", "Overijssel", "Overijssel"},
    Code{"flevoland", "Flevoland", "Flevoland"},
    Code{"gelderland", "Gelderland", "Gelderland"},
    Code{"utrecht", "Utrecht", "Utrecht"},
    Code{"noord_holland", "Noord-Holland", "North Holland"},
    Code{"zuid_holland", "Zuid-Holland", "South Holland"},
    Code{"zeeland", "Zeeland", "Zeeland"},
    Code{"noord_brabant", "Noord-Brabant", "North Brabant"},
    Code{"limburg", "Limburg", "Limburg"},
};

constexpr std::array kIncidentTypes{
    Code{"verbale_agressie", "verbale agressie", "verbal aggression"},
    Code{"bedreiging", "bedreiging", "threat"},
    Code{"intimidatie", "intimidatie", "intimidation"},
    Code{"fysiek_geweld", "fysiek geweld", "physical violence"},
    Code{"vernieling", "vernieling", "vandalism"},
    Code{"stalking", "stalking", "stalking"},
    Code{"doxing", "doxing/privacyschending", "doxing, privacy violation"},
    Code{"online_haat", "online haat", "online hate"},
    Code{"desinformatie", "desinformatie/smaad", "disinformation, defamation"},
    Code{"ondermijning", "ondermijning/criminele beïnvloeding", "criminal pressure"},
    Code{"integriteitskwestie", "integriteitskwestie", "integrity issue"},
    Code{"ongewenste_omgangsvormen", "ongewenste omgangsvormen", "harassment"},
    Code{"anders", "anders", "other"},
};

constexpr std::array kChannels{
    Code{"fysiek", "fysiek", "in person"},
    Code{"telefoon", "telefoon", "telephone"},
    Code{"brief", "brief", "letter"},
    Code{"email", "e-mail", "e-mail"},
    Code{"sociale_media", "sociale media", "social media"},
    Code{"aan_huis", "aan huis", "at home"},
    Code{"vergadering", "vergadering", "meeting"},
    Code{"anders", "anders", "other"},
};

constexpr std::array kPerpetrators{
    Code{"inwoner", "inwoner", "resident"},
    Code{"ondernemer", "ondernemer", "business owner"},
    Code{"crimineel_netwerk", "crimineel netwerk", "criminal network"},
    Code{"collega_bestuurder", "collega-bestuurder of raadslid", "fellow official"},
    Code{"ambtenaar", "ambtenaar", "civil servant"},
    Code{"actiegroep", "actiegroep", "action group"},
    Code{"onbekend", "onbekend", "unknown"},
};

constexpr std::array kRiskLevels{
    Code{"laag", "laag", "low"},
    Code{"middel", "middel", "medium"},
    Code{"hoog", "hoog", "high"},
    Code{"acuut", "acuut", "acute"},
};

constexpr std::array kReferrals{
    Code{"politie", "politie", "police"},
    Code{"burgemeester", "burgemeester", "mayor"},
    Code{"peer", "peer", "peer supporter"},
    Code{"psychosociale_hulp", "psychosociale hulp", "psychosocial support"},
    Code{"juridisch_advies", "juridisch advies", "legal advice"},
    Code{"beveiliging", "beveiliging/woningscan", "security, home scan"},
};

constexpr std::array kStatuses{
    Code{"intake", "intake", "intake"},
    Code{"in_behandeling", "in behandeling", "in progress"},
    Code{"doorverwezen", "doorverwezen", "referred"},
    Code{"nazorg", "nazorg", "aftercare"},
    Code{"gesloten", "gesloten", "closed"},
};

constexpr std::array kOutcomes{
    Code{"opgelost", "opgelost", "resolved"},
    Code{"doorverwezen", "doorverwezen", "referred"},
    Code{"geen_actie_gewenst", "geen actie gewenst", "no action wanted"},
    Code{"ambt_neergelegd", "ambt neergelegd", "left office"},
    Code{"onbekend", "onbekend", "unknown"},
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
    }
    return "unknown";
}

std::span<const Code> codes(CodeList list) {
    switch (list) {
        case CodeList::office_role:
            return kOfficeRoles;
        case CodeList::province:
            return kProvinces;
        case CodeList::incident_type:
            return kIncidentTypes;
        case CodeList::channel:
            return kChannels;
        case CodeList::perpetrator:
            return kPerpetrators;
        case CodeList::risk_level:
            return kRiskLevels;
        case CodeList::referral:
            return kReferrals;
        case CodeList::status:
            return kStatuses;
        case CodeList::outcome:
            return kOutcomes;
    }
    return {};
}

std::optional<Code> find_code(CodeList list, std::string_view code) {
    for (const Code& entry : codes(list)) {
        if (entry.code == code) {
            return entry;
        }
    }
    return std::nullopt;
}

bool is_known_code(CodeList list, std::string_view code) {
    return find_code(list, code).has_value();
}

std::string_view dutch_label(CodeList list, std::string_view code) {
    const auto entry = find_code(list, code);
    return entry ? entry->label_nl : code;
}

}  // namespace weerbaar::client
