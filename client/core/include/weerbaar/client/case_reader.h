#pragma once
// Reading a case: every wrap and record the server returns is checked before any
// content is used. The granter of the key and every author must hold a certificate
// that chains to the root and be a member of the case; every record must belong to
// this case and epoch, carry a valid signature and MAC, and name only records that
// came before it. Any failure is integrity_failure naming the record and author;
// content that failed a check is never returned.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "weerbaar/client/member_directory.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/v1/content.pb.h"

namespace weerbaar::client {

struct CaseRecord {
    std::uint64_t sequence = 0;
    crypto::Bytes record_id;
    std::string author;
    std::uint64_t created = 0;
    crypto::Bytes hash;  // what a later record names in seen_hashes
    v1::RecordContent content;
};

struct CaseMemberEntry {
    std::string user;
    std::uint32_t epoch = 0;
};

struct OpenedCase {
    crypto::Bytes case_id;
    std::uint32_t epoch = 0;
    v1::CaseSummary summary;
    std::vector<CaseMemberEntry> members;
    std::vector<CaseRecord> records;
    std::map<std::uint32_t, crypto::CaseKey> keys;  // per epoch

    [[nodiscard]] const crypto::CaseKey& current_key() const { return keys.at(epoch); }
};

[[nodiscard]] Result<OpenedCase> open_case(const Session& session, MemberDirectory& directory,
                                           crypto::ByteView case_id);

struct CaseListEntry {
    v1::CaseSummary summary;
    bool verified = false;  // false: the case failed an integrity check
    std::string title;      // from the intake, when verified
};

// Every case the caller can see. A case that fails verification is listed as such
// rather than ending the listing.
[[nodiscard]] Result<std::vector<CaseListEntry>> list_cases(const Session& session,
                                                            MemberDirectory& directory);

}  // namespace weerbaar::client
