#include "weerbaar/client/attachment_transfer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "proto_bytes.h"
#include "session_rpc.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/client/text_rule.h"
#include "weerbaar/crypto/attachment_stream.h"
#include "weerbaar/durable_file.h"

namespace weerbaar::client {
namespace {

constexpr std::uint64_t kMebibyte = std::uint64_t{1} << 20;
// Upload messages: a sealed chunk (1 MiB + 17) per message, never over the 2 MiB
// the server accepts, so neither side buffers more than a few chunks.
constexpr std::size_t kUploadMessageTarget = protocol::kAttachmentChunkTargetBytes;
constexpr std::size_t kUploadMessageLimit = protocol::kMaxAttachmentChunkBytes;

crypto::ByteView view(const std::string& bytes) { return crypto::as_bytes(bytes); }

Error unreadable(const std::filesystem::path& path, int error) {
    return Error(ErrorCode::invalid_argument,
                 "cannot read '" + path.string() + "': " + std::strerror(error));
}

class InputFile {
  public:
    explicit InputFile(int fd) : fd_(fd) {}
    ~InputFile() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    [[nodiscard]] int get() const { return fd_; }

  private:
    int fd_;
};

// Reads up to buffer.size() bytes, fewer only at the end of the file.
Result<std::size_t> read_fully(int fd, std::span<std::uint8_t> buffer,
                               const std::filesystem::path& path) {
    std::size_t done = 0;
    while (done < buffer.size()) {
        const ssize_t got = ::read(fd, buffer.data() + done, buffer.size() - done);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            return Error(ErrorCode::internal,
                         "cannot read '" + path.string() + "': " + std::strerror(errno));
        }
        if (got == 0) {
            break;
        }
        done += static_cast<std::size_t>(got);
    }
    return done;
}

// Streams the file through the sealer into UploadAttachment. Returns the hash of
// what was sent, once the server has confirmed storing exactly that.
Result<crypto::Bytes> upload(const Session& session, crypto::ByteView case_id,
                             crypto::ByteView attachment_id, const crypto::SecretBuffer& key,
                             int fd, std::uint64_t plaintext_size,
                             const std::filesystem::path& path, const LongWork& work) {
    const std::string action = "upload the attachment";
    WEERBAAR_ASSIGN_OR_RETURN(crypto::AttachmentSealer sealer,
                              crypto::AttachmentSealer::create(key, case_id, attachment_id));
    grpc::ClientContext context;
    (void)SessionRpc::prepare_stream(session, context);
    v1::UploadAttachmentResponse response;
    const auto writer =
        SessionRpc::stubs(session).attachments->UploadAttachment(&context, &response);

    v1::UploadAttachmentRequest message;
    set_bytes(message.mutable_case_id(), case_id);
    set_bytes(message.mutable_attachment_id(), attachment_id);
    message.set_size(crypto::attachment_ciphertext_size(plaintext_size));
    bool stream_broken = false;
    const auto send = [&]() -> Status {
        if (!writer->Write(message)) {
            stream_broken = true;
            return Error(ErrorCode::unavailable, action + ": the stream broke off");
        }
        message.Clear();
        return ok_status();
    };
    const crypto::AttachmentSink sink = [&](crypto::ByteView ciphertext) -> Status {
        if (!message.chunk().empty() &&
            message.chunk().size() + ciphertext.size() > kUploadMessageLimit) {
            WEERBAAR_TRY(send());
        }
        message.mutable_chunk()->append(ciphertext.begin(), ciphertext.end());
        if (message.chunk().size() >= kUploadMessageTarget) {
            WEERBAAR_TRY(send());
        }
        return ok_status();
    };
    // The server's own status says why a stream broke off; ours only that it did.
    const auto fail = [&](const Error& error) -> Error {
        if (stream_broken) {
            const grpc::Status status = writer->Finish();
            if (!status.ok()) {
                return error_from_rpc(status, action);
            }
        } else {
            context.TryCancel();
            (void)writer->Finish();
        }
        return error;
    };

    // Plaintext read from the file is case content: it only passes through secure memory.
    crypto::SecretBuffer buffer(crypto::kAttachmentChunkSize);
    std::uint64_t read_total = 0;
    work.report(0, plaintext_size);
    while (true) {
        // A stop cancels the stream: the server keeps no blob of a broken-off upload
        // (server/src/attachment_service.cpp), and no record is written.
        if (const Status go_on = work.check_stop(action); !go_on.ok()) {
            return fail(go_on.error());
        }
        const Result<std::size_t> got = read_fully(fd, buffer.expose_secret(), path);
        if (!got.ok()) {
            return fail(got.error());
        }
        if (got.value() == 0) {
            break;
        }
        read_total += got.value();
        if (read_total > plaintext_size) {
            break;
        }
        const Status sealed = sealer.update(buffer.expose_secret().first(got.value()), sink);
        if (!sealed.ok()) {
            return fail(sealed.error());
        }
        work.report(std::min(read_total, plaintext_size), plaintext_size);
    }
    if (read_total != plaintext_size) {
        return fail(Error(ErrorCode::failed_precondition,
                          "'" + path.string() + "' changed while it was being read"));
    }
    Result<crypto::Bytes> hash = sealer.finish(sink);
    if (!hash.ok()) {
        return fail(hash.error());
    }
    if (!message.chunk().empty()) {
        const Status sent = send();
        if (!sent.ok()) {
            return fail(sent.error());
        }
    }
    if (!writer->WritesDone()) {
        stream_broken = true;
        return fail(Error(ErrorCode::unavailable, action + ": the stream broke off"));
    }
    WEERBAAR_TRY(check_rpc(writer->Finish(), action));
    if (!crypto::equal_constant_time(view(response.ciphertext_hash()), hash.value())) {
        return Error(ErrorCode::integrity_failure,
                     action + ": the server stored other bytes than this client sent");
    }
    return std::move(hash).value();
}

// The reference stays inside `opened` (it holds the key): no copy of it is made.
Result<const v1::AttachmentReference*> find_reference(const OpenedCase& opened,
                                                      crypto::ByteView attachment_id) {
    for (const CaseRecord& record : opened.records) {
        if (!record.content.has_attachment()) {
            continue;
        }
        const v1::AttachmentReference& reference = record.content.attachment();
        if (!crypto::equal_constant_time(view(reference.attachment_id()), attachment_id)) {
            continue;
        }
        // Written by a member and verified as theirs, but checked all the same: a
        // reference that does not add up cannot describe a blob we would accept.
        if (reference.key().size() != crypto::kAttachmentKeySize ||
            reference.ciphertext_hash().size() != crypto::kAttachmentHashSize ||
            reference.size() > kMaxAttachmentSize ||
            reference.ciphertext_size() != crypto::attachment_ciphertext_size(reference.size())) {
            return Error(ErrorCode::integrity_failure,
                         "record " + std::to_string(record.sequence) +
                             " refers to the attachment in a malformed way");
        }
        return &reference;
    }
    return Error(ErrorCode::not_found, "case " + format_case_id(opened.case_id) +
                                           " has no attachment " +
                                           format_attachment_id(attachment_id));
}

// Streams the blob through the opener into `staged`. Nothing of it counts until the
// opener's finish() has verified the whole stream.
Status download(const Session& session, crypto::ByteView case_id, crypto::ByteView attachment_id,
                const v1::AttachmentReference& reference, durable_file::StagedFile& staged,
                const LongWork& work) {
    const std::string action = "download the attachment";
    const Error tampered(ErrorCode::integrity_failure, "attachment " +
                                                           format_attachment_id(attachment_id) +
                                                           ": decryption or verification failed");
    crypto::SecretBuffer key = crypto::SecretBuffer::copy_of(view(reference.key()));
    WEERBAAR_ASSIGN_OR_RETURN(crypto::AttachmentOpener opener,
                              crypto::AttachmentOpener::create(key, case_id, attachment_id,
                                                               view(reference.ciphertext_hash())));
    const crypto::AttachmentSink to_file = [&](crypto::ByteView plaintext) {
        return staged.write(plaintext);
    };

    v1::DownloadAttachmentRequest request;
    set_bytes(request.mutable_case_id(), case_id);
    set_bytes(request.mutable_attachment_id(), attachment_id);
    grpc::ClientContext context;
    (void)SessionRpc::prepare_stream(session, context);
    const auto reader =
        SessionRpc::stubs(session).attachments->DownloadAttachment(&context, request);
    const auto stop = [&](const Error& error) -> Error {
        context.TryCancel();
        (void)reader->Finish();
        return error;
    };

    v1::DownloadAttachmentResponse message;
    bool first = true;
    std::uint64_t received = 0;
    work.report(0, reference.size());
    while (reader->Read(&message)) {
        if (const Status go_on = work.check_stop(action); !go_on.ok()) {
            return stop(go_on.error());
        }
        if (first && message.size() != reference.ciphertext_size()) {
            return stop(tampered);
        }
        first = false;
        received += message.chunk().size();
        if (received > reference.ciphertext_size()) {
            return stop(tampered);
        }
        const Status opened = opener.update(view(message.chunk()), to_file);
        if (!opened.ok()) {
            return stop(opened.error().code() == ErrorCode::integrity_failure ? tampered
                                                                              : opened.error());
        }
        work.report(std::min(opener.plaintext_size(), reference.size()), reference.size());
    }
    const grpc::Status status = reader->Finish();
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
        // The verified record names it, so the file existed: most likely the server
        // was restored from a backup older than the upload (ADR 0009, decision 4).
        return Error(ErrorCode::failed_precondition,
                     "de server heeft het bestand van deze bijlage niet (meer), bijvoorbeeld na "
                     "het terugzetten van een back-up; vraag wie haar toevoegde haar opnieuw toe "
                     "te voegen / " +
                         action +
                         ": the server does not hold this attachment's file (for example after a "
                         "restore from a backup); ask whoever added it to add it again");
    }
    WEERBAAR_TRY(check_rpc(status, action));
    const Status finished = opener.finish(to_file);
    if (!finished.ok()) {
        return finished.error().code() == ErrorCode::integrity_failure ? tampered
                                                                       : finished.error();
    }
    if (received != reference.ciphertext_size() || opener.plaintext_size() != reference.size()) {
        return tampered;
    }
    return ok_status();
}

}  // namespace

