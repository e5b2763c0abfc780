// Audit entries and checkpoints from the server (docs/crypto.md, "Audit log"): each
// half of the input decoded as either, re-encoded, and the pair checked as a chain
// of one entry and as a restore notice under the vector's server key.
#include "fuzz_support.h"
#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/restore_notice.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const fuzz::Bytes server_sign_pk = fuzz::vector_bytes("audit.json", "/server_sign_pk");
    const auto input = fuzz::view_of(data, size);
    // The whole input alone first, so that the seeds (whole entries) reach the decoders.
    (void)fuzz::decodes_canonically<crypto::AuditEntry>(input);
    if (fuzz::decodes_canonically<crypto::AuditCheckpoint>(input)) {
        (void)crypto::AuditCheckpoint::decode(input).value().verify(server_sign_pk);
    }
    const auto [first, second] = fuzz::split_input(input);
    auto entry = crypto::AuditEntry::decode(first);
    auto checkpoint = crypto::AuditCheckpoint::decode(second);
    if (entry.ok()) {
        (void)crypto::parse_restore_notice_detail(entry.value().body().detail);
        std::vector<crypto::AuditCheckpoint> checkpoints;
        if (checkpoint.ok()) {
            checkpoints.push_back(checkpoint.value());
        }
        (void)crypto::verify_audit_chain({entry.value()}, checkpoints, server_sign_pk,
                                         std::nullopt);
    }
    (void)crypto::verify_restore_notice(first, second, server_sign_pk);
    return 0;
}
