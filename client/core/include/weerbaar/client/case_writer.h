#pragma once
// Writing to cases: opening one with its intake, adding notes, sharing the key.
// Every write starts from a verified view of the case (case_reader.h), so nothing
// is ever sealed under a key or after a head the client did not check.

#include <string>

#include "weerbaar/client/case_reader.h"

namespace weerbaar::client {

// Confidants only. Returns the new case id.
[[nodiscard]] Result<crypto::Bytes> create_case(const Session& session, MemberDirectory& directory,
                                                const v1::Intake& intake);

// Appends a note that names the latest record as seen. Returns its sequence.
[[nodiscard]] Result<std::uint64_t> append_note(const Session& session, MemberDirectory& directory,
                                                crypto::ByteView case_id, const std::string& text);

// Wraps the current case key to `user` (never to a researcher or revoked member).
[[nodiscard]] Status share_case(const Session& session, MemberDirectory& directory,
                                crypto::ByteView case_id, const std::string& user);

}  // namespace weerbaar::client
