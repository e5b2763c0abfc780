#pragma once
// Whether a record's content is well formed: the rule every writer applies before
// sealing (case_writer.h does, for every record kind) and every reader may apply
// again to what it opened. It checks every field of every kind in
// proto/weerbaar/v1/content.proto by walking the message with protobuf reflection,
// so a field added later is still held to the text rule (text_rule.h: valid UTF-8,
// no NUL, at most kMaxFreeTextCharacters) even before it has a rule of its own, and a
// test fails until it has one.
//
// Per field (paths as the user knows them, relative to the record's kind):
//   free text   note: text; counselling: text; referral: note; intake: reporter.name,
//               reporter.contact, incident.description, summary; task: title (at most
//               kMaxTaskTitleCharacters). Required ones must not be blank.
//   codes       from codebook v1 (codebook.h): reporter.office_role, reporter.province,
//               incident.types (at least one, no duplicates), incident.channel,
//               incident.perpetrator, incident.risk_level, referrals (no duplicates),
//               counselling: contact_kind; status: status (not "intake"), outcome
//               (exactly when status is gesloten); referral: to.
//   dates       YYYY-MM-DD, a real date: incident.date, incident.date_end (optional, not
//               before incident.date), counselling: date, task: due.
//   user names  task: assignee; handover: from, to (different people).
//   other       reporter.municipality (GM + 4 digits); codebook_version (1);
//               counselling: duration_minutes (1..1440); attachment: file_name
//               (text_rule.h check_file_name), attachment_id (16 bytes), key (32),
//               ciphertext_hash (32), size (at most kMaxAttachmentSize),
//               ciphertext_size (matches size); supersedes (empty or 16 bytes).
// A record without a kind this client knows is refused.
//
// Nothing here depends on today's date or on the case (future dates, membership
// of an assignee): those stay with the writes in case_workflow.h. Pure; safe from
// any thread.

#include <cstddef>
#include <string_view>
#include <vector>

#include "weerbaar/result.h"
#include "weerbaar/v1/content.pb.h"

namespace weerbaar::client {

inline constexpr std::size_t kMaxTaskTitleCharacters = 200;

// ok, or invalid_argument naming the first field that breaks its rule, one line,
// Dutch first: "ongeldige tekst in 'text': geen geldige UTF-8 (sla het bestand op als
// UTF-8) / invalid text in 'text': not valid UTF-8". The message never quotes free text.
[[nodiscard]] Status check_record_content(const v1::RecordContent& content);

// The full protobuf names ("weerbaar.v1.Note.text") of every field that has a rule
// of its own above, for the test that no string or bytes field goes without one.
[[nodiscard]] std::vector<std::string_view> checked_content_fields();

}  // namespace weerbaar::client
