#include "weerbaar/client/research_export.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "proto_bytes.h"
#include "session_rpc.h"
#include "weerbaar/client/codebook.h"
#include "weerbaar/client/research_compartment.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/privacy_ledger.h"
#include "weerbaar/crypto/research_package.h"
#include "weerbaar/crypto/research_record.h"
#include "weerbaar/durable_file.h"

namespace weerbaar::client {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kManifestName = "manifest.json";
// Hash domains (docs/crypto.md, "Research package").
constexpr std::string_view kManifestDomain = "weerbaar/v1/research-manifest";
constexpr std::string_view kFileDomain = "weerbaar/v1/research-file";
constexpr std::uint32_t kMaxQuarters = 40;  // ten years in one release
constexpr std::uint32_t kMaxK = 1000;
constexpr std::uint32_t kMaxEpsilonMillis = 100000;
constexpr std::uint32_t kRecordsPerPage = 1000;

std::uint64_t now_unix() { return static_cast<std::uint64_t>(std::time(nullptr)); }

Error field_error(std::string field, std::string message) {
    return Error(ErrorCode::invalid_argument, std::move(message), std::move(field));
}

// Quarters from 2000 to 2099: anything else is a typo (0226Q1), not a period with cases.
constexpr std::uint32_t kFirstYear = 2000;
constexpr std::uint32_t kLastYear = 2099;

Result<std::uint32_t> quarter_of(const std::string& text, const std::string& field) {
    Result<std::uint32_t> index = crypto::quarter_index(text);
    if (!index.ok()) {
        return field_error(field, "'" + text +
                                      "' is geen kwartaal; schrijf het als 2025Q1 / not a "
                                      "quarter: write it as 2025Q1");
    }
    if (index.value() / 4 < kFirstYear || index.value() / 4 > kLastYear) {
        return field_error(field, "'" + text +
                                      "' ligt niet tussen 2000 en 2099; een tikfout? / is not "
                                      "between 2000 and 2099");
    }
    return index;
}

bool is_empty_directory(const fs::path& path, std::error_code& error) {
    return fs::is_directory(path, error) && fs::is_empty(path, error);
}

// The directory a package goes to, as the user meant it: "export/" is "export"; "."
// and ".." name no new directory and are refused, as is a symbolic link (whose
// target may lie anywhere).
Result<fs::path> output_directory(const fs::path& given) {
    fs::path out = given.lexically_normal();
    if (!out.empty() && !out.has_filename()) {
        out = out.parent_path();  // a trailing slash
    }
    if (out.empty() || out.filename() == "." || out.filename() == ".." || out == out.root_path()) {
        return field_error("out",
                           "geef een nieuwe map voor het pakket, zoals export-2026 / name "
                           "a new directory for the package, such as export-2026");
    }
    std::error_code error;
    const fs::file_status status = fs::symlink_status(out, error);
    if (fs::is_symlink(status)) {
        return field_error("out", "'" + out.string() +
                                      "' is een symbolische koppeling; geef een gewone map / is a "
                                      "symbolic link: name a plain directory");
    }
    const fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
    if (!fs::exists(status)) {
        if (!fs::is_directory(parent, error)) {
            return field_error("out", "de map waarin '" + out.filename().string() +
                                          "' moet komen bestaat niet / the parent directory does "
                                          "not exist");
        }
        return out;
    }
    if (!is_empty_directory(out, error)) {
        return Error(ErrorCode::already_exists,
                     "'" + out.string() +
                         "' bestaat al en is geen lege map; kies een nieuwe map, zodat niets "
                         "wordt overschreven / exists and is not an empty directory",
                     "out");
    }
    return out;
}

Status check_output_directory(const fs::path& out) {
    WEERBAAR_ASSIGN_OR_RETURN(const fs::path normal, output_directory(out));
    (void)normal;
    return ok_status();
}

// A package directory that appears whole or not at all: the files go to a fresh
// hidden directory beside it (each synced), which takes the name only at commit().
// Not a durable_file::StagedFile, which stages files: a directory cannot be linked,
// so it takes its name by rename(), and only the sync of that name is shared.
// Destroyed without a commit, it removes what it wrote.
class StagedDirectory {
  public:
    static Result<StagedDirectory> create(const fs::path& given) {
        WEERBAAR_ASSIGN_OR_RETURN(fs::path out, output_directory(given));
        const fs::path parent = out.parent_path().empty() ? fs::path(".") : out.parent_path();
        fs::path staging = parent / ("." + out.filename().string() + ".tmp-" +
                                     crypto::to_hex(crypto::random_bytes(6)));
        if (::mkdir(staging.c_str(), 0700) != 0) {
            return field_error("out", "kan geen map maken in '" + parent.string() + "' (" +
                                          std::generic_category().message(errno) +
                                          "); kies een map waarin je mag schrijven / cannot make "
                                          "a directory there");
        }
        return StagedDirectory(std::move(out), std::move(staging));
    }
    StagedDirectory(StagedDirectory&& other) noexcept
        : out_(std::move(other.out_)), staging_(std::move(other.staging_)) {
        other.staging_.clear();
    }
    StagedDirectory& operator=(StagedDirectory&&) = delete;
    StagedDirectory(const StagedDirectory&) = delete;
    StagedDirectory& operator=(const StagedDirectory&) = delete;
    ~StagedDirectory() {
        if (!staging_.empty()) {
            std::error_code ignored;
            fs::remove_all(staging_, ignored);
        }
    }

