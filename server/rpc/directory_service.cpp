#include "directory_service.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "bearer_token.h"
#include "peer_address.h"
#include "proto_bytes.h"
#include "unary_completion.h"

namespace weerbaar::server {
namespace {

void fill_member(const MemberRow& row, v1::Member& member) {
    member.set_user(row.user);
    member.set_role(row.role);
    member.set_certificate(row.certificate.data(), row.certificate.size());
    member.set_active(row.active);
    member.set_revocation(row.revocation.data(), row.revocation.size());
    for (const PastCertificateRow& past : row.past) {
        v1::PastCertificate* out = member.add_past_certificates();
        out->set_certificate(past.certificate.data(), past.certificate.size());
        out->set_revocation(past.revocation.data(), past.revocation.size());
    }
}

// A page token is the decimal position the page starts after; only the server
// makes them, so anything else is a malformed request.
Result<std::int64_t> parse_page_token(const std::string& token) {
    if (token.empty()) {
        return std::int64_t{0};
    }
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (error != std::errc() || end != token.data() + token.size() || value <= 0) {
        return Error(ErrorCode::invalid_argument, "malformed page token");
    }
    return value;
}

}  // namespace

grpc::ServerUnaryReactor* DirectoryService::GetOrganisation(grpc::CallbackServerContext* context,
                                                            const v1::GetOrganisationRequest*,
                                                            v1::Organisation* response) {
    auto* reactor = context->DefaultReactor();
    const auto root = directory_.root_sign_pk();
    if (!root.ok()) {
        return finish(reactor, root.error());
    }
    return finish(reactor, directory_.restore_notices(),
                  [this, response, &root](const std::vector<RestoreNoticeRow>& notices) {
                      response->set_root_sign_pk(root.value().data(), root.value().size());
                      const auto& audit = directory_.audit_sign_pk();
                      response->set_audit_sign_pk(audit.data(), audit.size());
                      response->set_certificate_endorsement(certificate_endorsement_.data(),
                                                            certificate_endorsement_.size());
                      for (const RestoreNoticeRow& row : notices) {
                          auto* notice = response->add_restore_notices();
                          notice->set_audit_entry(row.entry.data(), row.entry.size());
                          notice->set_checkpoint(row.checkpoint.data(), row.checkpoint.size());
                      }
                  });
}

grpc::ServerUnaryReactor* DirectoryService::CreateOrganisation(
    grpc::CallbackServerContext* context, const v1::CreateOrganisationRequest* request,
    v1::CreateOrganisationResponse*) {
    auto* reactor = context->DefaultReactor();
    directory_.create_organisation(request->bootstrap_code(), bytes_of(request->root_sign_pk()),
                                   bytes_of(request->coordinator_certificate()),
                                   peer_address(*context), finish_when_done(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* DirectoryService::RequestEnrolment(grpc::CallbackServerContext* context,
                                                             const v1::EnrolmentRequest* request,
                                                             v1::EnrolmentResponse*) {
    auto* reactor = context->DefaultReactor();
    EnrolmentRow enrolment{request->user(), bytes_of(request->sign_pk()),
                           bytes_of(request->enc_pk()), bytes_of(request->signature()), 0};
    directory_.request_enrolment(std::move(enrolment), peer_address(*context),
                                 finish_when_done(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* DirectoryService::ListEnrolments(grpc::CallbackServerContext* context,
                                                           const v1::ListEnrolmentsRequest* request,
                                                           v1::ListEnrolmentsResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    auto after = parse_page_token(request->page_token());
    if (!after.ok()) {
        return finish(reactor, after.error());
    }
    return finish(
        reactor,
        directory_.enrolments(caller.value(), request->user(), request->page_size(), after.value()),
        [response](const Directory::EnrolmentPage& page) {
            if (page.next_position != 0) {
                response->set_next_page_token(std::to_string(page.next_position));
            }
            for (const auto& row : page.enrolments) {
                auto* enrolment = response->add_enrolments();
                enrolment->set_user(row.user);
                enrolment->set_sign_pk(row.sign_pk.data(), row.sign_pk.size());
                enrolment->set_enc_pk(row.enc_pk.data(), row.enc_pk.size());
                enrolment->set_signature(row.signature.data(), row.signature.size());
                enrolment->set_requested(
                    static_cast<std::uint64_t>(std::max<std::int64_t>(row.created, 0)));
            }
        });
}

grpc::ServerUnaryReactor* DirectoryService::ApproveMember(grpc::CallbackServerContext* context,
                                                          const v1::ApproveMemberRequest* request,
                                                          v1::ApproveMemberResponse*) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    directory_.approve_member(caller.value(), bytes_of(request->certificate()),
                              finish_when_done(reactor));
    return reactor;
}

grpc::ServerUnaryReactor* DirectoryService::ListMembers(grpc::CallbackServerContext* context,
                                                        const v1::ListMembersRequest*,
                                                        v1::ListMembersResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    return finish(reactor, directory_.members(caller.value()),
                  [response](const std::vector<MemberRow>& members) {
                      for (const auto& row : members) {
                          fill_member(row, *response->add_members());
                      }
                  });
}

grpc::ServerUnaryReactor* DirectoryService::GetMember(grpc::CallbackServerContext* context,
                                                      const v1::GetMemberRequest* request,
                                                      v1::Member* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    return finish(reactor, directory_.member(caller.value(), request->user()),
                  [response](const MemberRow& member) { fill_member(member, *response); });
}

grpc::ServerUnaryReactor* DirectoryService::RevokeMember(grpc::CallbackServerContext* context,
                                                         const v1::RevokeMemberRequest* request,
                                                         v1::RevokeMemberResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    directory_.revoke_member(caller.value(), bytes_of(request->revocation()),
                             request->confirm_orphans(),
                             finish_when_done<Directory::RevokeCounts>(
                                 reactor, [response](const Directory::RevokeCounts& counts) {
                                     response->set_cases_to_rotate(counts.cases_to_rotate);
                                     response->set_orphaned_cases(counts.orphaned);
                                 }));
    return reactor;
}

grpc::ServerUnaryReactor* DirectoryService::ListRevocations(grpc::CallbackServerContext* context,
                                                            const v1::ListRevocationsRequest*,
                                                            v1::ListRevocationsResponse* response) {
    auto* reactor = context->DefaultReactor();
    auto caller = authenticator_.authenticate(bearer_token(*context));
    if (!caller.ok()) {
        return finish(reactor, caller.error());
    }
    return finish(reactor, directory_.revocations(caller.value()),
                  [response](const std::vector<crypto::Bytes>& revocations) {
                      for (const auto& revocation : revocations) {
                          response->add_revocations(revocation.data(), revocation.size());
                      }
                  });
}

}  // namespace weerbaar::server
