#pragma once
// How a record reads to a person: its kind and a one-line Dutch description, the
// same in the CLI, `watch` and later the desktop client.

#include <string>
#include <string_view>

#include "weerbaar/client/case_reader.h"
#include "weerbaar/v1/content.pb.h"

namespace weerbaar::client {

// Stable English names, used in JSON: intake, note, counselling, task, status,
// referral, attachment, handover ("unknown" for a kind this client does not know).
[[nodiscard]] std::string_view record_kind(const v1::RecordContent& content);
// Dutch: melding, notitie, gesprek, taak, status, doorverwijzing, bijlage, overdracht.
[[nodiscard]] std::string_view record_kind_label(const v1::RecordContent& content);

// One line, made safe (display_line), Dutch labels from the codebook, free text
// included (shortened to `max_text` characters when not 0): line breaks show as a
// marker. For lists and one-line views.
[[nodiscard]] std::string describe_record(const v1::RecordContent& content,
                                          std::size_t max_text = 0);
// The same description keeping line breaks and tabs (display_text): for a view that
// shows a note in its shape (`case show`, `case timeline`, JSON).
[[nodiscard]] std::string describe_record_text(const v1::RecordContent& content,
                                               std::size_t max_text = 0);

// A record as a whole: a quarantined record (case_reader.h) is kind "quarantined",
// label "IN QUARANTAINE", whatever it claimed to be; otherwise as its content.
[[nodiscard]] std::string_view record_kind(const CaseRecord& record);
[[nodiscard]] std::string_view record_kind_label(const CaseRecord& record);
// One line for a quarantined record, Dutch first, with the reason and what to do:
// "onleesbaar record van 'x' ...; meld dit bij de coördinator / unreadable record ...".
[[nodiscard]] std::string quarantine_notice(const CaseRecord& record);

}  // namespace weerbaar::client
