#include "weerbaar/client/trust_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "weerbaar/client/atomic_file.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/crypto/fingerprint.h"

namespace weerbaar::client {
namespace {

constexpr const char* kTrustFile = "trust.json";

// Holds flock(LOCK_EX) on an open descriptor and closes it (releasing the lock).
class FileDescriptorLock {
  public:
    explicit FileDescriptorLock(int fd) : fd_(fd), held_(::flock(fd, LOCK_EX) == 0) {}
    ~FileDescriptorLock() { ::close(fd_); }
    FileDescriptorLock(const FileDescriptorLock&) = delete;
    FileDescriptorLock& operator=(const FileDescriptorLock&) = delete;
    [[nodiscard]] bool held() const { return held_; }

  private:
    int fd_;
    bool held_;
};
constexpr unsigned kPrivateFileMode = 0600;
constexpr int kTrustFormat = 1;

using nlohmann::json;

Error damaged(const std::string& why) {
    return Error(ErrorCode::failed_precondition, "trust.json is damaged: " + why);
}

// Reads a field of an expected type, or nullopt.
template <typename T>
std::optional<T> field(const json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end()) {
        return std::nullopt;
    }
    if constexpr (std::is_same_v<T, std::string>) {
        if (!found->is_string()) {
            return std::nullopt;
        }
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!found->is_boolean()) {
            return std::nullopt;
        }
    } else {
        if (!found->is_number_unsigned()) {
            return std::nullopt;
        }
    }
    return found->get<T>();
}

bool is_hash_hex(const std::string& text) {
    const auto bytes = crypto::from_hex(text);
    return bytes.ok() && bytes.value().size() == crypto::kAuditHashSize;
}

Status read_keys(const json& keys, TrustState& state) {
    if (!keys.is_object()) {
        return damaged("keys is not an object");
    }
    for (const auto& [user, entry] : keys.items()) {
        const auto fingerprint =
            entry.is_object() ? field<std::string>(entry, "fingerprint") : std::nullopt;
        const auto verified = entry.is_object() ? field<bool>(entry, "verified") : std::nullopt;
        if (!fingerprint || !verified) {
            return damaged("the key of '" + user + "' is incomplete");
        }
        state.keys.insert_or_assign(user, KnownKey{*fingerprint, *verified});
    }
    return ok_status();
}

Status read_revocations(const json& revocations, TrustState& state) {
    if (!revocations.is_array()) {
        return damaged("revocations is not a list");
    }
    for (const json& entry : revocations) {
        const auto user = entry.is_object() ? field<std::string>(entry, "user") : std::nullopt;
        const auto hash = entry.is_object() ? field<std::string>(entry, "hash") : std::nullopt;
        const auto certificate =
            entry.is_object() ? field<std::string>(entry, "certificate_hash") : std::nullopt;
        if (!user || !hash || !certificate || !is_hash_hex(*hash) || !is_hash_hex(*certificate)) {
            return damaged("a revocation is incomplete");
        }
        state.revocations.push_back({*user, *hash, *certificate});
    }
    return ok_status();
}

Status read_anchor(const json& anchor, TrustState& state) {
    if (anchor.is_null()) {
        return ok_status();
    }
    const auto sequence =
        anchor.is_object() ? field<std::uint64_t>(anchor, "sequence") : std::nullopt;
    const auto head = anchor.is_object() ? field<std::string>(anchor, "head_hash") : std::nullopt;
    if (!sequence || !head || !is_hash_hex(*head)) {
        return damaged("the audit anchor is incomplete");
    }
    state.audit_anchor = crypto::AuditAnchor{*sequence, crypto::from_hex(*head).value()};
    return ok_status();
}

Status read_cases(const json& cases, TrustState& state) {
    if (!cases.is_object()) {
        return damaged("cases is not an object");
    }
    for (const auto& [case_hex, entry] : cases.items()) {
        const auto sequence =
            entry.is_object() ? field<std::uint64_t>(entry, "sequence") : std::nullopt;
        const auto hash = entry.is_object() ? field<std::string>(entry, "hash") : std::nullopt;
        if (!sequence || !hash || !is_hash_hex(*hash)) {
            return damaged("the memory of case " + case_hex + " is incomplete");
        }
        const auto epoch = field<std::uint32_t>(entry, "epoch");
        const auto creator = field<std::string>(entry, "creator");
        state.cases.insert_or_assign(
            case_hex, CaseHead{*sequence, *hash, epoch.value_or(0), creator.value_or("")});
    }
    return ok_status();
}

}  // namespace

