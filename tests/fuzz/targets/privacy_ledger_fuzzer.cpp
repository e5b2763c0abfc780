// A privacy ledger entry (docs/crypto.md, "Privacy ledger"): decoded, re-encoded,
// verified, and checked as a chain of one.
#include "fuzz_support.h"
#include "weerbaar/crypto/privacy_ledger.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    const auto input = fuzz::view_of(data, size);
    if (!fuzz::decodes_canonically<crypto::PrivacyLedgerEntry>(input)) {
        return 0;
    }
    const auto entry = crypto::PrivacyLedgerEntry::decode(input).value();
    (void)entry.verify_signature();
    (void)crypto::verify_privacy_ledger_chain({entry});
    return 0;
}
