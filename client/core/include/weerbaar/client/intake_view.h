#pragma once
// The intake as a person reads it: every field of v1::Intake under its Dutch name,
// each code as its Dutch codebook label, free text made safe to show (display_text,
// line breaks kept). One definition for every front end that shows a melding, so a
// field cannot be labelled one way in the CLI and another in the desktop client.
//
// Pure functions; safe from any thread.

#include <string>
#include <vector>

#include "weerbaar/v1/content.pb.h"

namespace weerbaar::client {

struct IntakeField {
    std::string name;   // Dutch field name ("Functie", "Soort incident", ...)
    std::string value;  // safe to show as plain text; may hold line breaks
};

// In form order: reporter, incident, referrals, summary. Optional text fields that
// are empty are left out; yes/no fields always show ("ja" / "nee"); a list with no
// codes shows "-". A code not in the codebook shows as itself (dutch_label).
[[nodiscard]] std::vector<IntakeField> intake_fields(const v1::Intake& intake);

}  // namespace weerbaar::client