KeySighting observe_key(TrustState& state, const std::string& user,
                        const std::string& fingerprint) {
    const auto known = state.keys.find(user);
    if (known == state.keys.end()) {
        state.keys.emplace(user, KnownKey{fingerprint, false});
        return KeySighting::first_sight;
    }
    return crypto::fingerprints_match(known->second.fingerprint, fingerprint)
               ? KeySighting::known
               : KeySighting::changed;
}

void mark_key_verified(TrustState& state, const std::string& user, const std::string& fingerprint) {
    state.keys.insert_or_assign(user, KnownKey{fingerprint, true});
}

bool is_remembered_revoked(const TrustState& state, const std::string& user,
                           crypto::ByteView certificate_hash) {
    const std::string hex = crypto::to_hex(certificate_hash);
    return std::any_of(state.revocations.begin(), state.revocations.end(),
                       [&](const RememberedRevocation& revocation) {
                           return revocation.user == user && revocation.certificate_hash == hex;
                       });
}

bool remember_revocation(TrustState& state, RememberedRevocation revocation) {
    if (std::find(state.revocations.begin(), state.revocations.end(), revocation) !=
        state.revocations.end()) {
        return false;
    }
    state.revocations.push_back(std::move(revocation));
    return true;
}

std::string trust_state_to_json(const TrustState& state) {
    json keys = json::object();
    for (const auto& [user, key] : state.keys) {
        keys[user] = {{"fingerprint", key.fingerprint}, {"verified", key.verified}};
    }
    json revocations = json::array();
    for (const RememberedRevocation& revocation : state.revocations) {
        revocations.push_back({{"user", revocation.user},
                               {"hash", revocation.revocation_hash},
                               {"certificate_hash", revocation.certificate_hash}});
    }
    json anchor = nullptr;
    if (state.audit_anchor) {
        anchor = {{"sequence", state.audit_anchor->sequence},
                  {"head_hash", crypto::to_hex(state.audit_anchor->head_hash)}};
    }
    json cases = json::object();
    for (const auto& [case_hex, head] : state.cases) {
        cases[case_hex] = {{"sequence", head.sequence},
                           {"hash", head.hash},
                           {"epoch", head.epoch},
                           {"creator", head.creator}};
    }
    const json out = {{"format", kTrustFormat},
                      {"keys", std::move(keys)},
                      {"revocations", revocations},
                      {"audit_anchor", std::move(anchor)},
                      {"cases", std::move(cases)}};
    return out.dump(2) + "\n";
}

Result<TrustState> trust_state_from_json(std::string_view text) {
    const json parsed = json::parse(text.begin(), text.end(), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        return damaged("not a JSON object");
    }
    if (field<std::uint64_t>(parsed, "format") != std::uint64_t{kTrustFormat}) {
        return damaged("unknown format");
    }
    TrustState state;
    WEERBAAR_TRY(read_keys(parsed.value("keys", json::object()), state));
    WEERBAAR_TRY(read_revocations(parsed.value("revocations", json::array()), state));
    WEERBAAR_TRY(read_anchor(parsed.value("audit_anchor", json()), state));
    WEERBAAR_TRY(read_cases(parsed.value("cases", json::object()), state));
    return state;
}

Result<TrustState> read_trust_state(const std::filesystem::path& path) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        return TrustState{};
    }
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes raw, read_whole_file(path));
    return trust_state_from_json(
        std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
}

Result<TrustStore> TrustStore::load(const std::filesystem::path& profile_directory) {
    std::filesystem::path path = profile_directory / kTrustFile;
    const Profile profile(profile_directory);
    // Without a keystore there is no profile.json to keep the record in (tests, or a
    // setup still under way): such a store never asks for it.
    bool expected = false;
    if (profile.has_keystore()) {
        WEERBAAR_ASSIGN_OR_RETURN(const ProfileSettings settings, profile.read_settings());
        expected = settings.trust_memory;
    }
    std::error_code error;
    const bool exists = std::filesystem::exists(path, error);
    if (!exists && expected) {
        // Starting afresh would trust on first use again every key this client had
        // checked: a deleted trust.json must not undo what people verified by phone.
        return Error(ErrorCode::failed_precondition,
                     "je vertrouwensgeheugen " + path.string() +
                         " ontbreekt, terwijl dit profiel er een had: zet het terug uit een "
                         "back-up of bel de coördinator; er is niets gedaan / your trust memory "
                         "is missing although this profile had one: restore it from a backup "
                         "or call your coordinator; nothing was done");
    }
    WEERBAAR_ASSIGN_OR_RETURN(TrustState state, read_trust_state(path));
    if (exists && !expected && profile.has_keystore()) {
        WEERBAAR_TRY(profile.mark_trust_memory());
        expected = true;
    }
    return TrustStore(std::move(path), std::move(state), expected || !profile.has_keystore());
}

