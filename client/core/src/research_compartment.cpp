#include "weerbaar/client/research_compartment.h"

#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <set>

#include "proto_bytes.h"
#include "session_rpc.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/crypto/research_record.h"
#include "weerbaar/sqlite/sqlite_statement.h"

namespace weerbaar::client {
namespace {

std::uint64_t now_unix() { return static_cast<std::uint64_t>(std::time(nullptr)); }

bool is_coordinator(const VerifiedMember& member) {
    return member.role() == crypto::Role::coordinator;
}

// The research key pair itself, from the caller's wrap: only a holder gets here.
Result<crypto::EncryptionKeyPair> open_own_wrap(const Session& session,
                                                const ResearchKeyState& state) {
    if (!state.own_wrap) {
        return Error(ErrorCode::failed_precondition,
                     "je hebt de onderzoekssleutel niet; een coördinator die hem heeft kan hem "
                     "aan je geven / you do not hold the research key");
    }
    return state.own_wrap->open(session.keys().identity.encryption,
                                state.certificate.body().enc_pk);
}

constexpr const char* kGenerationName = "research_generation";

// The highest research key generation this profile has seen (0: none), from the local
// store's meta table (an integer value).
Result<std::uint32_t> remembered_generation(TrustStore& trust) {
    std::uint32_t generation = 0;
    WEERBAAR_TRY(trust.store()->read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto query, SqliteStatement::prepare(db, "SELECT value FROM meta WHERE name = ?;"));
        query.bind(1, std::string_view(kGenerationName));
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
        if (row) {
            generation = static_cast<std::uint32_t>(query.column_int64(0));
        }
        return ok_status();
    }));
    return generation;
}

// Moves the remembered generation forward (never back), in one transaction so two
// processes of the profile cannot lower it.
Status remember_generation(TrustStore& trust, std::uint32_t generation) {
    return trust.store()->transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto query, SqliteStatement::prepare(db, "SELECT value FROM meta WHERE name = ?;"));
        query.bind(1, std::string_view(kGenerationName));
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
        if (row && query.column_int64(0) >= static_cast<std::int64_t>(generation)) {
            return ok_status();
        }
        WEERBAAR_ASSIGN_OR_RETURN(
            auto insert, SqliteStatement::prepare(
                             db, "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?);"));
        return insert.bind(1, std::string_view(kGenerationName))
            .bind(2, static_cast<std::int64_t>(generation))
            .run();
    });
}

Error no_research_key() {
    return Error(ErrorCode::failed_precondition,
                 "de organisatie heeft nog geen onderzoekssleutel; de coördinator met de "
                 "organisatiesleutel maakt hem eerst / the organisation has no research key yet");
}

}  // namespace

