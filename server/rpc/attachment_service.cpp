#include "attachment_service.h"

#include <future>
#include <memory>
#include <system_error>
#include <thread>

#include "bearer_token.h"
#include "proto_bytes.h"
#include "server_limits.h"
#include "status_mapping.h"

namespace weerbaar::server {
namespace {

// What a stream cancelled by the deadline sweep ends with, should the client still
// be there to hear it.
grpc::Status stalled_status() {
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                        "de overdracht stond te lang stil / the transfer stalled too long");
}

// One upload: the first message names the case, the attachment and the size; each
// chunk goes to disk as it arrives, and the next is read only then, so gRPC's flow
// control holds the client back instead of the server's memory growing.
class UploadReactor final : public grpc::ServerReadReactor<v1::UploadAttachmentRequest> {
  public:
    UploadReactor(grpc::CallbackServerContext* context, Authenticator& authenticator,
                  AttachmentRegistry& attachments, v1::UploadAttachmentResponse* response,
                  StreamDeadlines::Ticket ticket)
        : context_(context),
          attachments_(attachments),
          response_(response),
          ticket_(std::move(ticket)) {
        auto caller = authenticator.authenticate(bearer_token(*context));
        if (!caller.ok()) {
            Finish(to_grpc_status(caller.error()));
            return;
        }
        caller_ = std::move(caller).value();
        read_next();
    }

    void OnReadDone(bool ok) override {
        ticket_.wait_ended();
        if (!ok) {
            return end_of_stream();
        }
        const Status taken = upload_ ? take_chunk() : take_first();
        if (!taken.ok()) {
            upload_.reset();  // its file goes now, before the client hears of the failure
            Finish(to_grpc_status(taken.error()));
            return;
        }
        read_next();
    }

    void OnDone() override {
        if (finishing_.valid()) {
            finishing_.wait();
        }
        ticket_.release();  // the context goes with this call
        delete this;
    }

  private:
    void read_next() {
        ticket_.wait_started();
        StartRead(&request_);
    }

    Status take_first() {
        WEERBAAR_ASSIGN_OR_RETURN(
            upload_,
            attachments_.begin_upload(caller_, bytes_of(request_.case_id()),
                                      bytes_of(request_.attachment_id()), request_.size()));
        return upload_->append(crypto::as_bytes(request_.chunk()));
    }

    Status take_chunk() {
        if (!request_.case_id().empty() || !request_.attachment_id().empty() ||
            request_.size() != 0) {
            return Error(ErrorCode::invalid_argument,
                         "only the first message names the case, the attachment and the size");
        }
        return upload_->append(crypto::as_bytes(request_.chunk()));
    }

    void end_of_stream() {
        // A stream that broke off (the client cancelled, or its connection went)
        // ends here too: its bytes are never stored.
        if (context_->IsCancelled()) {
            upload_.reset();
            Finish(ticket_.cancelled() ? stalled_status() : grpc::Status::CANCELLED);
            return;
        }
        if (!upload_) {
            Finish(
                grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "the upload carried no message"));
            return;
        }
        // The flush to disk can take a while for a large blob: not on gRPC's threads.
        // The future is in place before the thread can run: finish_upload() may call
        // Finish() at once, and OnDone() (on another thread) waits on finishing_
        // before deleting this reactor, so it must never see it unset.
        auto task = std::make_shared<std::packaged_task<void()>>([this] { finish_upload(); });
        finishing_ = task->get_future();
        try {
            std::thread([task] { (*task)(); }).detach();
        } catch (const std::system_error&) {
            (*task)();  // no thread to be had: block this one rather than fail
        }
    }

    void finish_upload() {
        upload_->finish([this](const Result<crypto::Bytes>& hash) {
            if (!hash.ok()) {
                Finish(to_grpc_status(hash.error()));
                return;
            }
            response_->set_ciphertext_hash(hash.value().data(), hash.value().size());
            Finish(grpc::Status::OK);
        });
    }

