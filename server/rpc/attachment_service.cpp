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

// One upload: the first message names the case, the attachment and the size; each
// chunk goes to disk as it arrives, and the next is read only then, so gRPC's flow
// control holds the client back instead of the server's memory growing.
class UploadReactor final : public grpc::ServerReadReactor<v1::UploadAttachmentRequest> {
  public:
    UploadReactor(grpc::CallbackServerContext* context, Authenticator& authenticator,
                  AttachmentRegistry& attachments, v1::UploadAttachmentResponse* response)
        : context_(context), attachments_(attachments), response_(response) {
        auto caller = authenticator.authenticate(bearer_token(*context));
        if (!caller.ok()) {
            Finish(to_grpc_status(caller.error()));
            return;
        }
        caller_ = std::move(caller).value();
        StartRead(&request_);
    }

    void OnReadDone(bool ok) override {
        if (!ok) {
            return end_of_stream();
        }
        const Status taken = upload_ ? take_chunk() : take_first();
        if (!taken.ok()) {
            upload_.reset();  // its file goes now, before the client hears of the failure
            Finish(to_grpc_status(taken.error()));
            return;
        }
        StartRead(&request_);
    }

    void OnDone() override {
        if (finishing_.valid()) {
            finishing_.wait();
        }
        delete this;
    }

  private:
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
            Finish(grpc::Status::CANCELLED);
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
};

// One download: a first message with the size, then the blob 1 MiB at a time,
// each read from disk only once the previous chunk is on its way.
class DownloadReactor final : public grpc::ServerWriteReactor<v1::DownloadAttachmentResponse> {
  public:
    DownloadReactor(grpc::CallbackServerContext* context, Authenticator& authenticator,
                    AttachmentRegistry& attachments, const v1::DownloadAttachmentRequest& request) {
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
                                      // Runs on the writer's thread, which must not wait for the
                                      // disk: the first message carries only the size, the chunks
                                      // follow from OnWriteDone.
                                      response_.set_size(blob_->size());
                                      StartWrite(&response_);
                                  });
    }

    void OnWriteDone(bool ok) override {
        if (!ok) {
            Finish(grpc::Status::CANCELLED);  // the client went away
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
        StartWrite(&response_);
    }

    void OnDone() override { delete this; }

  private:
    std::shared_ptr<BlobReader> blob_;
    std::shared_ptr<void> slot_;               // this member's download slot, given back in OnDone
    v1::DownloadAttachmentResponse response_;  // one chunk at a time, reused
    std::uint64_t sent_ = 0;
};

}  // namespace

grpc::ServerReadReactor<v1::UploadAttachmentRequest>* AttachmentService::UploadAttachment(
    grpc::CallbackServerContext* context, v1::UploadAttachmentResponse* response) {
    return new UploadReactor(context, authenticator_, attachments_, response);
}

grpc::ServerWriteReactor<v1::DownloadAttachmentResponse>* AttachmentService::DownloadAttachment(
    grpc::CallbackServerContext* context, const v1::DownloadAttachmentRequest* request) {
    return new DownloadReactor(context, authenticator_, attachments_, *request);
}

}  // namespace weerbaar::server
