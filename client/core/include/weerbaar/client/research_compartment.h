#pragma once
// The research compartment (docs/adr/0007-research-compartment.md): beside every case
// the server keeps one research record, the case's coded and generalised facts
// (v1::ResearchCodes: quarter, province, office group, codes; never a name, contact,
// municipality, free text or exact date), sealed to the organisation research key and
// signed by the member who wrote it. Whoever exports reads those records, never a case.
//
// The research key is an X25519 key pair per organisation, numbered by generation.
// Its public key is certified by the organisation root key, so a writer seals only to
// a key the root vouches for (a server that offers its own key is caught); its secret
// key reaches coordinators in wraps signed by the granter, like a case key.
//
// Threading: as the rest of the core (client_api.h): any thread, one MemberDirectory
// per thread of work; every call may wait on the network.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/long_work.h"
#include "weerbaar/client/member_directory.h"
#include "weerbaar/client/session.h"
#include "weerbaar/crypto/research_key.h"
#include "weerbaar/research/case_codes.h"
#include "weerbaar/v1/research.pb.h"

namespace weerbaar::client {

// The organisation's current research key as the server reports it, its certificate
// verified against the pinned root key.
struct ResearchKeyState {
    crypto::ResearchKeyCertificate certificate;
    std::optional<crypto::ResearchKeyWrap> own_wrap;  // the caller's wrap, when it holds the key
    std::vector<std::string> holders;                 // coordinators holding it (server's word)
};

// nullopt when the organisation has no research key yet. integrity_failure when the
// certificate does not verify with the pinned root key (the server offered a key the
// root never certified), or when its generation is below the highest this profile has
// seen (`trust`'s local store remembers it, forward only): a server that goes back to
// an older key, whose secret a coordinator revoked since may hold, is caught by every
// client that saw the newer one. nullopt after a newer one was seen is the same
// rollback. unavailable as any call.
[[nodiscard]] Result<std::optional<ResearchKeyState>> fetch_research_key(const Session& session,
                                                                         TrustStore& trust);

// The founding coordinator (the keystore holding the organisation root key) makes a
// research key of the next generation, certifies it with the root key and wraps it to
// itself. failed_precondition when the keystore holds no root key. When a key exists,
// only with `replace` (else failed_precondition, field "replace", naming the holders):
// a later generation replaces the earlier one for writing, the other holders must be
// given the new one, and records under the earlier one count again only once written
// anew (the next write, or research_backfill). Make one when a coordinator who held
// the key is revoked.
[[nodiscard]] Result<std::uint32_t> create_research_key(const Session& session,
                                                        MemberDirectory& directory,
                                                        bool replace = false);

// A coordinator holding the current research key wraps it to `user`, an active,
// unrevoked coordinator whose key this client trusts (check_may_receive_key).
// permission_denied when the caller or `user` is not a coordinator; invalid_argument
// (field "user") for the caller itself; failed_precondition when the caller holds no
// wrap.
[[nodiscard]] Status grant_research_key(const Session& session, MemberDirectory& directory,
                                        const std::string& user);

// The current research key as the caller holds it: the state and the key pair itself,
// opened from the caller's wrap and checked against the certificate's public key.
// failed_precondition when the organisation has no research key or the caller holds no
// wrap; the one opaque integrity_failure when the wrap does not open or verify.
struct HeldResearchKey {
    ResearchKeyState state;
    crypto::EncryptionKeyPair key;
};
[[nodiscard]] Result<HeldResearchKey> held_research_key(const Session& session, TrustStore& trust);

// The facts of a verified case before generalisation: the intake's office, province,
// incident date and codes, every referral (intake and referral records), the status
// and outcome by case_state, and when it was opened (record 1) and closed (the last
// status record that set gesloten, while still closed).
[[nodiscard]] research::CaseFacts research_facts_of(const OpenedCase& opened);
// The same facts generalised (research::generalise) into the record's message.
[[nodiscard]] v1::ResearchCodes research_codes_of(const OpenedCase& opened);
[[nodiscard]] v1::ResearchCodes to_proto(const research::CaseCodes& codes);
[[nodiscard]] research::CaseCodes from_proto(const v1::ResearchCodes& codes);

// Seals the research codes of `opened` to the current research key and stores them as
// the case's research record (replacing the earlier one). Does nothing when the
// organisation has no research key, or when the case has no usable intake (record 1
// quarantined). The case writers call it after every write (case_writer.h).
[[nodiscard]] Status store_research_record(const Session& session, MemberDirectory& directory,
                                           const OpenedCase& opened);

struct BackfillReport {
    std::size_t cases = 0;       // cases visited
    std::size_t stored = 0;      // research records written
    std::size_t unverified = 0;  // cases that failed verification: nothing written
    std::size_t without_intake = 0;
};
// `weerbaar research backfill`: a research record for every case this member can read
// (verified), so cases opened before the research key existed are counted too.
// failed_precondition when the organisation has no research key. `work`: progress in
// cases; a stop ends the walk with cancelled (records written before stay).
[[nodiscard]] Result<BackfillReport> research_backfill(const Session& session,
                                                       MemberDirectory& directory,
                                                       const LongWork& work = {});

}  // namespace weerbaar::client