    grpc::CallbackServerContext* context_;
    AttachmentRegistry& attachments_;
    v1::UploadAttachmentResponse* response_;
    Caller caller_;
    v1::UploadAttachmentRequest request_;  // one message at a time, reused
    std::unique_ptr<AttachmentUpload> upload_;
    std::future<void> finishing_;  // after upload_: joined before upload_ goes
    StreamDeadlines::Ticket ticket_;
};

// One download: a first message with the size, then the blob 1 MiB at a time,
// each read from disk only once the previous chunk is on its way.
class DownloadReactor final : public grpc::ServerWriteReactor<v1::DownloadAttachmentResponse> {
  public:
    DownloadReactor(grpc::CallbackServerContext* context, Authenticator& authenticator,
                    AttachmentRegistry& attachments, const v1::DownloadAttachmentRequest& request,
                    StreamDeadlines::Ticket ticket)
        : ticket_(std::move(ticket)) {
        auto caller = authenticator.authenticate(bearer_token(*context));
        if (!caller.ok()) {
            Finish(to_grpc_status(caller.error()));
            return;
        }
        attachments.open_download(caller.value(), bytes_of(request.case_id()),
                                  bytes_of(request.attachment_id()),
                                  [this](Result<AttachmentRegistry::OpenDownload> opened) {
                                      if (!opened.ok()) {
                                          Finish(to_grpc_status(opened.error()));
                                          return;
                                      }
                                      blob_ = std::move(opened.value().blob);
                                      slot_ = std::move(opened.value().slot);
                                      // Runs on the writer's completion thread, which must not wait
                                      // for the disk: the first message carries only the size, the
                                      // chunks follow from OnWriteDone.
                                      response_.set_size(blob_->size());
                                      write_next();
                                  });
    }

    void OnWriteDone(bool ok) override {
        ticket_.wait_ended();
        if (!ok) {
            // The client went away, or took too long to read (the deadline sweep).
            Finish(ticket_.cancelled() ? stalled_status() : grpc::Status::CANCELLED);
            return;
        }
        response_.Clear();
        if (const Status read =
                blob_->read(*response_.mutable_chunk(), kAttachmentDownloadChunkBytes);
            !read.ok()) {
            Finish(to_grpc_status(read.error()));
            return;
        }
        const std::size_t chunk = response_.chunk().size();
        if (chunk == 0 || sent_ + chunk > blob_->size()) {
            // The file was checked to be the right size when it was opened.
            Finish(sent_ == blob_->size() && chunk == 0
                       ? grpc::Status::OK
                       : to_grpc_status(Error(ErrorCode::internal, "a blob changed while read")));
            return;
        }
        sent_ += chunk;
        write_next();
    }

    void OnDone() override {
        ticket_.release();  // the context goes with this call
        delete this;
    }

  private:
    void write_next() {
        ticket_.wait_started();
        StartWrite(&response_);
    }

    std::shared_ptr<BlobReader> blob_;
    std::shared_ptr<void> slot_;               // this member's download slot, given back in OnDone
    v1::DownloadAttachmentResponse response_;  // one chunk at a time, reused
    std::uint64_t sent_ = 0;
    StreamDeadlines::Ticket ticket_;
};

}  // namespace

grpc::ServerReadReactor<v1::UploadAttachmentRequest>* AttachmentService::UploadAttachment(
    grpc::CallbackServerContext* context, v1::UploadAttachmentResponse* response) {
    return new UploadReactor(context, authenticator_, attachments_, response,
                             deadlines_.watch(context, limits_));
}

grpc::ServerWriteReactor<v1::DownloadAttachmentResponse>* AttachmentService::DownloadAttachment(
    grpc::CallbackServerContext* context, const v1::DownloadAttachmentRequest* request) {
    return new DownloadReactor(context, authenticator_, attachments_, *request,
                               deadlines_.watch(context, limits_));
}

}  // namespace weerbaar::server