// Several commands of one profile may run at once (a `watch` runs for hours): each
// change is applied to the file as it is now, under an exclusive lock, so that no
// process writes back an older copy over what another one learnt.
Status TrustStore::update(const std::function<void(TrustState&)>& change) {
    const std::filesystem::path lock_path = path_.string() + ".lock";
    const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kPrivateFileMode);
    if (fd < 0) {
        return Error(ErrorCode::internal, "cannot open " + lock_path.string());
    }
    const FileDescriptorLock lock(fd);
    if (!lock.held()) {
        return Error(ErrorCode::internal, "cannot lock " + lock_path.string());
    }
    WEERBAAR_ASSIGN_OR_RETURN(TrustState fresh, read_trust_state(path_));
    change(fresh);
    WEERBAAR_TRY(write_file_atomically(path_, crypto::as_bytes(trust_state_to_json(fresh)),
                                       kPrivateFileMode, Overwrite::allowed));
    state_ = std::move(fresh);
    // After the file, so that the record never claims a trust.json that is not there.
    if (!marked_) {
        WEERBAAR_TRY(Profile(path_.parent_path()).mark_trust_memory());
        marked_ = true;
    }
    return ok_status();
}

Result<KeySighting> TrustStore::observe_key(const std::string& user,
                                            const std::string& fingerprint) {
    // Known or changed in memory: nothing to write (a change is for a person to check).
    if (const KeySighting seen = client::observe_key(state_, user, fingerprint);
        seen != KeySighting::first_sight) {
        return seen;
    }
    KeySighting sighting = KeySighting::first_sight;
    WEERBAAR_TRY(update(
        [&](TrustState& fresh) { sighting = client::observe_key(fresh, user, fingerprint); }));
    return sighting;
}

Status TrustStore::mark_key_verified(const std::string& user, const std::string& fingerprint) {
    return update([&](TrustState& fresh) { client::mark_key_verified(fresh, user, fingerprint); });
}

Status TrustStore::remember_revocation(RememberedRevocation revocation) {
    if (std::find(state_.revocations.begin(), state_.revocations.end(), revocation) !=
        state_.revocations.end()) {
        return ok_status();
    }
    return update([&](TrustState& fresh) { client::remember_revocation(fresh, revocation); });
}

Status TrustStore::set_audit_anchor(crypto::AuditAnchor anchor) {
    return update([&](TrustState& fresh) {
        if (!fresh.audit_anchor || fresh.audit_anchor->sequence <= anchor.sequence) {
            fresh.audit_anchor = anchor;
        }
    });
}

Status TrustStore::raise_case_epoch(const std::string& case_hex, std::uint32_t epoch) {
    // A rotation or unshare always follows a verified read, which stored the head;
    // without one there is no record to anchor an entry to, so none is made.
    const auto head = state_.cases.find(case_hex);
    if (head == state_.cases.end() || head->second.epoch >= epoch) {
        return ok_status();
    }
    return update([&](TrustState& fresh) {
        const auto known = fresh.cases.find(case_hex);
        if (known != fresh.cases.end()) {
            known->second.epoch = std::max(known->second.epoch, epoch);
        }
    });
}

Status TrustStore::set_case_head(const std::string& case_hex, CaseHead head) {
    const auto known = state_.cases.find(case_hex);
    if (known != state_.cases.end() && known->second == head) {
        return ok_status();
    }
    // Heads and epochs only move forward, whichever process learnt them.
    return update([&](TrustState& fresh) {
        const auto found = fresh.cases.find(case_hex);
        if (found == fresh.cases.end()) {
            fresh.cases.emplace(case_hex, head);
            return;
        }
        CaseHead& current = found->second;
        const std::uint32_t epoch = std::max(current.epoch, head.epoch);
        const std::string creator = current.creator.empty() ? head.creator : current.creator;
        if (head.sequence >= current.sequence) {
            current = head;
        }
        current.epoch = epoch;
        current.creator = creator;
    });
}

Status TrustStore::save() const {
    return write_file_atomically(path_, crypto::as_bytes(trust_state_to_json(state_)),
                                 kPrivateFileMode, Overwrite::allowed);
}

}  // namespace weerbaar::client
