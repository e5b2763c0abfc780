#include "weerbaar/client/case_id.h"

#include <algorithm>
#include <cctype>

#include "weerbaar/client/display_text.h"
#include "weerbaar/crypto/case_key.h"

namespace weerbaar::client {
namespace {

constexpr std::string_view kUnknownCase =
    "onbekende zaak of niet met je gedeeld; controleer de zaakcode (zie 'weerbaar case list') / "
    "unknown case or not shared with you";

Error malformed(std::string_view text, std::string_view why) {
    // The typed text is quoted as printable: it may hold anything.
    return Error(ErrorCode::invalid_argument,
                 std::string(kUnknownCase) + ": '" + display_line(text) + "' " + std::string(why));
}

}  // namespace

Error unknown_case_error(ErrorCode code, std::string_view shown) {
    return Error(code, std::string(kUnknownCase) + ": '" + display_line(shown) + "'");
}

namespace {

std::string lower_hex(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

}  // namespace

NewCaseId new_case_id(crypto::ByteView creator_sign_pk) {
    crypto::Bytes nonce = crypto::random_bytes(crypto::kCaseIdNonceSize);
    crypto::Bytes id = crypto::derive_case_id(creator_sign_pk, nonce);
    return NewCaseId{std::move(id), std::move(nonce)};
}

std::string format_case_id(crypto::ByteView case_id) { return crypto::to_hex(case_id); }

Result<crypto::Bytes> parse_case_id(std::string_view text) {
    auto bytes = crypto::from_hex(text);
    if (!bytes.ok() || bytes.value().size() != crypto::kCaseIdSize) {
        return malformed(text, "is not a case id (32 hex characters)");
    }
    return std::move(bytes).value();
}

std::string short_case_id(crypto::ByteView case_id) {
    return format_case_id(case_id).substr(0, kMinCaseIdPrefix) + "…";
}

Status check_case_id_text(std::string_view text) {
    const bool hex = std::all_of(text.begin(), text.end(),
                                 [](unsigned char c) { return std::isxdigit(c) != 0; });
    if (!hex || text.size() > 2 * crypto::kCaseIdSize) {
        return malformed(text, "is not a case id (32 hex characters, or the first 8 or more)");
    }
    if (text.size() < kMinCaseIdPrefix) {
        return malformed(text, "is too short: give at least the first 8 characters of the case id");
    }
    return ok_status();
}

Result<crypto::Bytes> match_case_id(std::string_view text,
                                    const std::vector<crypto::Bytes>& known) {
    WEERBAAR_TRY(check_case_id_text(text));
    const std::string prefix = lower_hex(text);
    std::vector<const crypto::Bytes*> matches;
    for (const crypto::Bytes& id : known) {
        if (format_case_id(id).starts_with(prefix)) {
            matches.push_back(&id);
        }
    }
    if (matches.empty()) {
        return unknown_case_error(ErrorCode::permission_denied, prefix);
    }
    if (matches.size() > 1) {
        return Error(ErrorCode::invalid_argument,
                     "zaakcode '" + prefix +
                         "' is niet eenduidig: " + std::to_string(matches.size()) +
                         " zaken beginnen zo; geef meer tekens / case id prefix '" + prefix +
                         "' is ambiguous: it matches " + std::to_string(matches.size()) +
                         " cases; give more characters");
    }
    return *matches.front();
}

}  // namespace weerbaar::client