Result<std::optional<ResearchKeyState>> fetch_research_key(const Session& session,
                                                           TrustStore& trust) {
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint32_t seen, remembered_generation(trust));
    v1::GetResearchKeyResponse response;
    WEERBAAR_TRY(check_rpc(
        call_server(session, &SessionStubs::research, &v1::ResearchService::Stub::GetResearchKey,
                    v1::GetResearchKeyRequest{}, &response),
        "fetch the research key"));
    const auto rolled_back = [&](std::uint32_t offered) {
        return Error(ErrorCode::integrity_failure,
                     "de server biedt onderzoekssleutel " + std::to_string(offered) +
                         " aan, maar deze client zag al sleutel " + std::to_string(seen) +
                         " (teruggedraaid) / the server offers research key generation " +
                         std::to_string(offered) + " after this client saw generation " +
                         std::to_string(seen));
    };
    if (response.certificate().empty()) {
        if (seen > 0) {
            return rolled_back(0);
        }
        return std::optional<ResearchKeyState>{};
    }
    // The root vouches for the key, not the server: a key it offers of its own is
    // refused here, before anything is sealed to it.
    WEERBAAR_ASSIGN_OR_RETURN(
        crypto::ResearchKeyCertificate certificate,
        crypto::ResearchKeyCertificate::decode(bytes_of(response.certificate())));
    WEERBAAR_TRY(certificate.verify(session.settings().root_sign_pk));
    if (certificate.body().generation < seen) {
        return rolled_back(certificate.body().generation);
    }
    // Every case write passes here: the store is written only when the generation is
    // new to this profile (remember_generation still never lowers it).
    if (certificate.body().generation > seen) {
        WEERBAAR_TRY(remember_generation(trust, certificate.body().generation));
    }
    std::optional<crypto::ResearchKeyWrap> wrap;
    if (!response.wrap().empty()) {
        WEERBAAR_ASSIGN_OR_RETURN(crypto::ResearchKeyWrap decoded,
                                  crypto::ResearchKeyWrap::decode(bytes_of(response.wrap())));
        if (decoded.body().generation != certificate.body().generation ||
            decoded.body().recipient != session.user()) {
            return Error(ErrorCode::integrity_failure,
                         "the server sent a research key wrap for another key or member");
        }
        wrap = std::move(decoded);
    }
    std::vector<std::string> holders(response.holders().begin(), response.holders().end());
    return std::optional<ResearchKeyState>{
        ResearchKeyState{std::move(certificate), std::move(wrap), std::move(holders)}};
}

Result<std::uint32_t> create_research_key(const Session& session, MemberDirectory& directory,
                                          bool replace) {
    const crypto::KeystoreContents& keys = session.keys();
    if (!keys.root) {
        return Error(ErrorCode::failed_precondition,
                     "alleen de coördinator met de organisatiesleutel (root) maakt de "
                     "onderzoekssleutel / only the holder of the organisation root key makes "
                     "the research key");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    if (!is_coordinator(me)) {
        return Error(ErrorCode::permission_denied,
                     "alleen een coördinator maakt de onderzoekssleutel / only a coordinator "
                     "makes the research key");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<ResearchKeyState> current,
                              fetch_research_key(session, directory.trust()));
    if (current && !replace) {
        std::string holders;
        for (const std::string& holder : current->holders) {
            holders += (holders.empty() ? "" : ", ") + holder;
        }
        return Error(ErrorCode::failed_precondition,
                     "er is al onderzoekssleutel " +
                         std::to_string(current->certificate.body().generation) +
                         " (houders: " + holders +
                         "); een nieuwe maak je alleen als een coördinator die hem had is "
                         "ingetrokken: daarna moeten de andere houders hem opnieuw krijgen en "
                         "werken de leden hun onderzoekscodes bij / a research key exists "
                         "already; replace it only after revoking a coordinator who held it",
                     "replace");
    }
    const std::uint32_t generation = current ? current->certificate.body().generation + 1 : 1;
    const crypto::EncryptionKeyPair research_key = crypto::EncryptionKeyPair::generate();
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::ResearchKeyCertificate certificate,
                              crypto::ResearchKeyCertificate::issue(
                                  generation, research_key.public_key(), now_unix(), *keys.root));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::ResearchKeyWrap wrap,
                              crypto::ResearchKeyWrap::create(
                                  generation, session.user(), keys.identity.encryption.public_key(),
                                  research_key, session.user(), keys.identity.signing));
    v1::PutResearchKeyRequest request;
    set_bytes(request.mutable_certificate(), certificate.encode());
    set_bytes(request.add_wraps(), wrap.encode());
    v1::PutResearchKeyResponse response;
    WEERBAAR_TRY(
        check_rpc(call_server(session, &SessionStubs::research,
                              &v1::ResearchService::Stub::PutResearchKey, request, &response),
                  "store the research key"));
    return generation;
}