    Status write(const std::vector<crypto::PackageFile>& files) {
        for (const crypto::PackageFile& file : files) {
            WEERBAAR_TRY(durable_file::write_file_atomically(staging_ / file.name, file.bytes, 0600,
                                                             durable_file::Overwrite::refused));
        }
        return ok_status();
    }

    Status commit() {
        std::error_code error;
        if (fs::exists(out_, error)) {
            fs::remove(out_, error);  // empty: checked when staged
        }
        fs::rename(staging_, out_, error);
        if (error) {
            return Error(ErrorCode::internal,
                         "cannot name the directory '" + out_.string() + "': " + error.message());
        }
        staging_.clear();
        // Each file was synced into the staging directory; the directory's new name
        // must survive a crash as well.
        return durable_file::sync_directory(out_.parent_path().empty() ? fs::path(".")
                                                                       : out_.parent_path());
    }

    [[nodiscard]] const fs::path& path() const { return out_; }

  private:
    StagedDirectory(fs::path out, fs::path staging)
        : out_(std::move(out)), staging_(std::move(staging)) {}
    fs::path out_;
    fs::path staging_;
};

research::Codebook research_codebook() {
    research::Codebook book;
    book.version = kCodebookVersion;
    book.json = std::string(embedded_codebook_json());
    for (const CodeList list : kCodeLists) {
        research::CodeList out;
        out.name = std::string(code_list_name(list));
        out.description_nl = std::string(embedded_codebook().description_nl(list));
        for (const Code& code : codes(list)) {
            out.codes.emplace_back(std::string(code.code), std::string(code.label_nl));
        }
        book.lists.push_back(std::move(out));
    }
    return book;
}

// A research record's codes are the author's word: codes outside our codebook and the
// method's hierarchies make the record unusable (counted, left out), never an error.
bool usable_codes(const research::CaseCodes& codes) {
    const auto known = [](CodeList list, const std::string& code) {
        return is_known_code(list, code);
    };
    const auto all_known = [&](CodeList list, const std::vector<std::string>& values) {
        return std::all_of(values.begin(), values.end(),
                           [&](const std::string& value) { return known(list, value); });
    };
    // A code keeps its meaning in every later codebook (docs/codebook.md, "Versioning"),
    // so a record of an earlier version counts; one of a later version waits for a
    // client that knows it.
    return codes.codebook_version >= 1 && codes.codebook_version <= kCodebookVersion &&
           crypto::quarter_index(codes.quarter).ok() && known(CodeList::province, codes.province) &&
           research::is_office_group(codes.office_group) && !codes.incident_types.empty() &&
           all_known(CodeList::incident_type, codes.incident_types) &&
           known(CodeList::channel, codes.channel) &&
           known(CodeList::perpetrator, codes.perpetrator) &&
           known(CodeList::risk_level, codes.risk_level) &&
           all_known(CodeList::referral, codes.referrals) &&
           known(CodeList::status, codes.status) &&
           (codes.outcome.empty() || known(CodeList::outcome, codes.outcome)) &&
           research::is_duration_bucket(codes.duration_bucket);
}

// Members by name, each fetched and chain-verified once per export.
class AuthorKeys {
  public:
    explicit AuthorKeys(MemberDirectory& directory) : directory_(directory) {}

    // The member, or not_found; integrity_failure when the certificate does not chain.
    Result<const VerifiedMember*> get(const std::string& user) {
        if (const auto found = members_.find(user); found != members_.end()) {
            return &found->second;
        }
        WEERBAAR_ASSIGN_OR_RETURN(VerifiedMember member, directory_.member(user));
        return &members_.emplace(user, std::move(member)).first->second;
    }

