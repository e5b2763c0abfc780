#include "weerbaar/client/error_message.h"

#include "weerbaar/client/display_text.h"
#include "weerbaar/disk_full.h"

namespace weerbaar::client {
namespace {

constexpr std::string_view kSeparator = " / ";
constexpr std::string_view kIntegrityWord = "INTEGRITEITSFOUT";
constexpr std::string_view kLocalDiskFullLead =
    "de schijf van deze computer is vol; maak ruimte vrij en probeer het opnieuw";

// Line breaks and tabs become spaces (display_line would show a line break as a
// marker), then every other dangerous character is neutralised by display_line().
std::string single_line(std::string_view text) {
    std::string flat(text);
    for (char& c : flat) {
        if (c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f') {
            c = ' ';
        }
    }
    return display_line(flat);
}

}  // namespace

std::string_view dutch_lead(ErrorCode code) {
    switch (code) {
        case ErrorCode::invalid_argument:
            return "ongeldige invoer; verbeter het commando en probeer het opnieuw";
        case ErrorCode::not_found:
            return "niet gevonden; controleer de naam of code";
        case ErrorCode::already_exists:
            return "bestaat al; er is niets veranderd";
        case ErrorCode::permission_denied:
            return "niet toegestaan; vraag je coördinator als je dit wel zou moeten kunnen";
        case ErrorCode::unauthenticated:
            return "de server laat je niet toe (nog niet goedgekeurd of ingetrokken); vraag je "
                   "coördinator";
        case ErrorCode::failed_precondition:
            return "dit kan nu niet; los eerst de genoemde oorzaak op";
        case ErrorCode::resource_exhausted:
            return "te groot of te vaak; maak het kleiner of wacht even en probeer het opnieuw";
        case ErrorCode::integrity_failure:
            return "INTEGRITEITSFOUT: stop en bel de coördinator; werk niet verder in deze zaak";
        case ErrorCode::unavailable:
            return "server niet bereikbaar; controleer je verbinding en probeer het later opnieuw";
        case ErrorCode::internal:
            return "interne fout; probeer het opnieuw en meld het aan je coördinator als het "
                   "blijft";
        case ErrorCode::cancelled:
            return "gestopt op je verzoek; er is niets half bewaard";
    }
    return "onbekende fout; meld het aan je coördinator";
}

bool is_bilingual(std::string_view message) {
    bool quoted = false;
    for (std::size_t i = 0; i < message.size(); ++i) {
        if (message[i] == '\'') {
            quoted = !quoted;
        } else if (!quoted && message.substr(i, kSeparator.size()) == kSeparator) {
            return true;
        }
    }
    return false;
}

std::string one_line_message(const Error& error) {
    const std::string& message = error.message();
    const bool integrity = error.code() == ErrorCode::integrity_failure;
    if (integrity && message.find(kIntegrityWord) != std::string::npos) {
        return single_line(message);
    }
    if (!integrity && is_bilingual(message)) {
        return single_line(message);
    }
    // A full disk here (the server words its own as a bilingual line, above) is no
    // quota and no "too large or too often": the person must free space on this
    // computer. Where a write failed, the file it would have replaced is intact
    // (durable_file), so nothing that was stored is lost.
    if (is_disk_full(error)) {
        return one_line_message(kLocalDiskFullLead, message);
    }
    return one_line_message(dutch_lead(error.code()), message);
}

std::string one_line_message(std::string_view dutch, std::string_view english) {
    std::string line(dutch);
    if (!english.empty()) {
        line += kSeparator;
        line += english;
    }
    return single_line(line);
}

}  // namespace weerbaar::client
