#include "directory_service.h"

#include "bearer_token.h"
#include "status_mapping.h"

namespace weerbaar::server {
namespace {

crypto::Bytes bytes_of(const std::string& field) {
    return crypto::Bytes(field.begin(), field.end());
}

void fill_member(const MemberRow& row, v1::Member& member) {
    member.set_user(row.user);
    member.set_role(row.role);
    member.set_certificate(row.certificate.data(), row.certificate.size());
    member.set_active(row.active);
}

// Finishes the call with a write's outcome once it is durable.
Directory::Done finish_with(grpc::ServerUnaryReactor* reactor) {
    return [reactor](Status status) { reactor->Finish(to_grpc_status(status)); };
}

}  // namespace

grpc::ServerUnaryReactor* DirectoryService::GetOrganisation(grpc::CallbackServerContext* context,
                                                            const v1::GetOrganisationRequest*,
                                                            v1::Organisation* response) {
    auto* reactor = context->DefaultReactor();
    auto root = directory_.root_sign_pk();
    if (!root.ok()) {
        reactor->Finish(to_grpc_status(root.error()));
        return reactor;
    }
    response->set_root_sign_pk(root.value().data(), root.value().size());
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

grpc::ServerUnaryReactor* DirectoryService::CreateOrganisation(
    grpc::CallbackServerContext* context, const v1::CreateOrganisationRequest* request,
    v1::CreateOrganisationResponse*) {
    auto* reactor = context->DefaultReactor();
    directory_.create_organisation(request->bootstrap_code(), bytes_of(request->root_sign_pk()),
                                   bytes_of(request->coordinator_certificate()),
                                   finish_with(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* DirectoryService::RequestEnrolment(grpc::CallbackServerContext* context,
                                                             const v1::EnrolmentRequest* request,
                                                             v1::EnrolmentResponse*) {
    auto* reactor = context->DefaultReactor();
    EnrolmentRow enrolment{request->user(), bytes_of(request->sign_pk()),
                           bytes_of(request->enc_pk()), bytes_of(request->signature()), 0};
    directory_.request_enrolment(std::move(enrolment), finish_with(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* DirectoryService::ListEnrolments(grpc::CallbackServerContext* context,
                                                           const v1::ListEnrolmentsRequest*,
                                                           v1::ListEnrolmentsResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        reactor->Finish(to_grpc_status(caller.error()));
        return reactor;
    }
    auto enrolments = directory_.enrolments(caller.value());
    if (!enrolments.ok()) {
        reactor->Finish(to_grpc_status(enrolments.error()));
        return reactor;
    }
    for (const auto& row : enrolments.value()) {
        auto* enrolment = response->add_enrolments();
        enrolment->set_user(row.user);
        enrolment->set_sign_pk(row.sign_pk.data(), row.sign_pk.size());
        enrolment->set_enc_pk(row.enc_pk.data(), row.enc_pk.size());
        enrolment->set_signature(row.signature.data(), row.signature.size());
    }
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

grpc::ServerUnaryReactor* DirectoryService::ApproveMember(grpc::CallbackServerContext* context,
                                                          const v1::ApproveMemberRequest* request,
                                                          v1::ApproveMemberResponse*) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        reactor->Finish(to_grpc_status(caller.error()));
        return reactor;
    }
    directory_.approve_member(caller.value(), bytes_of(request->certificate()),
                              finish_with(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* DirectoryService::ListMembers(grpc::CallbackServerContext* context,
                                                        const v1::ListMembersRequest*,
                                                        v1::ListMembersResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        reactor->Finish(to_grpc_status(caller.error()));
        return reactor;
    }
    auto members = directory_.members(caller.value());
    if (!members.ok()) {
        reactor->Finish(to_grpc_status(members.error()));
        return reactor;
    }
    for (const auto& row : members.value()) {
        fill_member(row, *response->add_members());
    }
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

grpc::ServerUnaryReactor* DirectoryService::GetMember(grpc::CallbackServerContext* context,
                                                      const v1::GetMemberRequest* request,
                                                      v1::Member* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        reactor->Finish(to_grpc_status(caller.error()));
        return reactor;
    }
    auto member = directory_.member(caller.value(), request->user());
    if (!member.ok()) {
        reactor->Finish(to_grpc_status(member.error()));
        return reactor;
    }
    fill_member(member.value(), *response);
    reactor->Finish(grpc::Status::OK);
    return reactor;
}

}  // namespace weerbaar::server