Status grant_research_key(const Session& session, MemberDirectory& directory,
                          const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    if (!is_coordinator(me)) {
        return Error(ErrorCode::permission_denied,
                     "alleen een coördinator die de onderzoekssleutel heeft geeft hem door / only "
                     "a coordinator holding the research key gives it on");
    }
    if (user == session.user()) {
        return Error(ErrorCode::invalid_argument,
                     "je kunt de onderzoekssleutel niet aan jezelf geven / you cannot give the "
                     "research key to yourself",
                     "user");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember recipient, directory.member(user));
    if (!is_coordinator(recipient)) {
        return Error(ErrorCode::permission_denied,
                     "de onderzoekssleutel gaat alleen naar coördinatoren; '" + user +
                         "' is geen coördinator / the research key goes to coordinators only",
                     "user");
    }
    WEERBAAR_TRY(check_may_receive_key(recipient));
    WEERBAAR_ASSIGN_OR_RETURN(const HeldResearchKey held,
                              held_research_key(session, directory.trust()));
    WEERBAAR_ASSIGN_OR_RETURN(
        const crypto::ResearchKeyWrap wrap,
        crypto::ResearchKeyWrap::create(held.state.certificate.body().generation, user,
                                        recipient.certificate.body().enc_pk, held.key,
                                        session.user(), session.keys().identity.signing));
    v1::GrantResearchKeyRequest request;
    set_bytes(request.mutable_wrap(), wrap.encode());
    v1::GrantResearchKeyResponse response;
    return check_rpc(call_server(session, &SessionStubs::research,
                                 &v1::ResearchService::Stub::GrantResearchKey, request, &response),
                     "give the research key to '" + user + "'");
}

Result<HeldResearchKey> held_research_key(const Session& session, TrustStore& trust) {
    WEERBAAR_ASSIGN_OR_RETURN(std::optional<ResearchKeyState> state,
                              fetch_research_key(session, trust));
    if (!state) {
        return no_research_key();
    }
    WEERBAAR_ASSIGN_OR_RETURN(crypto::EncryptionKeyPair key, open_own_wrap(session, *state));
    return HeldResearchKey{std::move(*state), std::move(key)};
}

research::CaseFacts research_facts_of(const OpenedCase& opened) {
    research::CaseFacts facts;
    const v1::Intake* intake = opened.intake();
    if (intake == nullptr) {
        return facts;
    }
    facts.office_role = intake->reporter().office_role();
    facts.province = intake->reporter().province();
    if (const auto date = parse_date(intake->incident().date())) {
        facts.incident_date = *date;
    }
    facts.incident_types.assign(intake->incident().types().begin(),
                                intake->incident().types().end());
    facts.channel = intake->incident().channel();
    facts.perpetrator = intake->incident().perpetrator();
    facts.repeated = intake->incident().repeated();
    facts.police_report = intake->incident().police_report();
    facts.risk_level = intake->incident().risk_level();
    std::set<std::string> referrals(intake->referrals().begin(), intake->referrals().end());
    // The same walk as case_state, so the closing time is that of the status record
    // that counted, not of one a member had no right to write.
    std::string confidant = opened.creator;
    std::int64_t closed = 0;
    for (const CaseRecord& record : opened.records) {
        if (record.content.has_referral()) {
            referrals.insert(record.content.referral().to());
        }
        if (!changes_state(opened, record, confidant)) {
            continue;
        }
        if (record.content.has_status()) {
            closed = record.content.status().status() == "gesloten"
                         ? static_cast<std::int64_t>(record.created)
                         : 0;
        } else {
            confidant = record.content.handover().to();
        }
    }
    facts.referrals.assign(referrals.begin(), referrals.end());
    const CaseState state = case_state(opened);
    facts.status = state.status;
    facts.outcome = state.outcome;
    facts.opened_unix =
        opened.records.empty() ? 0 : static_cast<std::int64_t>(opened.records.front().created);
    facts.closed_unix = closed;
    return facts;
}

