#include "data_directory.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "private_file.h"
#include "sqlcipher_storage.h"

namespace weerbaar::server {
namespace {

constexpr std::size_t kKeyHexChars = kDatabaseKeySize * 2;
constexpr std::size_t kAuditKeyHexChars = crypto::kSignSecretKeySize * 2;

bool is_lower_hex(const std::string& text) {
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

// Wipes a string that held key material before it is freed.
struct WipeOnExit {
    std::string& text;
    ~WipeOnExit() { OPENSSL_cleanse(text.data(), text.size()); }
};

}  // namespace

Status prepare_data_directory(const DataDirectory& directory) {
    std::error_code error;
    if (std::filesystem::exists(directory.root, error)) {
        if (!std::filesystem::is_directory(directory.root, error)) {
            return Error(ErrorCode::failed_precondition,
                         directory.root.string() + " exists and is not a directory");
        }
        return ok_status();
    }
    if (directory.root.has_parent_path()) {
        std::filesystem::create_directories(directory.root.parent_path(), error);
    }
    // chmod as well: mkdir's mode is narrowed by the umask, never widened.
    if ((::mkdir(directory.root.c_str(), 0700) != 0 && errno != EEXIST) ||
        ::chmod(directory.root.c_str(), 0700) != 0) {
        return Error(ErrorCode::internal,
                     "cannot create " + directory.root.string() + ": " + std::strerror(errno));
    }
    return ok_status();
}

DataDirectoryLock::~DataDirectoryLock() { ::close(descriptor_); }

Result<std::unique_ptr<DataDirectoryLock>> lock_data_directory(const DataDirectory& directory) {
    const int descriptor =
        ::open(directory.lock().c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (descriptor < 0) {
        return Error(ErrorCode::internal,
                     "cannot open " + directory.lock().string() + ": " + std::strerror(errno));
    }
    auto lock = std::make_unique<DataDirectoryLock>(descriptor);
    if (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            return Error(ErrorCode::failed_precondition,
                         "another weerbaar-server is using " + directory.root.string());
        }
        return Error(ErrorCode::internal,
                     "cannot lock " + directory.lock().string() + ": " + std::strerror(errno));
    }
    // A directory someone else made (or an older version left at 0755) would let
    // other users list the files and see their sizes and times.
    if (::chmod(directory.root.c_str(), 0700) != 0) {
        return Error(ErrorCode::internal, "cannot set mode 0700 on " + directory.root.string() +
                                              ": " + std::strerror(errno));
    }
    return lock;
}

Result<crypto::SecretBuffer> load_or_create_database_key(const DataDirectory& directory) {
    std::error_code error;
    if (!std::filesystem::exists(directory.database_key(), error)) {
        if (std::filesystem::exists(directory.database(), error)) {
            return Error(ErrorCode::failed_precondition,
                         directory.database_key().string() + " is missing but " +
                             directory.database().string() +
                             " exists; restore the key file from backup");
        }
        crypto::SecretBuffer key = crypto::SecretBuffer::random(kDatabaseKeySize);
        std::string line = crypto::to_hex(key.expose_secret()) + "\n";
        WipeOnExit wipe{line};
        WEERBAAR_TRY(write_private_file(directory.database_key(), line));
        return key;
    }
    WEERBAAR_ASSIGN_OR_RETURN(std::string text,
                              read_private_file(directory.database_key(), kKeyHexChars + 2));
    WipeOnExit wipe{text};
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    if (text.size() != kKeyHexChars || !is_lower_hex(text)) {
        return Error(
            ErrorCode::failed_precondition,
            directory.database_key().string() + " must hold exactly 64 lowercase hex characters");
    }
    WEERBAAR_ASSIGN_OR_RETURN(crypto::Bytes bytes, crypto::from_hex(text));
    crypto::SecretBuffer key = crypto::SecretBuffer::copy_of(bytes);
    OPENSSL_cleanse(bytes.data(), bytes.size());
    return key;
}

Result<crypto::SigningKeyPair> load_or_create_audit_key(const DataDirectory& directory) {
    std::error_code error;
    if (!std::filesystem::exists(directory.audit_key(), error)) {
        crypto::SigningKeyPair pair = crypto::SigningKeyPair::generate();
        std::string line = crypto::to_hex(pair.secret_key().expose_secret()) + "\n";
        WipeOnExit wipe{line};
        WEERBAAR_TRY(write_private_file(directory.audit_key(), line));
        return pair;
    }
    WEERBAAR_ASSIGN_OR_RETURN(std::string text,
                              read_private_file(directory.audit_key(), kAuditKeyHexChars + 2));
    WipeOnExit wipe{text};
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    if (text.size() != kAuditKeyHexChars || !is_lower_hex(text)) {
        return Error(
            ErrorCode::failed_precondition,
            directory.audit_key().string() + " must hold exactly 128 lowercase hex characters");
    }
    WEERBAAR_ASSIGN_OR_RETURN(crypto::Bytes bytes, crypto::from_hex(text));
    crypto::SecretBuffer secret = crypto::SecretBuffer::copy_of(bytes);
    OPENSSL_cleanse(bytes.data(), bytes.size());
    auto pair = crypto::SigningKeyPair::from_secret(std::move(secret));
    if (!pair.ok()) {
        return Error(ErrorCode::failed_precondition,
                     directory.audit_key().string() + " does not hold a valid Ed25519 secret key");
    }
    return pair;
}

Result<std::uint64_t> free_bytes_of(const std::filesystem::path& path) {
    struct statvfs info {};
    if (::statvfs(path.c_str(), &info) != 0) {
        return Error(ErrorCode::internal, "cannot read the free space of " + path.string() + ": " +
                                              std::strerror(errno));
    }
    return static_cast<std::uint64_t>(info.f_bavail) * static_cast<std::uint64_t>(info.f_frsize);
}

}  // namespace weerbaar::server
