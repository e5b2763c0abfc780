#pragma once

#include "authenticator.h"
#include "directory.h"
#include "weerbaar/v1/directory.grpc.pb.h"

namespace weerbaar::server {

class DirectoryService final : public v1::DirectoryService::CallbackService {
  public:
    // `certificate_endorsement`: the audit key's endorsement of the TLS certificate
    // this server presents, sent in every Organisation (ADR 0010).
    DirectoryService(Authenticator& authenticator, Directory& directory,
                     crypto::Bytes certificate_endorsement)
        : authenticator_(authenticator),
          directory_(directory),
          certificate_endorsement_(std::move(certificate_endorsement)) {}

    grpc::ServerUnaryReactor* GetOrganisation(grpc::CallbackServerContext* context,
                                              const v1::GetOrganisationRequest* request,
                                              v1::Organisation* response) override;
    grpc::ServerUnaryReactor* CreateOrganisation(grpc::CallbackServerContext* context,
                                                 const v1::CreateOrganisationRequest* request,
                                                 v1::CreateOrganisationResponse* response) override;
    grpc::ServerUnaryReactor* RequestEnrolment(grpc::CallbackServerContext* context,
                                               const v1::EnrolmentRequest* request,
                                               v1::EnrolmentResponse* response) override;
    grpc::ServerUnaryReactor* ListEnrolments(grpc::CallbackServerContext* context,
                                             const v1::ListEnrolmentsRequest* request,
                                             v1::ListEnrolmentsResponse* response) override;
    grpc::ServerUnaryReactor* ApproveMember(grpc::CallbackServerContext* context,
                                            const v1::ApproveMemberRequest* request,
                                            v1::ApproveMemberResponse* response) override;
    grpc::ServerUnaryReactor* ListMembers(grpc::CallbackServerContext* context,
                                          const v1::ListMembersRequest* request,
                                          v1::ListMembersResponse* response) override;
    grpc::ServerUnaryReactor* GetMember(grpc::CallbackServerContext* context,
                                        const v1::GetMemberRequest* request,
                                        v1::Member* response) override;
    grpc::ServerUnaryReactor* RevokeMember(grpc::CallbackServerContext* context,
                                           const v1::RevokeMemberRequest* request,
                                           v1::RevokeMemberResponse* response) override;
    grpc::ServerUnaryReactor* ListRevocations(grpc::CallbackServerContext* context,
                                              const v1::ListRevocationsRequest* request,
                                              v1::ListRevocationsResponse* response) override;

  private:
    Authenticator& authenticator_;
    Directory& directory_;
    const crypto::Bytes certificate_endorsement_;
};

}  // namespace weerbaar::server