Result<std::uint64_t> check_attachable_file(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return unreadable(path, errno);
    }
    if (!S_ISREG(info.st_mode)) {
        return Error(ErrorCode::invalid_argument,
                     "cannot read '" + path.string() + "': not a regular file");
    }
    const auto size = static_cast<std::uint64_t>(info.st_size);
    if (size > kMaxAttachmentSize) {
        // Rounded up, so that a file just over the limit does not read as "256 MiB".
        return Error(ErrorCode::invalid_argument,
                     "attachment too large: " + std::to_string((size + kMebibyte - 1) / kMebibyte) +
                         " MiB, at most " + std::to_string(kMaxAttachmentSize / kMebibyte) +
                         " MiB");
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return unreadable(path, errno);
    }
    ::close(fd);
    return size;
}

Status check_attachment_destination(const std::filesystem::path& out) {
    struct stat info {};
    if (::lstat(out.c_str(), &info) == 0) {
        return Error(ErrorCode::invalid_argument,
                     "'" + out.string() + "' exists already; choose a new file name");
    }
    const std::filesystem::path directory =
        out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
    if (::stat(directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
        return Error(ErrorCode::invalid_argument,
                     "cannot write '" + out.string() + "': no such directory");
    }
    return ok_status();
}

std::string format_attachment_id(crypto::ByteView attachment_id) {
    return crypto::to_hex(attachment_id);
}

Result<crypto::Bytes> parse_attachment_id(std::string_view text) {
    auto bytes = crypto::from_hex(text);
    if (!bytes.ok() || bytes.value().size() != crypto::kAttachmentIdSize) {
        return Error(ErrorCode::invalid_argument,
                     "'" + std::string(text) + "' is not an attachment id (32 hex characters)");
    }
    return std::move(bytes).value();
}

Result<AttachedFile> attach_file(const Session& session, MemberDirectory& directory,
                                 crypto::ByteView case_id, const std::filesystem::path& path,
                                 const LongWork& work) {
    WEERBAAR_TRY(check_attachable_file(path));
    // The name on disk is whatever bytes the file system holds (a Latin-1 name from
    // an old archive); the record keeps a repaired, displayable form of it.
    const RepairedFileName name = repair_file_name(path.filename().native());
    const InputFile input(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (input.get() < 0) {
        return unreadable(path, errno);
    }
    // The size that counts is that of the file we hold open, not of the name checked above.
    struct stat info {};
    if (::fstat(input.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
        return Error(ErrorCode::invalid_argument,
                     "cannot read '" + path.string() + "': not a regular file");
    }
    const auto size = static_cast<std::uint64_t>(info.st_size);
    if (size > kMaxAttachmentSize) {
        return Error(ErrorCode::invalid_argument, "attachment too large");
    }

    const crypto::Bytes attachment_id = crypto::random_bytes(crypto::kAttachmentIdSize);
    const crypto::SecretBuffer key = crypto::generate_attachment_key();
    // Runs once the case is open for writing (verified, and rotated if a revocation
    // asked for it), so nothing is uploaded to a case this client may not write.
    const ContentBuilder build = [&](const OpenedCase&) -> Result<v1::RecordContent> {
        WEERBAAR_ASSIGN_OR_RETURN(
            const crypto::Bytes hash,
            upload(session, case_id, attachment_id, key, input.get(), size, path, work));
        v1::RecordContent content;
        v1::AttachmentReference& reference = *content.mutable_attachment();
        set_bytes(reference.mutable_attachment_id(), attachment_id);
        reference.set_file_name(name.name);
        reference.set_size(size);
        set_bytes(reference.mutable_key(), key.expose_secret());
        reference.set_ciphertext_size(crypto::attachment_ciphertext_size(size));
        set_bytes(reference.mutable_ciphertext_hash(), hash);
        return content;
    };
    AppendOptions options;
    options.attachment_id = attachment_id;
    options.action = "add the attachment";
    // The upload may outlast the session; the append after it renews the login by
    // itself (session_rpc.h), so a long upload is not refused at its last step.
    WEERBAAR_TRY(append_record(session, directory, case_id, build, options));
    return AttachedFile{attachment_id, name.name, name.repaired};
}

Result<FetchedAttachment> fetch_attachment(const Session& session, MemberDirectory& directory,
                                           crypto::ByteView case_id, crypto::ByteView attachment_id,
                                           const std::filesystem::path& out, const LongWork& work) {
    WEERBAAR_TRY(check_attachment_destination(out));
    WEERBAAR_ASSIGN_OR_RETURN(const OpenedCase opened, open_case(session, directory, case_id));
    WEERBAAR_ASSIGN_OR_RETURN(const v1::AttachmentReference* const reference,
                              find_reference(opened, attachment_id));
    WEERBAAR_ASSIGN_OR_RETURN(durable_file::StagedFile staged,
                              durable_file::StagedFile::create_unnamed(out, 0600));
    WEERBAAR_TRY(download(session, case_id, attachment_id, *reference, staged, work));
    if (const Status committed = staged.commit(durable_file::Overwrite::refused); !committed.ok()) {
        // The name was taken while we downloaded: as if it had been taken before.
        if (committed.error().code() == ErrorCode::already_exists) {
            return Error(ErrorCode::invalid_argument, committed.error().message());
        }
        return committed.error();
    }
    return FetchedAttachment{reference->file_name(), reference->size()};
}

}  // namespace weerbaar::client
