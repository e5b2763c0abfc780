#pragma once
// Writing to cases: opening one with its intake, adding notes, sharing the key,
// removing a member and rotating the key. Every write starts from a verified view
// of the case (case_reader.h), so nothing is ever sealed under a key or after a
// head the client did not check; a case whose summary says rotation_required gets
// its new epoch first, automatically. A key is wrapped only to members who may
// receive it (member_directory.h: check_may_receive_key).

#include <optional>
#include <string>

#include "weerbaar/client/case_reader.h"

namespace weerbaar::client {

// Confidants only. Returns the new case id.
[[nodiscard]] Result<crypto::Bytes> create_case(const Session& session, MemberDirectory& directory,
                                                const v1::Intake& intake);

// Appends a note that names the latest record as seen. Returns its sequence.
[[nodiscard]] Result<std::uint64_t> append_note(const Session& session, MemberDirectory& directory,
                                                crypto::ByteView case_id, const std::string& text);

// Wraps the current case key to `user` (never to a researcher or revoked member),
// with the keys of every earlier epoch the caller holds, so `user` reads it all.
[[nodiscard]] Status share_case(const Session& session, MemberDirectory& directory,
                                crypto::ByteView case_id, const std::string& user);

// Removes `user` from the case and, in the same server call, starts the next epoch
// with a fresh key for every other current member. Confidants and coordinators.
[[nodiscard]] Status unshare_case(const Session& session, MemberDirectory& directory,
                                  crypto::ByteView case_id, const std::string& user);

// Starts the next epoch of an opened (verified) case: a fresh key wrapped to every
// member of the current epoch who is active and not revoked, each chain-verified.
[[nodiscard]] Status rotate_case_key(const Session& session, MemberDirectory& directory,
                                     const OpenedCase& opened);

}  // namespace weerbaar::client