    // The certified signing keys of `member`: the current and every past certificate.
    static std::vector<crypto::Bytes> signing_keys(const VerifiedMember& member) {
        std::vector<crypto::Bytes> keys{member.certificate.body().sign_pk};
        for (const crypto::Certificate& past : member.past_certificates) {
            keys.push_back(past.body().sign_pk);
        }
        return keys;
    }

  private:
    MemberDirectory& directory_;
    std::map<std::string, VerifiedMember, std::less<>> members_;
};

struct ReadRecords {
    std::vector<research::CaseCodes> cases;
    std::size_t unusable = 0;
};

Result<ReadRecords> read_research_records(const Session& session, AuthorKeys& authors,
                                          const ResearchKeyState& state,
                                          const crypto::EncryptionKeyPair& research_key,
                                          const LongWork& work) {
    ReadRecords read;
    std::set<crypto::Bytes> seen_cases;
    std::string after;
    for (;;) {
        WEERBAAR_TRY(work.check_stop("read the research records"));
        v1::ListResearchRecordsRequest request;
        request.set_after_case_id(after);
        request.set_limit(kRecordsPerPage);
        v1::ListResearchRecordsResponse response;
        WEERBAAR_TRY(check_rpc(
            call_server(session, &SessionStubs::research,
                        &v1::ResearchService::Stub::ListResearchRecords, request, &response),
            "read the research records"));
        for (const std::string& encoded : response.records()) {
            WEERBAAR_ASSIGN_OR_RETURN(const crypto::ResearchRecord record,
                                      crypto::ResearchRecord::decode(bytes_of(encoded)));
            const crypto::ResearchRecordBody& body = record.body();
            // Pages run in case id order, one record per case: anything else is the
            // server counting a case twice.
            if (!seen_cases.insert(body.case_id).second ||
                (!after.empty() && bytes_of(after) >= body.case_id)) {
                return Error(ErrorCode::integrity_failure,
                             "the server listed the research record of a case twice or out of "
                             "order");
            }
            if (body.generation != state.certificate.body().generation) {
                ++read.unusable;  // sealed to an earlier key: the next write or backfill renews it
                continue;
            }
            WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember* author, authors.get(body.author));
            if (author->role() == crypto::Role::researcher) {
                ++read.unusable;
                continue;
            }
            std::optional<crypto::SecretBuffer> plaintext;
            for (const crypto::Bytes& key : AuthorKeys::signing_keys(*author)) {
                Result<crypto::SecretBuffer> opened = record.open(key, research_key);
                if (opened.ok()) {
                    plaintext = std::move(opened).value();
                    break;
                }
            }
            if (!plaintext) {
                // No member's signature vouches for it: the server altered or forged it.
                return Error(ErrorCode::integrity_failure, "decryption or verification failed");
            }
            v1::ResearchCodes codes;
            const auto bytes = plaintext->expose_secret();
            research::CaseCodes converted;
            if (codes.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) &&
                usable_codes(converted = from_proto(codes))) {
                read.cases.push_back(std::move(converted));
            } else {
                ++read.unusable;  // signed by a member, so a member's fault: left out
            }
        }
        work.report(read.cases.size() + read.unusable, 0);
        if (!response.more() || response.records().empty()) {
            break;
        }
        WEERBAAR_ASSIGN_OR_RETURN(
            const crypto::ResearchRecord last,
            crypto::ResearchRecord::decode(bytes_of(*response.records().rbegin())));
        after.assign(last.body().case_id.begin(), last.body().case_id.end());
    }
    return read;
}

struct VerifiedLedger {
    std::vector<crypto::PrivacyLedgerEntry> entries;
    PrivacyLedgerView view;
};

