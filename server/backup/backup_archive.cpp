#include "backup_archive.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <optional>
#include <vector>

#include "database_snapshot.h"
#include "private_file.h"
#include "weerbaar/crypto/attachment_stream.h"
#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/backup_stream.h"
#include "weerbaar/crypto/restore_notice.h"
#include "weerbaar/durable_file.h"
#include "weerbaar/sqlite/sqlcipher_database.h"

namespace weerbaar::server {
namespace {

constexpr std::string_view kPublicKeyPrefix = "weerbaar-backup-public-key:";
constexpr std::string_view kSecretKeyPrefix = "weerbaar-backup-secret-key:";
constexpr std::size_t kKeyHexSize = crypto::kEncPublicKeySize * 2;
constexpr std::size_t kMaxKeyFileSize = 64 * 1024;  // the TLS certificate is the largest
constexpr std::size_t kReadSize = std::size_t{1} << 20;

// The files every data directory has, in the order a backup holds them.
constexpr std::array<std::string_view, 4> kKeyFiles = {"db.key", "server.key", "server.crt",
                                                       "audit.key"};
constexpr std::string_view kDatabaseFile = "weerbaar.db";
constexpr std::string_view kAttachmentsFolder = "attachments";

Error system_error(const std::filesystem::path& path, std::string_view what) {
    return Error(ErrorCode::internal,
                 std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

struct FileDescriptor {
    int fd = -1;
    ~FileDescriptor() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

// A folder of our own (mode 0700) beside where the result goes, removed with all it
// holds unless kept.
class ScratchDirectory {
  public:
    static Result<ScratchDirectory> create(const std::filesystem::path& pattern_prefix) {
        std::string pattern = pattern_prefix.string() + "-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) {
            return system_error(pattern_prefix.parent_path(), "cannot make a temporary folder in");
        }
        return ScratchDirectory(pattern);
    }
    ~ScratchDirectory() {
        if (!path_.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(path_, ignored);
        }
    }
    ScratchDirectory(ScratchDirectory&& other) noexcept : path_(std::move(other.path_)) {
        other.path_.clear();
    }
    ScratchDirectory& operator=(ScratchDirectory&&) = delete;
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    void keep() { path_.clear(); }

  private:
    explicit ScratchDirectory(std::filesystem::path path) : path_(std::move(path)) {}
    std::filesystem::path path_;
};

std::filesystem::path beside(const std::filesystem::path& path, std::string_view suffix) {
    const std::filesystem::path absolute = std::filesystem::absolute(path).lexically_normal();
    const std::filesystem::path name =
        absolute.has_filename() ? absolute.filename() : absolute.parent_path().filename();
    const std::filesystem::path folder =
        absolute.has_filename() ? absolute.parent_path() : absolute.parent_path().parent_path();
    return folder / ("." + name.string() + std::string(suffix));
}

// A key file's "<prefix><hex>\n" into `size` bytes of secure memory.
Result<crypto::SecretBuffer> secret_from_hex(crypto::ByteView text, std::size_t size) {
    std::size_t length = text.size();
    if (length > 0 && text[length - 1] == '\n') {
        --length;
    }
    crypto::SecretBuffer bytes(size);
    std::size_t decoded = 0;
    const char* end = nullptr;
    if (length != size * 2 ||
        sodium_hex2bin(bytes.expose_secret().data(), size,
                       reinterpret_cast<const char*>(text.data()), length, nullptr, &decoded,
                       &end) != 0 ||
        decoded != size) {
        return Error(ErrorCode::invalid_argument, "not a key in hex");
    }
    return bytes;
}

// ---- Writing a backup ----

class BackupWriter {
  public:
    BackupWriter(durable_file::StagedFile& out, crypto::BackupSealer& sealer)
        : out_(out), sealer_(sealer) {}

    Status put(crypto::ByteView plaintext) { return sealer_.update(plaintext, sink()); }
    Status put_entry(BackupEntryKind kind, std::string_view name, crypto::ByteView content) {
        WEERBAAR_TRY(put(backup_entry_header(kind, name, content.size())));
        return put(content);
    }
    // A file streamed from disk; `expected_size`, when given, must be its size.
    Status put_file(const std::filesystem::path& path, std::string_view name,
                    std::optional<std::uint64_t> expected_size) {
        FileDescriptor file{::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
        struct stat info {};
        if (file.fd < 0 || ::fstat(file.fd, &info) != 0 ||
            (expected_size && static_cast<std::uint64_t>(info.st_size) != *expected_size)) {
            if (expected_size) {
                return Error(ErrorCode::failed_precondition,
                             "attachment blob " + path.filename().string() +
                                 " is missing or not its size (its case deleted while the "
                                 "backup ran?); run the backup again");
            }
            return system_error(path, "cannot read");
        }
        const auto size = static_cast<std::uint64_t>(info.st_size);
        WEERBAAR_TRY(put(backup_entry_header(BackupEntryKind::file, name, size)));
        crypto::Bytes buffer(kReadSize);
        std::uint64_t done = 0;
        while (done < size) {
            const ssize_t n = ::read(file.fd, buffer.data(), buffer.size());
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0 || done + static_cast<std::uint64_t>(n) > size) {
                return system_error(path, "cannot read all of");
            }
            WEERBAAR_TRY(put(crypto::ByteView(buffer).first(static_cast<std::size_t>(n))));
            done += static_cast<std::uint64_t>(n);
        }
        return ok_status();
    }
    Status finish() { return sealer_.finish(sink()); }
    [[nodiscard]] std::uint64_t written() const { return written_; }

  private:
    crypto::BackupSink sink() {
        return [this](crypto::ByteView bytes) {
            written_ += bytes.size();
            return out_.write(bytes);
        };
    }
    durable_file::StagedFile& out_;
    crypto::BackupSealer& sealer_;
    std::uint64_t written_ = 0;
};

// ---- Reading a backup ----

struct UnpackedAttachment {
    std::uint64_t size = 0;
    crypto::Bytes hash;
};

// Writes the database (and, when asked, the blobs) of a backup under `folder` and
// keeps the key files in secure memory.
class Unpacker final : public BackupContentsHandler {
  public:
    Unpacker(std::filesystem::path folder, bool keep_attachments)
        : folder_(std::move(folder)), keep_attachments_(keep_attachments) {}

    Status manifest(const BackupManifest& manifest) override {
        manifest_ = manifest;
        return ok_status();
    }
    Status file_begin(const std::string& name, std::uint64_t size) override {
        name_ = name;
        size_ = size;
        is_key_ = std::find(kKeyFiles.begin(), kKeyFiles.end(), name) != kKeyFiles.end();
        if (is_key_) {
            if (size > kMaxKeyFileSize) {
                return Error(ErrorCode::invalid_argument, "the backup's contents are malformed");
            }
            key_ = crypto::SecretBuffer(static_cast<std::size_t>(size));
            key_filled_ = 0;
            return ok_status();
        }
        hasher_.emplace();
        if (name == kDatabaseFile || keep_attachments_) {
            WEERBAAR_ASSIGN_OR_RETURN(auto file,
                                      durable_file::StagedFile::create(folder_ / name, 0600));
            file_.emplace(std::move(file));
        }
        return ok_status();
    }
    Status file_bytes(crypto::ByteView bytes) override {
        if (is_key_) {
            std::copy(bytes.begin(), bytes.end(),
                      key_.expose_secret().subspan(key_filled_).begin());
            key_filled_ += bytes.size();
            return ok_status();
        }
        hasher_->update(bytes);
        return file_ ? file_->write(bytes) : ok_status();
    }
    Status file_end() override {
        if (is_key_) {
            keys_.insert_or_assign(name_, std::move(key_));
            key_ = crypto::SecretBuffer();
            return ok_status();
        }
        if (file_) {
            WEERBAAR_TRY(file_->commit(durable_file::Overwrite::refused));
            file_.reset();
        }
        if (name_ == kDatabaseFile) {
            database_bytes_ = size_;
        } else {
            attachments_.emplace(name_.substr(kAttachmentsFolder.size() + 1),
                                 UnpackedAttachment{size_, hasher_->finish()});
        }
        hasher_.reset();
        return ok_status();
    }

    [[nodiscard]] const BackupManifest& manifest() const { return manifest_; }
    [[nodiscard]] const std::map<std::string, crypto::SecretBuffer>& keys() const { return keys_; }
    [[nodiscard]] const std::map<std::string, UnpackedAttachment>& attachments() const {
        return attachments_;
    }
    [[nodiscard]] std::uint64_t database_bytes() const { return database_bytes_; }

  private:
    std::filesystem::path folder_;
    bool keep_attachments_;
    BackupManifest manifest_;
    std::string name_;
    std::uint64_t size_ = 0;
    bool is_key_ = false;
    crypto::SecretBuffer key_;
    std::size_t key_filled_ = 0;
    std::optional<crypto::AttachmentHasher> hasher_;
    std::optional<durable_file::StagedFile> file_;
    std::map<std::string, crypto::SecretBuffer> keys_;
    std::map<std::string, UnpackedAttachment> attachments_;
    std::uint64_t database_bytes_ = 0;
};

// Decrypts `file` through `unpacker`. Whatever it wrote counts only if this succeeds.
Status unpack(const std::filesystem::path& file, const crypto::EncryptionKeyPair& backup_key,
              Unpacker& unpacker, std::uint64_t& file_bytes) {
    FileDescriptor in{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
    if (in.fd < 0) {
        return Error(errno == ENOENT ? ErrorCode::not_found : ErrorCode::internal,
                     "cannot open " + file.string() + ": " + std::strerror(errno));
    }
    crypto::BackupOpener opener = crypto::BackupOpener::create(backup_key);
    BackupContentsReader reader(unpacker);
    const crypto::BackupSink sink = [&reader](crypto::ByteView plaintext) {
        return reader.update(plaintext);
    };
    crypto::Bytes buffer(kReadSize);
    file_bytes = 0;
    for (;;) {
        const ssize_t n = ::read(in.fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return system_error(file, "cannot read");
        }
        if (n == 0) {
            break;
        }
        file_bytes += static_cast<std::uint64_t>(n);
        WEERBAAR_TRY(
            opener.update(crypto::ByteView(buffer).first(static_cast<std::size_t>(n)), sink));
    }
    WEERBAAR_TRY(opener.finish(sink));
    return reader.finish();
}

Error not_whole(const std::string& what) {
    return Error(ErrorCode::failed_precondition, "the backup is not usable: " + what);
}

// The checks of verify_backup on what `unpacker` took out into `folder`.
Result<BackupReport> check_unpacked(const Unpacker& unpacker, const std::filesystem::path& folder,
                                    std::uint64_t file_bytes) {
    for (const std::string_view name : kKeyFiles) {
        if (unpacker.keys().count(std::string(name)) == 0) {
            return not_whole("it has no " + std::string(name));
        }
    }
    const auto database_key =
        secret_from_hex(unpacker.keys().at("db.key").expose_secret(), kSqlcipherKeySize);
    const auto audit_secret = secret_from_hex(unpacker.keys().at("audit.key").expose_secret(),
                                              crypto::kSignSecretKeySize);
    if (!database_key.ok() || !audit_secret.ok()) {
        return not_whole("its db.key or audit.key is malformed");
    }
    auto audit_key = crypto::SigningKeyPair::from_secret(audit_secret.value().clone());
    if (!audit_key.ok()) {
        return not_whole("its audit.key is not an Ed25519 key");
    }
    auto check = check_database_copy(folder / kDatabaseFile, database_key.value());
    if (!check.ok()) {
        return not_whole("its database does not open: " + check.error().message());
    }
    if (!check.value().integrity_ok) {
        return not_whole("its database fails PRAGMA integrity_check: " +
                         check.value().integrity_report);
    }
    const BackupManifest& manifest = unpacker.manifest();
    const SnapshotFacts& facts = check.value().facts;
    if (facts.schema_version != manifest.schema_version ||
        facts.audit_sequence != manifest.audit_sequence ||
        facts.audit_head_hash != manifest.audit_head_hash) {
        return not_whole("its database is not the one its manifest names");
    }

    std::vector<crypto::AuditEntry> entries;
    entries.reserve(check.value().audit_entries.size());
    for (const crypto::Bytes& encoded : check.value().audit_entries) {
        auto entry = crypto::AuditEntry::decode(encoded);
        if (!entry.ok()) {
            return not_whole("audit entry " + std::to_string(entries.size() + 1) + " is malformed");
        }
        entries.push_back(std::move(entry).value());
    }
    std::vector<crypto::AuditCheckpoint> checkpoints;
    for (const crypto::Bytes& encoded : check.value().audit_checkpoints) {
        auto checkpoint = crypto::AuditCheckpoint::decode(encoded);
        if (!checkpoint.ok()) {
            return not_whole("an audit checkpoint is malformed");
        }
        checkpoints.push_back(std::move(checkpoint).value());
    }
    // A server that never had an organisation has an empty log: nothing to verify.
    auto anchor = entries.empty() && checkpoints.empty()
                      ? Result<crypto::AuditAnchor>(crypto::AuditAnchor{})
                      : crypto::verify_audit_chain(entries, checkpoints,
                                                   audit_key.value().public_key(), std::nullopt);
    if (!anchor.ok()) {
        return not_whole("its audit chain does not verify: " + anchor.error().message());
    }
    if (entries.size() != manifest.audit_sequence ||
        (!entries.empty() && entries.back().hash() != manifest.audit_head_hash)) {
        return not_whole("its audit chain does not end at the head its manifest names");
    }

    BackupReport report;
    report.manifest = manifest;
    report.database_bytes = unpacker.database_bytes();
    report.file_bytes = file_bytes;
    if (facts.blobs.size() != unpacker.attachments().size()) {
        return not_whole("it holds " + std::to_string(unpacker.attachments().size()) +
                         " attachment blobs where its database binds " +
                         std::to_string(facts.blobs.size()));
    }
    for (const SnapshotBlob& blob : facts.blobs) {
        const std::string name =
            crypto::to_hex(blob.case_id) + "-" + crypto::to_hex(blob.attachment_id);
        const auto found = unpacker.attachments().find(name);
        if (found == unpacker.attachments().end() || found->second.size != blob.size ||
            found->second.hash != blob.hash) {
            return not_whole("attachment blob " + name + " is missing or not what its row says");
        }
        ++report.attachments;
        report.attachment_bytes += blob.size;
    }
    return report;
}

}  // namespace

// ---- The operator's key files ----

Status write_backup_key_pair(const crypto::EncryptionKeyPair& pair,
                             const std::filesystem::path& secret_file,
                             const std::filesystem::path& public_file) {
    std::error_code error;
    if (std::filesystem::exists(public_file, error)) {
        return Error(ErrorCode::already_exists, public_file.string() + " exists already");
    }
    // The secret line is made in secure memory: prefix, hex, newline.
    const std::size_t line_size = kSecretKeyPrefix.size() + kKeyHexSize + 1;
    crypto::SecretBuffer line(line_size + 1);  // sodium_bin2hex writes a terminating NUL
    auto bytes = line.expose_secret();
    std::copy(kSecretKeyPrefix.begin(), kSecretKeyPrefix.end(), bytes.begin());
    const auto secret = pair.secret_key().expose_secret();
    sodium_bin2hex(reinterpret_cast<char*>(bytes.data() + kSecretKeyPrefix.size()), kKeyHexSize + 1,
                   secret.data(), secret.size());
    bytes[line_size - 1] = '\n';
    const auto written = write_private_file(
        secret_file, std::string_view(reinterpret_cast<const char*>(bytes.data()), line_size));
    if (!written.ok()) {
        return written.error().code() == ErrorCode::already_exists
                   ? Error(ErrorCode::already_exists, secret_file.string() + " exists already")
                   : written.error();
    }
    const std::string public_line =
        std::string(kPublicKeyPrefix) + crypto::to_hex(pair.public_key()) + "\n";
    const auto published = durable_file::write_file_atomically(
        public_file, crypto::as_bytes(public_line), 0644, durable_file::Overwrite::refused);
    if (!published.ok()) {
        std::filesystem::remove(secret_file, error);
        return published.error();
    }
    return ok_status();
}

Result<crypto::Bytes> read_backup_public_key(const std::filesystem::path& file) {
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes text, durable_file::read_whole_file(file));
    std::string_view line(reinterpret_cast<const char*>(text.data()), text.size());
    if (line.substr(0, kSecretKeyPrefix.size()) == kSecretKeyPrefix) {
        return Error(ErrorCode::invalid_argument,
                     file.string() +
                         " holds a backup SECRET key: give the public key (the other file "
                         "backup-keygen made), and keep the secret key off this machine");
    }
    if (!line.empty() && line.back() == '\n') {
        line.remove_suffix(1);
    }
    const auto hex = line.substr(std::min(line.size(), kPublicKeyPrefix.size()));
    auto key = crypto::from_hex(hex);
    if (line.substr(0, kPublicKeyPrefix.size()) != kPublicKeyPrefix || hex.size() != kKeyHexSize ||
        !key.ok()) {
        return Error(ErrorCode::invalid_argument,
                     file.string() +
                         " is not a backup public key (made by weerbaar-server "
                         "backup-keygen)");
    }
    return key;
}

Result<crypto::EncryptionKeyPair> read_backup_secret_key(const std::filesystem::path& file) {
    // Read into secure memory: libsodium first.
    WEERBAAR_TRY(crypto::initialise());
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer text,
                              read_private_secret(file, kSecretKeyPrefix.size() + kKeyHexSize + 2));
    const auto bytes = text.expose_secret();
    const std::string_view prefix(reinterpret_cast<const char*>(bytes.data()),
                                  std::min(bytes.size(), kSecretKeyPrefix.size()));
    auto secret =
        prefix == kSecretKeyPrefix
            ? secret_from_hex(bytes.subspan(kSecretKeyPrefix.size()), crypto::kEncSecretKeySize)
            : Result<crypto::SecretBuffer>(
                  Error(ErrorCode::invalid_argument, "not a backup secret key"));
    if (!secret.ok()) {
        return Error(ErrorCode::invalid_argument,
                     file.string() +
                         " is not a backup secret key (made by weerbaar-server "
                         "backup-keygen)");
    }
    return crypto::EncryptionKeyPair::from_secret(std::move(secret).value());
}

// ---- backup ----

Result<BackupReport> make_backup(const DataDirectory& directory, const std::filesystem::path& out,
                                 crypto::ByteView backup_public_key) {
    WEERBAAR_TRY(crypto::initialise());
    std::error_code error;
    if (!std::filesystem::exists(directory.database_key(), error) ||
        !std::filesystem::exists(directory.database(), error)) {
        return Error(ErrorCode::failed_precondition,
                     directory.root.string() +
                         " holds no server data (no db.key and weerbaar.db): see --data and "
                         "--config");
    }
    WEERBAAR_ASSIGN_OR_RETURN(crypto::SecretBuffer key, load_or_create_database_key(directory));
    WEERBAAR_ASSIGN_OR_RETURN(crypto::BackupSealer sealer,
                              crypto::BackupSealer::create(backup_public_key));
    WEERBAAR_ASSIGN_OR_RETURN(ScratchDirectory work,
                              ScratchDirectory::create(beside(out, ".parts")));
    const std::filesystem::path copy = work.path() / kDatabaseFile;
    WEERBAAR_ASSIGN_OR_RETURN(const SnapshotFacts facts,
                              copy_live_database(directory.database(), copy, key));

    BackupReport report;
    report.manifest.created = static_cast<std::uint64_t>(std::time(nullptr));
    report.manifest.schema_version = facts.schema_version;
    report.manifest.audit_sequence = facts.audit_sequence;
    report.manifest.audit_head_hash = facts.audit_head_hash;
    report.manifest.file_count = kKeyFiles.size() + 1 + facts.blobs.size();

    WEERBAAR_ASSIGN_OR_RETURN(durable_file::StagedFile file,
                              durable_file::StagedFile::create(out, 0600));
    BackupWriter writer(file, sealer);
    WEERBAAR_TRY(
        writer.put_entry(BackupEntryKind::manifest, "", encode_backup_manifest(report.manifest)));
    for (const std::string_view name : kKeyFiles) {
        WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer content,
                                  read_private_secret(directory.root / name, kMaxKeyFileSize));
        WEERBAAR_TRY(writer.put_entry(BackupEntryKind::file, name, content.expose_secret()));
    }
    WEERBAAR_TRY(writer.put_file(copy, kDatabaseFile, std::nullopt));
    report.database_bytes = std::filesystem::file_size(copy, error);
    for (const SnapshotBlob& blob : facts.blobs) {
        const std::string name =
            crypto::to_hex(blob.case_id) + "-" + crypto::to_hex(blob.attachment_id);
        WEERBAAR_TRY(writer.put_file(directory.attachments() / name,
                                     std::string(kAttachmentsFolder) + "/" + name, blob.size));
        ++report.attachments;
        report.attachment_bytes += blob.size;
    }
    WEERBAAR_TRY(writer.put_entry(BackupEntryKind::end, "", {}));
    WEERBAAR_TRY(writer.finish());
    WEERBAAR_TRY(file.commit(durable_file::Overwrite::allowed));
    report.file_bytes = writer.written();
    return report;
}

// ---- verify-backup ----

Result<BackupReport> verify_backup(const std::filesystem::path& file,
                                   const crypto::EncryptionKeyPair& backup_key) {
    WEERBAAR_TRY(crypto::initialise());
    std::error_code error;
    WEERBAAR_ASSIGN_OR_RETURN(
        ScratchDirectory work,
        ScratchDirectory::create(std::filesystem::temp_directory_path(error) / "weerbaar-verify"));
    Unpacker unpacker(work.path(), false);
    std::uint64_t file_bytes = 0;
    WEERBAAR_TRY(unpack(file, backup_key, unpacker, file_bytes));
    return check_unpacked(unpacker, work.path(), file_bytes);
}

// ---- restore ----

Result<BackupReport> restore_backup(const std::filesystem::path& file,
                                    const crypto::EncryptionKeyPair& backup_key,
                                    const std::filesystem::path& target) {
    WEERBAAR_TRY(crypto::initialise());
    std::error_code error;
    const bool exists = std::filesystem::exists(target, error);
    if (exists && (!std::filesystem::is_directory(target, error) ||
                   !std::filesystem::is_empty(target, error))) {
        return Error(ErrorCode::already_exists,
                     target.string() +
                         " is not empty: restore only into a new or empty folder, so that "
                         "nothing of another server's data is mixed in");
    }
    const std::filesystem::path parent = std::filesystem::absolute(target).parent_path();
    std::filesystem::create_directories(parent, error);
    WEERBAAR_ASSIGN_OR_RETURN(ScratchDirectory staging,
                              ScratchDirectory::create(beside(target, ".restore")));
    const std::filesystem::path attachments = staging.path() / kAttachmentsFolder;
    if (::mkdir(attachments.c_str(), 0700) != 0) {
        return system_error(attachments, "cannot make");
    }
    Unpacker unpacker(staging.path(), true);
    std::uint64_t file_bytes = 0;
    WEERBAAR_TRY(unpack(file, backup_key, unpacker, file_bytes));
    WEERBAAR_ASSIGN_OR_RETURN(BackupReport report,
                              check_unpacked(unpacker, staging.path(), file_bytes));
    for (const auto& [name, content] : unpacker.keys()) {
        const auto bytes = content.expose_secret();
        WEERBAAR_TRY(write_private_file(
            staging.path() / name,
            std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())));
    }
    const BackupManifest& manifest = report.manifest;
    WEERBAAR_TRY(
        write_private_file(staging.path() / "restored-from",
                           crypto::restore_notice_detail(manifest.created, manifest.audit_sequence,
                                                         manifest.audit_head_hash) +
                               "\n"));
    WEERBAAR_TRY(durable_file::sync_directory(attachments));
    WEERBAAR_TRY(durable_file::sync_directory(staging.path()));
    if (exists && ::rmdir(target.c_str()) != 0) {
        return system_error(target, "cannot replace the empty folder");
    }
    if (::rename(staging.path().c_str(), target.c_str()) != 0) {
        return system_error(target, "cannot move the restored data directory to");
    }
    staging.keep();
    WEERBAAR_TRY(durable_file::sync_directory(parent));
    return report;
}

Result<std::optional<std::string>> read_restore_marker(const DataDirectory& directory) {
    std::error_code error;
    if (!std::filesystem::exists(directory.restore_marker(), error)) {
        return std::optional<std::string>();
    }
    WEERBAAR_ASSIGN_OR_RETURN(std::string text,
                              read_private_file(directory.restore_marker(), 1024));
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    if (!crypto::parse_restore_notice_detail(text).ok()) {
        return Error(ErrorCode::failed_precondition,
                     directory.restore_marker().string() +
                         " is malformed; it is written by weerbaar-server restore");
    }
    return std::optional<std::string>(std::move(text));
}

Status remove_restore_marker(const DataDirectory& directory) {
    if (::unlink(directory.restore_marker().c_str()) != 0) {
        return system_error(directory.restore_marker(), "cannot remove");
    }
    return durable_file::sync_directory(directory.root);
}

}  // namespace weerbaar::server
