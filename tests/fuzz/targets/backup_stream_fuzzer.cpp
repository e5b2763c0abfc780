// An operator's backup file (docs/crypto.md, "Backups"): fed to the opener under the
// vector's recipient key, cut where the input's first two bytes say, then finished.
#include "fuzz_support.h"
#include "weerbaar/crypto/backup_stream.h"

using namespace weerbaar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const crypto::EncryptionKeyPair recipient =
        fuzz::vector_encryption_key("backup.json", "/recipient_sk");
    const auto input = fuzz::view_of(data, size);
    const auto [first, second] = fuzz::split_input(input);
    auto opener = crypto::BackupOpener::create(recipient);
    const crypto::BackupSink sink = [](fuzz::ByteView) { return ok_status(); };
    if (opener.update(first, sink).ok() && opener.update(second, sink).ok()) {
        (void)opener.finish(sink);
    }
    // The whole input in one piece too: the seeds are whole files, with no split prefix.
    auto whole = crypto::BackupOpener::create(recipient);
    if (whole.update(input, sink).ok()) {
        (void)whole.finish(sink);
    }
    return 0;
}