Result<VerifiedLedger> fetch_ledger(const Session& session, AuthorKeys& exporters) {
    v1::GetPrivacyLedgerResponse response;
    WEERBAAR_TRY(check_rpc(
        call_server(session, &SessionStubs::research, &v1::ResearchService::Stub::GetPrivacyLedger,
                    v1::GetPrivacyLedgerRequest{}, &response),
        "read the privacy ledger"));
    VerifiedLedger ledger;
    ledger.view.budget_millis_per_quarter = response.budget_millis_per_quarter();
    for (const std::string& encoded : response.entries()) {
        WEERBAAR_ASSIGN_OR_RETURN(crypto::PrivacyLedgerEntry entry,
                                  crypto::PrivacyLedgerEntry::decode(bytes_of(encoded)));
        WEERBAAR_TRY(entry.verify_signature());
        const crypto::PrivacyLedgerEntryBody& body = entry.body();
        WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember* exporter, exporters.get(body.exporter));
        const std::vector<crypto::Bytes> keys = AuthorKeys::signing_keys(*exporter);
        if (std::none_of(keys.begin(), keys.end(), [&](const crypto::Bytes& key) {
                return crypto::equal_constant_time(key, entry.exporter_sign_pk());
            })) {
            return Error(ErrorCode::integrity_failure,
                         "privacy ledger entry " + std::to_string(body.sequence) +
                             ": not signed with a certified key of '" + body.exporter + "'");
        }
        WEERBAAR_ASSIGN_OR_RETURN(const std::uint32_t from,
                                  crypto::quarter_index(body.from_period));
        WEERBAAR_ASSIGN_OR_RETURN(const std::uint32_t to, crypto::quarter_index(body.to_period));
        for (std::uint32_t quarter = from; quarter <= to; ++quarter) {
            ledger.view.spent_millis[crypto::quarter_name(quarter)] += body.epsilon_millis;
        }
        ledger.view.entries.push_back(PrivacyLedgerLine{
            body.sequence, body.exporter, body.time, body.from_period, body.to_period, body.k,
            body.epsilon_millis, crypto::to_hex(body.manifest_hash)});
        ledger.entries.push_back(std::move(entry));
    }
    WEERBAAR_TRY(crypto::verify_privacy_ledger_chain(ledger.entries));
    return ledger;
}

// The least budget left over [from, to] once `spend` is spent; resource_exhausted
// naming the first quarter it would overdraw.
Result<std::uint32_t> budget_after(const PrivacyLedgerView& view, std::uint32_t from,
                                   std::uint32_t to, std::uint32_t spend) {
    std::uint32_t least = view.budget_millis_per_quarter;
    for (std::uint32_t quarter = from; quarter <= to; ++quarter) {
        const std::string name = crypto::quarter_name(quarter);
        const auto found = view.spent_millis.find(name);
        const std::uint64_t spent = found == view.spent_millis.end() ? 0 : found->second;
        if (spent + spend > view.budget_millis_per_quarter) {
            const std::uint64_t left = spent >= view.budget_millis_per_quarter
                                           ? 0
                                           : view.budget_millis_per_quarter - spent;
            return Error(ErrorCode::resource_exhausted,
                         "het privacybudget van " + name + " is op: er is nog epsilon " +
                             format_epsilon(static_cast<std::uint32_t>(left)) +
                             " over, deze uitgifte vraagt " + format_epsilon(spend) +
                             "; er is niets geschreven / the privacy budget of " + name +
                             " does not allow this release",
                         "epsilon");
        }
        least = std::min(
            least, static_cast<std::uint32_t>(view.budget_millis_per_quarter - spent - spend));
    }
    return least;
}

std::string manifest_json(const std::vector<crypto::PackageFile>& files,
                          const ResearchExportRequest& request, const std::string& exporter,
                          std::uint64_t created) {
    nlohmann::ordered_json manifest;
    manifest["format"] = "weerbaar-onderzoekspakket";
    manifest["version"] = 1;
    manifest["exporter"] = exporter;
    manifest["created_unix"] = created;
    manifest["period"] = {{"from", request.from_period}, {"to", request.to_period}};
    manifest["k"] = request.k;
    manifest["epsilon"] = format_epsilon(request.epsilon_millis);
    manifest["codebook_version"] = kCodebookVersion;
    manifest["file_hash"] =
        "BLAKE2b-256 over u16 len | \"" + std::string(kFileDomain) + "\" | file";
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const crypto::PackageFile& file : files) {
        list.push_back({{"name", file.name},
                        {"bytes", file.bytes.size()},
                        {"hash", crypto::to_hex(crypto::hash(kFileDomain, file.bytes))}});
    }
    manifest["files"] = list;
    return manifest.dump(2) + "\n";
}

// The one error for a package that does not verify, whatever failed (the signature,
// the decryption, the manifest, the exporter's name): bilingual, because a package is
// not a case and the generic lead speaks of one.
Error package_does_not_verify() {
    return Error(ErrorCode::integrity_failure,
                 "INTEGRITEITSFOUT: dit pakket is veranderd, beschadigd of niet van een "
                 "coördinator van deze organisatie; vertrouw het niet en vraag een nieuw / the "
                 "package does not verify (decryption or verification failed)");
}

