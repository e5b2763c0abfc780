#include "weerbaar/client/profile.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <system_error>

#include "weerbaar/durable_file.h"

namespace weerbaar::client {
namespace {

constexpr const char* kKeystoreFile = "keystore";
constexpr const char* kSettingsFile = "profile.json";
constexpr const char* kCertificateFile = "server.crt";
constexpr const char* kPreviousCertificateFile = "server.crt.previous";
constexpr unsigned kDirectoryMode = 0700;
constexpr unsigned kPrivateFileMode = 0600;
constexpr int kSettingsFormat = 1;

crypto::ByteView bytes_of(std::string_view text) { return crypto::as_bytes(text); }

std::string text_of(const crypto::Bytes& bytes) { return {bytes.begin(), bytes.end()}; }

Error damaged(const std::filesystem::path& path, const std::string& why) {
    return Error(ErrorCode::failed_precondition,
                 "profile file '" + path.string() + "' is damaged: " + why);
}

}  // namespace

std::filesystem::path default_profile_directory() {
    if (const char* env = std::getenv("WEERBAAR_PROFILE"); env != nullptr && *env != '\0') {
        return env;
    }
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr ? home : ".") / ".config" / "weerbaar";
}

bool Profile::has_keystore() const {
    std::error_code ignored;
    return std::filesystem::exists(directory_ / kKeystoreFile, ignored);
}

Status Profile::require_fresh() const {
    if (has_keystore()) {
        return Error(ErrorCode::already_exists,
                     "profile '" + directory_.string() + "' is set up already (it has a keystore)");
    }
    return ok_status();
}

Status Profile::ensure_directory() const {
    std::error_code error;
    std::filesystem::create_directories(directory_, error);
    if (error) {
        return Error(ErrorCode::internal, "cannot create profile directory '" +
                                              directory_.string() + "': " + error.message());
    }
    // Also tightens a directory that existed with wider permissions.
    if (::chmod(directory_.c_str(), kDirectoryMode) != 0) {
        return Error(ErrorCode::internal, "cannot set permissions on '" + directory_.string() +
                                              "': " + std::strerror(errno));
    }
    return ok_status();
}

Status Profile::create(const ProfileSettings& settings, std::string_view server_certificate,
                       crypto::ByteView sealed_keystore) const {
    WEERBAAR_TRY(require_fresh());
    WEERBAAR_TRY(ensure_directory());
    WEERBAAR_TRY(durable_file::write_file_atomically(directory_ / kCertificateFile,
                                                     bytes_of(server_certificate), kPrivateFileMode,
                                                     durable_file::Overwrite::allowed));
    WEERBAAR_TRY(write_settings(settings));
    return durable_file::write_file_atomically(directory_ / kKeystoreFile, sealed_keystore,
                                               kPrivateFileMode, durable_file::Overwrite::refused);
}

Status Profile::write_settings(const ProfileSettings& settings) const {
    nlohmann::json json = {
        {"format", kSettingsFormat},
        {"server", settings.server_address},
        {"user", settings.user},
        {"root_sign_pk", crypto::to_hex(settings.root_sign_pk)},
        {"root_fingerprint", settings.root_fingerprint},
    };
    if (!settings.audit_sign_pk.empty()) {
        json["audit_sign_pk"] = crypto::to_hex(settings.audit_sign_pk);
    }
    if (settings.trust_memory) {
        json["trust_memory"] = true;
    }
    if (settings.certificate_endorsed_at != 0) {
        json["certificate_endorsed_at"] = settings.certificate_endorsed_at;
    }
    return durable_file::write_file_atomically(directory_ / kSettingsFile,
                                               bytes_of(json.dump(2) + "\n"), kPrivateFileMode,
                                               durable_file::Overwrite::allowed);
}

Status Profile::pin_audit_key(crypto::ByteView audit_sign_pk) const {
    if (audit_sign_pk.size() != crypto::kSignPublicKeySize) {
        return Error(ErrorCode::integrity_failure, "the server's audit key is malformed");
    }
    WEERBAAR_ASSIGN_OR_RETURN(ProfileSettings settings, read_settings());
    settings.audit_sign_pk.assign(audit_sign_pk.begin(), audit_sign_pk.end());
    return write_settings(settings);
}

