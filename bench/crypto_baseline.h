#pragma once
// The floor of a cold read: the signature and MAC checks a reader must do, done in
// a loop in this process with weerbaar_crypto, without server, disk or protocol.
// Per case, what open_case does with its key (case_reader.cpp): the wrap decoded
// and its granter signature checked (derive_members), decoded again and opened
// (check_wrap, KeyWrap::open, which checks the signature once more and unseals the
// key); per record: decoded, the author's signature checked, decrypted (MAC) and
// its content parsed.
//
// The loop is linear by construction, so it runs over at most kCryptoSampleCases
// distinct cases (sealed beforehand, not timed) and is scaled to `cases`.

#include <cstddef>

#include "weerbaar/v1/content.pb.h"

namespace weerbaar::bench {

inline constexpr std::size_t kCryptoSampleCases = 2000;

// Seconds for `cases` cases of `records_per_case` records each (record 1 the
// intake, the rest notes), the median of `passes` passes. Throws
// std::runtime_error if a check fails (a bug: everything is sealed here).
[[nodiscard]] double verification_seconds(std::size_t cases, std::size_t records_per_case,
                                          const v1::Intake& intake, int passes = 3);

}  // namespace weerbaar::bench