// Every file named in the signed manifest, with its size and hash, and no other.
Result<nlohmann::json> check_manifest(const std::vector<crypto::PackageFile>& files) {
    const Error tampered = package_does_not_verify();
    const auto manifest_file = std::find_if(
        files.begin(), files.end(), [](const auto& file) { return file.name == kManifestName; });
    if (manifest_file == files.end()) {
        return tampered;
    }
    const nlohmann::json manifest = nlohmann::json::parse(
        manifest_file->bytes.begin(), manifest_file->bytes.end(), nullptr, false);
    if (manifest.is_discarded() || !manifest.is_object() || !manifest.contains("files") ||
        !manifest["files"].is_array() || manifest["files"].size() + 1 != files.size()) {
        return tampered;
    }
    std::map<std::string, const crypto::PackageFile*> by_name;
    for (const crypto::PackageFile& file : files) {
        by_name[file.name] = &file;
    }
    std::set<std::string> listed;
    for (const nlohmann::json& entry : manifest["files"]) {
        if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() ||
            !entry.contains("hash") || !entry["hash"].is_string() || !entry.contains("bytes") ||
            !entry["bytes"].is_number_unsigned()) {
            return tampered;
        }
        const auto found = by_name.find(entry["name"].get<std::string>());
        if (found == by_name.end() || found->first == kManifestName ||
            !listed.insert(found->first).second ||
            entry["bytes"].get<std::uint64_t>() != found->second->bytes.size() ||
            crypto::to_hex(crypto::hash(kFileDomain, found->second->bytes)) !=
                entry["hash"].get<std::string>()) {
            return tampered;
        }
    }
    return manifest;
}

// Signs `body` as the next entry of `ledger` and appends it. Another export may take
// the next place first (the server refuses a wrong sequence or previous hash with
// failed_precondition): then the ledger is read again, the budget checked again, and
// the entry signed for the new place, a few times at most.
Result<std::uint64_t> append_ledger_entry(const Session& session, AuthorKeys& exporters,
                                          VerifiedLedger ledger,
                                          crypto::PrivacyLedgerEntryBody body, std::uint32_t from,
                                          std::uint32_t to) {
    constexpr int kAttempts = 4;
    for (int attempt = 1;; ++attempt) {
        body.sequence = ledger.entries.size() + 1;
        body.previous_hash =
            ledger.entries.empty() ? crypto::Bytes(32, 0) : ledger.entries.back().hash();
        WEERBAAR_ASSIGN_OR_RETURN(
            const crypto::PrivacyLedgerEntry entry,
            crypto::PrivacyLedgerEntry::sign(body, session.keys().identity.signing));
        v1::AppendPrivacyLedgerRequest append;
        set_bytes(append.mutable_entry(), entry.encode());
        v1::AppendPrivacyLedgerResponse appended;
        const grpc::Status status =
            call_server(session, &SessionStubs::research,
                        &v1::ResearchService::Stub::AppendPrivacyLedger, append, &appended);
        if (status.error_code() != grpc::StatusCode::FAILED_PRECONDITION || attempt == kAttempts) {
            WEERBAAR_TRY(check_rpc(status, "record the release in the privacy ledger"));
            return appended.sequence();
        }
        WEERBAAR_ASSIGN_OR_RETURN(ledger, fetch_ledger(session, exporters));
        WEERBAAR_TRY(budget_after(ledger.view, from, to, body.epsilon_millis));
    }
}

}  // namespace

Result<std::uint32_t> parse_epsilon(std::string_view text) {
    const bool comma = text.find(',') != std::string_view::npos;
    const Error bad = field_error(
        "epsilon", "epsilon '" + std::string(text) +
                       "' is geen getal tussen 0.001 en 100 met hoogstens drie decimalen" +
                       (comma ? " (schrijf een punt, geen komma: 0.5)" : "") +
                       " / not a number from 0.001 to 100 with at most three decimals" +
                       (comma ? " (write a point, not a comma)" : ""));
    const std::size_t point = text.find('.');
    const std::string_view whole = text.substr(0, point);
    const std::string_view fraction =
        point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
    if (whole.empty() || fraction.size() > 3 ||
        (point != std::string_view::npos && fraction.empty())) {
        return bad;
    }
    const auto digits = [](std::string_view part) {
        return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(whole) || !digits(fraction) || whole.size() > 3) {
        return bad;
    }
    std::uint32_t millis = 0;
    for (const char c : whole) {
        millis = millis * 10 + static_cast<std::uint32_t>(c - '0');
    }
    millis *= 1000;
    std::uint32_t scale = 100;
    for (const char c : fraction) {
        millis += static_cast<std::uint32_t>(c - '0') * scale;
        scale /= 10;
    }
    if (millis == 0 || millis > kMaxEpsilonMillis) {
        return bad;
    }
    return millis;
}

