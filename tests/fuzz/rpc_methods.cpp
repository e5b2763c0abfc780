#include "rpc_methods.h"

#include <algorithm>

#include "weerbaar/v1/attachments.pb.h"
#include "weerbaar/v1/audit.pb.h"
#include "weerbaar/v1/auth.pb.h"
#include "weerbaar/v1/cases.pb.h"
#include "weerbaar/v1/directory.pb.h"
#include "weerbaar/v1/notifications.pb.h"
#include "weerbaar/v1/research.pb.h"
#include "weerbaar/v1/root_key.pb.h"

namespace weerbaar::fuzz {

const std::vector<RpcMethod>& rpc_methods() {
    static const std::vector<RpcMethod> methods = [] {
        // One message of each .proto that declares a service: naming it links that
        // file's generated code, and with it the file's descriptor.
        const std::vector<const google::protobuf::FileDescriptor*> files{
            v1::GetChallengeRequest::descriptor()->file(),
            v1::GetOrganisationRequest::descriptor()->file(),
            v1::CreateCaseRequest::descriptor()->file(),
            v1::GetAuditLogRequest::descriptor()->file(),
            v1::UploadAttachmentRequest::descriptor()->file(),
            v1::WatchRequest::descriptor()->file(),
            v1::ResearchCodes::descriptor()->file(),
            v1::SplitRootKeyRequest::descriptor()->file()};
        std::vector<RpcMethod> found;
        for (const auto* file : files) {
            for (int s = 0; s < file->service_count(); ++s) {
                const auto* service = file->service(s);
                for (int m = 0; m < service->method_count(); ++m) {
                    const auto* method = service->method(m);
                    found.push_back({"/" + service->full_name() + "/" + method->name(), method});
                }
            }
        }
        std::sort(found.begin(), found.end(),
                  [](const RpcMethod& a, const RpcMethod& b) { return a.path < b.path; });
        return found;
    }();
    return methods;
}

int rpc_method_index(const std::string& name) {
    const auto& methods = rpc_methods();
    for (std::size_t i = 0; i < methods.size(); ++i) {
        const auto* method = methods[i].descriptor;
        if (method->service()->name() + "." + method->name() == name) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

}  // namespace weerbaar::fuzz
