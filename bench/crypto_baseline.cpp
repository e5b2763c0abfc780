#include "crypto_baseline.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_report.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/identity.h"
#include "weerbaar/crypto/record.h"

namespace weerbaar::bench {
namespace {

struct SealedCase {
    crypto::Bytes wrap;
    std::vector<crypto::Bytes> records;
};

void require(bool condition, const char* what) {
    if (!condition) {
        throw std::runtime_error(std::string("crypto baseline: ") + what);
    }
}

}  // namespace

double verification_seconds(std::size_t cases, std::size_t records_per_case,
                            const v1::Intake& intake, int passes) {
    require(cases > 0 && records_per_case > 0 && passes > 0, "nothing to measure");
    const crypto::Identity me = crypto::Identity::generate();
    const std::string user = "bench";
    const std::size_t sample = std::min(cases, kCryptoSampleCases);
    std::vector<SealedCase> sealed(sample);
    for (SealedCase& one : sealed) {
        const crypto::Bytes case_id = crypto::random_bytes(16);
        const crypto::CaseKey key = crypto::CaseKey::generate();
        auto wrap = crypto::KeyWrap::create(case_id, 1, user, me.encryption.public_key(), key, user,
                                            me.signing);
        require(wrap.ok(), "cannot wrap");
        one.wrap = wrap.value().encode();
        crypto::Bytes seen;
        for (std::size_t r = 0; r < records_per_case; ++r) {
            v1::RecordContent content;
            if (r == 0) {
                *content.mutable_intake() = intake;
            } else {
                content.mutable_note()->set_text("Benchmarknotitie " + std::to_string(r) +
                                                 " / bench note");
            }
            const std::string plaintext = content.SerializeAsString();
            crypto::RecordHeader header{
                case_id,
                crypto::random_bytes(crypto::kRecordIdSize),
                1,
                user,
                1700000000,
                seen.empty() ? std::vector<crypto::Bytes>{} : std::vector<crypto::Bytes>{seen}};
            auto record = crypto::SealedRecord::seal(std::move(header), crypto::as_bytes(plaintext),
                                                     key, me.signing);
            require(record.ok(), "cannot seal");
            seen = record.value().hash();
            one.records.push_back(record.value().encode());
        }
    }

    std::vector<double> timings;
    for (int pass = 0; pass < passes; ++pass) {
        const auto started = std::chrono::steady_clock::now();
        for (const SealedCase& one : sealed) {
            auto grant = crypto::KeyWrap::decode(one.wrap);
            require(grant.ok() && grant.value().verify_signature().ok(), "grant");
            auto mine = crypto::KeyWrap::decode(one.wrap);
            require(mine.ok(), "wrap");
            auto key = mine.value().open(me.encryption);
            require(key.ok(), "unwrap");
            for (const crypto::Bytes& encoded : one.records) {
                auto record = crypto::SealedRecord::decode(encoded);
                require(
                    record.ok() && record.value().verify_signature(me.signing.public_key()).ok(),
                    "signature");
                auto plaintext = record.value().decrypt(key.value());
                require(plaintext.ok(), "decrypt");
                v1::RecordContent content;
                const auto bytes = plaintext.value().expose_secret();
                require(content.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())),
                        "parse");
            }
        }
        timings.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    const double sample_seconds = summarise(timings)->median;
    return sample_seconds * static_cast<double>(cases) / static_cast<double>(sample);
}

}  // namespace weerbaar::bench