std::string format_epsilon(std::uint32_t epsilon_millis) {
    std::string fraction = std::to_string(epsilon_millis % 1000);
    fraction.insert(0, 3 - fraction.size(), '0');
    return std::to_string(epsilon_millis / 1000) + "." + fraction;
}

std::pair<std::string, std::string> default_research_period(std::chrono::year_month_day today) {
    const auto year = static_cast<std::uint32_t>(static_cast<int>(today.year()));
    const auto month = static_cast<unsigned>(today.month());
    const std::uint32_t current = year * 4 + (month - 1) / 3;
    return {crypto::quarter_name(current - 8), crypto::quarter_name(current - 1)};
}

std::pair<std::string, std::string> complete_research_period(const std::string& from,
                                                             const std::string& to,
                                                             std::chrono::year_month_day today) {
    if (!from.empty() && !to.empty()) {
        return {from, to};
    }
    if (from.empty() && to.empty()) {
        return default_research_period(today);
    }
    // One end given: eight quarters from or up to it. A given end that is not a
    // quarter stays as typed, for the check to name.
    const Result<std::uint32_t> given = crypto::quarter_index(from.empty() ? to : from);
    if (!given.ok() || given.value() < 7) {
        return {from, to};
    }
    if (from.empty()) {
        return {crypto::quarter_name(given.value() - 7), to};
    }
    return {from, crypto::quarter_name(given.value() + 7)};
}

Status check_research_export_request(const ResearchExportRequest& request) {
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint32_t from,
                              quarter_of(request.from_period, "from_period"));
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint32_t to, quarter_of(request.to_period, "to_period"));
    if (to < from) {
        return field_error("to_period", "het eindkwartaal " + request.to_period +
                                            " ligt voor het beginkwartaal " + request.from_period +
                                            " / the last quarter is before the first");
    }
    if (to - from + 1 > kMaxQuarters) {
        return field_error("to_period",
                           "een uitgifte beslaat hoogstens tien jaar / a release covers at most "
                           "ten years");
    }
    if (request.k < 2 || request.k > kMaxK) {
        return field_error("k",
                           "k moet tussen 2 en 1000 liggen (standaard 5): met k = 1 is een "
                           "persoon in de microdata te herkennen / k must be 2 to 1000");
    }
    if (request.epsilon_millis == 0 || request.epsilon_millis > kMaxEpsilonMillis) {
        return field_error("epsilon",
                           "epsilon moet tussen 0.001 en 100 liggen / epsilon must be "
                           "0.001 to 100");
    }
    if (request.for_researcher) {
        if (!crypto::validate_user_name(*request.for_researcher).ok()) {
            return field_error("for",
                               "'" + *request.for_researcher +
                                   "' is geen geldige gebruikersnaam / not a valid user name");
        }
    }
    return check_output_directory(request.out);
}

Result<PrivacyLedgerView> privacy_ledger(const Session& session, MemberDirectory& directory) {
    AuthorKeys exporters(directory);
    WEERBAAR_ASSIGN_OR_RETURN(VerifiedLedger ledger, fetch_ledger(session, exporters));
    return std::move(ledger.view);
}

