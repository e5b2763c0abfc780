#pragma once
// The intake as a person reads it: every field of v1::Intake under the Dutch name
// the intake form gives it (intake_form.h, so the form that wrote it and the view
// that shows it name a field alike), each code as its Dutch codebook label, free
// text made safe to show (display_text, line breaks kept).
//
// Pure functions; safe from any thread.

#include <string>
#include <vector>

#include "weerbaar/v1/content.pb.h"

namespace weerbaar::client {

struct IntakeLine {
    std::string path;   // the field, as intake_form.h names it ("reporter.office_role")
    std::string name;   // Dutch field name, from the form's description
    std::string value;  // safe to show as plain text; may hold line breaks
};

// In form order, the codebook version left out. Optional fields that are empty are
// left out; yes/no fields always show ("ja" / "nee"); a list with no codes shows
// "-". A code not in the codebook shows as itself (dutch_label), made safe.
[[nodiscard]] std::vector<IntakeLine> intake_lines(const v1::Intake& intake);

}  // namespace weerbaar::client