Status Profile::mark_trust_memory() const {
    WEERBAAR_ASSIGN_OR_RETURN(ProfileSettings settings, read_settings());
    if (settings.trust_memory) {
        return ok_status();
    }
    settings.trust_memory = true;
    return write_settings(settings);
}

Result<ProfileSettings> Profile::read_settings() const {
    if (!has_keystore()) {
        return Error(ErrorCode::not_found,
                     "geen profiel in '" + directory_.string() +
                         "'; begin met 'weerbaar init' (of 'org create') / no profile in '" +
                         directory_.string() + "': run 'weerbaar init' (or 'org create') first");
    }
    const auto path = directory_ / kSettingsFile;
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes raw, durable_file::read_whole_file(path));
    const auto json = nlohmann::json::parse(raw.begin(), raw.end(), nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return damaged(path, "not a JSON object");
    }
    const auto text = [&](const char* key) -> std::optional<std::string> {
        const auto found = json.find(key);
        if (found == json.end() || !found->is_string()) {
            return std::nullopt;
        }
        return found->get<std::string>();
    };
    const auto server = text("server");
    const auto user = text("user");
    const auto root_hex = text("root_sign_pk");
    const auto root_fingerprint = text("root_fingerprint");
    if (!server || !user || !root_hex || !root_fingerprint) {
        return damaged(path, "a field is missing");
    }
    auto root = crypto::from_hex(*root_hex);
    if (!root.ok() || root.value().size() != crypto::kSignPublicKeySize) {
        return damaged(path, "root_sign_pk is not a key");
    }
    crypto::Bytes audit_sign_pk;
    if (json.contains("audit_sign_pk")) {
        const auto audit_hex = text("audit_sign_pk");
        auto audit = crypto::from_hex(audit_hex.value_or(""));
        if (!audit_hex || !audit.ok() || audit.value().size() != crypto::kSignPublicKeySize) {
            return damaged(path, "audit_sign_pk is not a key");
        }
        audit_sign_pk = std::move(audit).value();
    }
    const auto trust_memory = json.find("trust_memory");
    if (trust_memory != json.end() && !trust_memory->is_boolean()) {
        return damaged(path, "trust_memory is not true or false");
    }
    std::uint64_t endorsed_at = 0;
    if (const auto found = json.find("certificate_endorsed_at"); found != json.end()) {
        if (!found->is_number_unsigned()) {
            return damaged(path, "certificate_endorsed_at is not a time");
        }
        endorsed_at = found->get<std::uint64_t>();
    }
    return ProfileSettings{*server,
                           *user,
                           std::move(root).value(),
                           *root_fingerprint,
                           std::move(audit_sign_pk),
                           trust_memory != json.end() && trust_memory->get<bool>(),
                           endorsed_at};
}

Result<std::string> Profile::read_server_certificate() const {
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes raw,
                              durable_file::read_whole_file(directory_ / kCertificateFile));
    return text_of(raw);
}

Status Profile::replace_server_certificate(std::string_view pinned_pem,
                                           std::string_view certificate_pem,
                                           std::uint64_t endorsed_at) const {
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes current,
                              durable_file::read_whole_file(directory_ / kCertificateFile));
    const std::string_view on_disk(reinterpret_cast<const char*>(current.data()),  // NOLINT
                                   current.size());
    if (on_disk == certificate_pem) {
        return ok_status();  // followed already, by another process of this profile
    }
    if (on_disk != pinned_pem) {
        return Error(ErrorCode::failed_precondition,
                     "het vastgezette servercertificaat is intussen veranderd; probeer het "
                     "opnieuw / the pinned server certificate changed meanwhile; try again");
    }
    WEERBAAR_ASSIGN_OR_RETURN(ProfileSettings settings, read_settings());
    WEERBAAR_TRY(durable_file::write_file_atomically(directory_ / kPreviousCertificateFile, current,
                                                     kPrivateFileMode,
                                                     durable_file::Overwrite::allowed));
    settings.certificate_endorsed_at = endorsed_at;
    WEERBAAR_TRY(write_settings(settings));
    return durable_file::write_file_atomically(directory_ / kCertificateFile,
                                               bytes_of(certificate_pem), kPrivateFileMode,
                                               durable_file::Overwrite::allowed);
}