Result<ResearchExportResult> export_research(const Session& session, MemberDirectory& directory,
                                             const ResearchExportRequest& request,
                                             const LongWork& work) {
    WEERBAAR_TRY(check_research_export_request(request));
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    if (me.role() != crypto::Role::coordinator) {
        return Error(ErrorCode::permission_denied,
                     "alleen een coördinator met de onderzoekssleutel maakt een export / only a "
                     "coordinator holding the research key exports");
    }
    std::optional<VerifiedMember> researcher;
    if (request.for_researcher) {
        WEERBAAR_ASSIGN_OR_RETURN(VerifiedMember member, directory.member(*request.for_researcher));
        if (member.role() != crypto::Role::researcher) {
            return Error(ErrorCode::invalid_argument,
                         "'" + *request.for_researcher +
                             "' is geen onderzoeker; een pakket gaat alleen naar een onderzoeker / "
                             "not a researcher",
                         "for");
        }
        WEERBAAR_TRY(check_may_receive_key(member));
        researcher = std::move(member);
    }
    WEERBAAR_ASSIGN_OR_RETURN(const HeldResearchKey held,
                              held_research_key(session, directory.trust()));
    AuthorKeys members(directory);
    WEERBAAR_ASSIGN_OR_RETURN(ReadRecords read,
                              read_research_records(session, members, held.state, held.key, work));

    // The budget is checked before the noise is drawn, so a refused release spends
    // no randomness on figures nobody sees; the server checks again when it appends.
    WEERBAAR_ASSIGN_OR_RETURN(VerifiedLedger ledger, fetch_ledger(session, members));
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint32_t from, crypto::quarter_index(request.from_period));
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint32_t to, crypto::quarter_index(request.to_period));
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint32_t left,
                              budget_after(ledger.view, from, to, request.epsilon_millis));

    const std::uint64_t created = now_unix();
    research::ExportSettings settings;
    settings.from_period = request.from_period;
    settings.to_period = request.to_period;
    settings.k = request.k;
    settings.epsilon_millis = request.epsilon_millis;
    settings.exporter = session.user();
    settings.created_unix = static_cast<std::int64_t>(created);
    research::SodiumRandom random;
    WEERBAAR_ASSIGN_OR_RETURN(
        research::ResearchExport built,
        research::build_research_export(read.cases, settings, research_codebook(), random));
    std::vector<crypto::PackageFile> files;
    for (auto& [name, bytes] : built.files) {
        files.push_back(crypto::PackageFile{name, crypto::Bytes(bytes.begin(), bytes.end())});
    }
    std::sort(files.begin(), files.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    const std::string manifest = manifest_json(files, request, session.user(), created);
    const crypto::Bytes manifest_hash =
        crypto::hash(kManifestDomain, crypto::Bytes(manifest.begin(), manifest.end()));
    files.push_back(crypto::PackageFile{std::string(kManifestName),
                                        crypto::Bytes(manifest.begin(), manifest.end())});

    if (built.report.rows_in_period == 0) {
        // Nothing to release: spending budget on empty tables helps nobody.
        return Error(ErrorCode::failed_precondition,
                     "er zijn geen zaken in " + request.from_period + " tot en met " +
                         request.to_period +
                         "; er is niets uitgegeven en geen budget verbruikt / no cases in the "
                         "period: nothing released, no budget spent",
                     "from_period");
    }

    std::optional<std::pair<std::string, crypto::Bytes>> recipient;
    if (researcher) {
        recipient.emplace(researcher->user(), researcher->certificate.body().enc_pk);
    }
    WEERBAAR_ASSIGN_OR_RETURN(
        const crypto::ResearchPackage package,
        crypto::ResearchPackage::seal(files, session.user(), created,
                                      session.keys().identity.signing, recipient));
    ResearchExportResult result;
    std::vector<crypto::PackageFile> written;
    if (!researcher) {
        written = files;
        for (const crypto::PackageFile& file : files) {
            result.files.push_back(file.name);
        }
    }
    written.push_back(crypto::PackageFile{std::string(kResearchPackageName), package.encode()});
    // Everything is written (hidden, beside the directory) before the budget is spent,
    // so no path or disk problem can cost budget; only the rename comes after.
    WEERBAAR_ASSIGN_OR_RETURN(StagedDirectory staged, StagedDirectory::create(request.out));
    WEERBAAR_TRY(staged.write(written));

    crypto::PrivacyLedgerEntryBody body;
    body.exporter = session.user();
    body.time = created;
    body.from_period = request.from_period;
    body.to_period = request.to_period;
    body.k = request.k;
    body.epsilon_millis = request.epsilon_millis;
    body.manifest_hash = manifest_hash;
    WEERBAAR_ASSIGN_OR_RETURN(
        const std::uint64_t sequence,
        append_ledger_entry(session, members, std::move(ledger), body, from, to));
    // The release is recorded: from here a failure leaves the budget spent (the safe
    // direction) and says so.
    if (Status named = staged.commit(); !named.ok()) {
        return Error(ErrorCode::internal,
                     "de uitgifte staat in het privacylogboek (regel " + std::to_string(sequence) +
                         "), maar de map kon geen naam krijgen: " + named.error().message() +
                         " / the release is recorded but its directory could not be named");
    }
    result.package = staged.path() / kResearchPackageName;
    result.report = std::move(built.report);
    result.records_read = read.cases.size();
    result.records_unusable = read.unusable;
    result.ledger_sequence = sequence;
    result.manifest_hash = crypto::to_hex(manifest_hash);
    result.budget_left_millis = left;
    return result;
}