v1::ResearchCodes to_proto(const research::CaseCodes& codes) {
    v1::ResearchCodes out;
    out.set_codebook_version(codes.codebook_version);
    out.set_quarter(codes.quarter);
    out.set_province(codes.province);
    out.set_office_group(codes.office_group);
    for (const std::string& type : codes.incident_types) {
        out.add_incident_types(type);
    }
    out.set_channel(codes.channel);
    out.set_perpetrator(codes.perpetrator);
    out.set_repeated(codes.repeated);
    out.set_police_report(codes.police_report);
    out.set_risk_level(codes.risk_level);
    for (const std::string& referral : codes.referrals) {
        out.add_referrals(referral);
    }
    out.set_status(codes.status);
    out.set_outcome(codes.outcome);
    out.set_duration_bucket(codes.duration_bucket);
    return out;
}

research::CaseCodes from_proto(const v1::ResearchCodes& codes) {
    research::CaseCodes out;
    out.codebook_version = codes.codebook_version();
    out.quarter = codes.quarter();
    out.province = codes.province();
    out.office_group = codes.office_group();
    out.incident_types.assign(codes.incident_types().begin(), codes.incident_types().end());
    out.channel = codes.channel();
    out.perpetrator = codes.perpetrator();
    out.repeated = codes.repeated();
    out.police_report = codes.police_report();
    out.risk_level = codes.risk_level();
    out.referrals.assign(codes.referrals().begin(), codes.referrals().end());
    out.status = codes.status();
    out.outcome = codes.outcome();
    out.duration_bucket = codes.duration_bucket();
    return out;
}

v1::ResearchCodes research_codes_of(const OpenedCase& opened) {
    return to_proto(research::generalise(research_facts_of(opened)));
}

namespace {

Status put_research_record(const Session& session, const ResearchKeyState& state,
                           const OpenedCase& opened) {
    const v1::ResearchCodes codes = research_codes_of(opened);
    crypto::SecretBuffer plaintext(codes.ByteSizeLong());
    // Cannot fail: the buffer has exactly ByteSizeLong() bytes.
    (void)codes.SerializeToArray(plaintext.expose_secret().data(),
                                 static_cast<int>(plaintext.size()));
    WEERBAAR_ASSIGN_OR_RETURN(
        const crypto::ResearchRecord record,
        crypto::ResearchRecord::seal(opened.case_id, state.certificate.body().generation,
                                     session.user(), now_unix(), plaintext.expose_secret(),
                                     state.certificate.body().enc_pk,
                                     session.keys().identity.signing));
    v1::PutResearchRecordRequest request;
    set_bytes(request.mutable_case_id(), opened.case_id);
    set_bytes(request.mutable_record(), record.encode());
    v1::PutResearchRecordResponse response;
    return check_rpc(call_server(session, &SessionStubs::research,
                                 &v1::ResearchService::Stub::PutResearchRecord, request, &response),
                     "store the research codes of the case");
}

}  // namespace

Status store_research_record(const Session& session, MemberDirectory& directory,
                             const OpenedCase& opened) {
    if (opened.intake() == nullptr) {
        return ok_status();
    }
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<ResearchKeyState> state,
                              fetch_research_key(session, directory.trust()));
    if (!state) {
        return ok_status();
    }
    return put_research_record(session, *state, opened);
}

Result<BackfillReport> research_backfill(const Session& session, MemberDirectory& directory,
                                         const LongWork& work) {
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<ResearchKeyState> state,
                              fetch_research_key(session, directory.trust()));
    if (!state) {
        return no_research_key();
    }
    BackfillReport report;
    std::optional<Error> failed;
    WEERBAAR_TRY(visit_cases(
        session, directory,
        [&](const v1::CaseSummary&, const OpenedCase* opened) {
            ++report.cases;
            if (failed) {
                return;
            }
            if (opened == nullptr) {
                ++report.unverified;
                return;
            }
            if (opened->intake() == nullptr) {
                ++report.without_intake;
                return;
            }
            if (Status stored = put_research_record(session, *state, *opened); !stored.ok()) {
                failed = stored.error();
                return;
            }
            ++report.stored;
        },
        work));
    if (failed) {
        return *failed;
    }
    return report;
}

}  // namespace weerbaar::client
