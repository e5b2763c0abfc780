#pragma once

#include "attachment_registry.h"
#include "authenticator.h"
#include "stream_deadlines.h"
#include "weerbaar/v1/attachments.grpc.pb.h"

namespace weerbaar::server {

// Streams blobs in and out, one chunk in memory at a time: one reactor per call
// (attachment_service.cpp); the rules are AttachmentRegistry's.
class AttachmentService final : public v1::AttachmentService::CallbackService {
  public:
    // Every upload and download is registered with `deadlines` under `limits`.
    AttachmentService(Authenticator& authenticator, AttachmentRegistry& attachments,
                      StreamDeadlines& deadlines, StreamDeadlines::Limits limits)
        : authenticator_(authenticator),
          attachments_(attachments),
          deadlines_(deadlines),
          limits_(limits) {}

    grpc::ServerReadReactor<v1::UploadAttachmentRequest>* UploadAttachment(
        grpc::CallbackServerContext* context, v1::UploadAttachmentResponse* response) override;
    grpc::ServerWriteReactor<v1::DownloadAttachmentResponse>* DownloadAttachment(
        grpc::CallbackServerContext* context,
        const v1::DownloadAttachmentRequest* request) override;

  private:
    Authenticator& authenticator_;
    AttachmentRegistry& attachments_;
    StreamDeadlines& deadlines_;
    const StreamDeadlines::Limits limits_;
};

}  // namespace weerbaar::server