Result<OpenedResearchPackage> open_research_package(const Session& session,
                                                    MemberDirectory& directory,
                                                    const std::filesystem::path& path,
                                                    const std::filesystem::path& out) {
    WEERBAAR_TRY(check_output_directory(out));
    std::error_code error;
    const std::uintmax_t size = fs::file_size(path, error);
    if (error) {
        return Error(ErrorCode::not_found,
                     "pakket '" + path.string() + "' niet gevonden / package not found", "package");
    }
    if (size > crypto::kMaxPackagePayload + (1U << 20)) {
        return Error(ErrorCode::resource_exhausted,
                     "het pakket is groter dan een export kan zijn / the package is too large",
                     "package");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes bytes, durable_file::read_whole_file(path));
    const Error tampered = package_does_not_verify();
    Result<crypto::ResearchPackage> decoded = crypto::ResearchPackage::decode(bytes);
    if (!decoded.ok()) {
        return tampered;
    }
    const crypto::ResearchPackage& package = decoded.value();
    const crypto::ResearchPackageInfo& info = package.info();
    // The exporter must be a coordinator the root vouches for, signing with a key of
    // theirs: the server hands out certificates, the pinned root decides.
    Result<VerifiedMember> found = directory.member(info.exporter);
    if (!found.ok()) {
        // A name no member has is an altered package (or a forged one), not a typo.
        return found.error().code() == ErrorCode::not_found ? tampered : found.error();
    }
    const VerifiedMember& exporter = found.value();
    const std::vector<crypto::Bytes> keys = AuthorKeys::signing_keys(exporter);
    if (exporter.role() != crypto::Role::coordinator ||
        std::none_of(keys.begin(), keys.end(), [&](const crypto::Bytes& key) {
            return crypto::equal_constant_time(key, info.exporter_sign_pk);
        })) {
        return tampered;
    }
    if (info.encrypted && info.recipient != session.user()) {
        return Error(ErrorCode::permission_denied,
                     "dit pakket is versleuteld voor '" + info.recipient +
                         "', niet voor jou / this package is sealed to another member");
    }
    Result<std::vector<crypto::PackageFile>> files =
        package.open(info.encrypted ? &session.keys().identity.encryption : nullptr);
    if (!files.ok()) {
        return tampered;
    }
    WEERBAAR_ASSIGN_OR_RETURN(const nlohmann::json manifest, check_manifest(files.value()));
    OpenedResearchPackage opened;
    opened.exporter = info.exporter;
    opened.created = info.created;
    opened.encrypted = info.encrypted;
    for (const crypto::PackageFile& file : files.value()) {
        opened.files.push_back(file.name);
    }
    const auto text = [&](const char* a, const char* b = nullptr) -> std::string {
        const nlohmann::json* value = manifest.contains(a) ? &manifest[a] : nullptr;
        if (value != nullptr && b != nullptr) {
            value = value->is_object() && value->contains(b) ? &(*value)[b] : nullptr;
        }
        return value != nullptr && value->is_string() ? value->get<std::string>() : std::string{};
    };
    opened.from_period = text("period", "from");
    opened.to_period = text("period", "to");
    opened.k = manifest.value("k", 0U);
    if (Result<std::uint32_t> epsilon = parse_epsilon(text("epsilon")); epsilon.ok()) {
        opened.epsilon_millis = epsilon.value();
    }
    const crypto::PackageFile& manifest_file =
        *std::find_if(files.value().begin(), files.value().end(),
                      [](const auto& file) { return file.name == kManifestName; });
    opened.manifest_hash = crypto::to_hex(crypto::hash(kManifestDomain, manifest_file.bytes));
    // Whether the release was recorded: the ledger names every manifest it allowed.
    // Coordinators and researchers may read it; another member opens the package
    // without that check (ledger_checked false).
    Result<PrivacyLedgerView> ledger = privacy_ledger(session, directory);
    if (ledger.ok()) {
        opened.ledger_checked = true;
        for (const PrivacyLedgerLine& line : ledger.value().entries) {
            if (line.manifest_hash == opened.manifest_hash) {
                opened.ledger_sequence = line.sequence;
            }
        }
    } else if (ledger.error().code() != ErrorCode::permission_denied) {
        return ledger.error();
    }
    // A revoked coordinator still holds their signing key: a package of theirs counts
    // only as a release the ledger recorded (before the revocation).
    opened.exporter_revoked = exporter.revoked();
    if (opened.exporter_revoked && opened.ledger_sequence == 0) {
        return Error(ErrorCode::integrity_failure,
                     "dit pakket is ondertekend door '" + info.exporter +
                         "', wiens lidmaatschap is ingetrokken, en het privacylogboek noemt het "
                         "niet; vertrouw het niet / signed by a revoked coordinator and not in the "
                         "privacy ledger");
    }
    WEERBAAR_ASSIGN_OR_RETURN(StagedDirectory staged, StagedDirectory::create(out));
    WEERBAAR_TRY(staged.write(files.value()));
    WEERBAAR_TRY(staged.commit());
    return opened;
}

}  // namespace weerbaar::client