Status Profile::set_server_address(const std::string& address) const {
    WEERBAAR_TRY(check_server_address(address));
    WEERBAAR_ASSIGN_OR_RETURN(ProfileSettings settings, read_settings());
    settings.server_address = address;
    return write_settings(settings);
}

Status check_server_address(std::string_view address) {
    const std::size_t colon = address.rfind(':');
    const std::string_view port =
        colon == std::string_view::npos ? std::string_view{} : address.substr(colon + 1);
    const bool port_ok = !port.empty() && port.size() <= 5 &&
                         port.find_first_not_of("0123456789") == std::string_view::npos &&
                         std::stoi(std::string(port)) >= 1 && std::stoi(std::string(port)) <= 65535;
    // No spaces, controls or '/': gRPC would read "unix:/path" and the like as
    // another kind of target.
    const bool host_ok = colon != std::string_view::npos && colon > 0 &&
                         std::none_of(address.begin(), address.end(), [](char c) {
                             return static_cast<unsigned char>(c) <= 0x20 || c == '/' || c == 0x7f;
                         });
    if (!port_ok || !host_ok) {
        return Error(ErrorCode::invalid_argument,
                     "serveradres ongeldig: schrijf het als host:poort, bijvoorbeeld "
                     "weerbaar.example.nl:50051 / server address invalid: write it as host:port");
    }
    return ok_status();
}

Result<crypto::Bytes> Profile::read_keystore() const {
    return durable_file::read_whole_file(directory_ / kKeystoreFile);
}

Status Profile::replace_keystore(crypto::ByteView sealed_keystore) const {
    if (!has_keystore()) {
        return Error(ErrorCode::not_found, "no profile in '" + directory_.string() +
                                               "': run 'weerbaar init' (or 'org create') first");
    }
    return durable_file::write_file_atomically(directory_ / kKeystoreFile, sealed_keystore,
                                               kPrivateFileMode, durable_file::Overwrite::allowed);
}

Status check_new_passphrase(const crypto::SecretBuffer& passphrase) {
    if (passphrase.size() < kMinPassphraseLength) {
        return Error(ErrorCode::invalid_argument, "passphrase too short: use at least " +
                                                      std::to_string(kMinPassphraseLength) +
                                                      " characters");
    }
    return ok_status();
}

Result<crypto::Bytes> seal_profile_keystore(const crypto::KeystoreContents& contents,
                                            const crypto::SecretBuffer& passphrase) {
    WEERBAAR_TRY(check_new_passphrase(passphrase));
    return crypto::seal_keystore(contents, passphrase);
}

Result<crypto::KeystoreContents> open_profile_keystore(const Profile& profile,
                                                       const crypto::SecretBuffer& passphrase) {
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes sealed, profile.read_keystore());
    auto contents = crypto::open_keystore(sealed, passphrase);
    if (!contents.ok()) {
        return Error(ErrorCode::permission_denied,
                     "verkeerde wachtwoordzin (of beschadigde sleutelopslag); probeer het "
                     "opnieuw / wrong passphrase or damaged keystore");
    }
    crypto::KeystoreContents keys = std::move(contents).value();
    if (keys.store_key.empty()) {
        // A keystore from before the local store: it gets its store key now, once,
        // under the same passphrase (a fresh salt), before the store is first used.
        keys.store_key = crypto::SecretBuffer::random(crypto::kLocalStoreKeySize);
        WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes resealed,
                                  seal_profile_keystore(keys, passphrase));
        WEERBAAR_TRY(profile.replace_keystore(resealed));
    }
    return keys;
}

Status change_profile_passphrase(const Profile& profile, const crypto::SecretBuffer& current,
                                 const crypto::SecretBuffer& replacement) {
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::KeystoreContents contents,
                              open_profile_keystore(profile, current));
    WEERBAAR_TRY(check_new_passphrase(replacement));
    if (replacement.equals(current)) {
        return Error(ErrorCode::invalid_argument,
                     "het nieuwe wachtwoord is gelijk aan het huidige; kies een ander / the new "
                     "passphrase equals the current one; choose another");
    }
    // seal_keystore draws a new random salt, so nothing derived from the old
    // passphrase survives in the file.
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes sealed,
                              seal_profile_keystore(contents, replacement));
    return profile.replace_keystore(sealed);
}

}  // namespace weerbaar::client
