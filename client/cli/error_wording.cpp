#include "error_wording.h"

#include <string_view>

#include "weerbaar/client/codebook.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/member_directory.h"

namespace weerbaar::cli {
namespace {

constexpr std::string_view kSeparator = " / ";

std::string outcome_codes() {
    std::string out;
    for (const client::Code& code : client::codes(client::CodeList::outcome)) {
        out += out.empty() ? "" : ", ";
        out += std::string(code.code);
    }
    return out;
}

// The CLI's own hint for a field, when the core's hint names an action the CLI
// does with a flag or a command.
std::optional<Error> in_flag_words(const Error& error) {
    if (const auto changed = client::changed_key_of(error)) {
        return Error(error.code(),
                     error.message() + "; check it by phone and run: weerbaar member verify " +
                         changed->user + " --fingerprint \"" + changed->fingerprint + "\"",
                     error.field());
    }
    if (error.field() == "replace") {
        return Error(error.code(), error.message(), error.field(),
                     "bevestig met --replace / confirm with --replace");
    }
    if (error.field() == "confirm_new_key") {
        return Error(error.code(), error.message(), error.field(),
                     "controleer telefonisch dat dit dezelfde persoon is en bevestig met "
                     "--confirm-new-key / check by phone that this is the same person and "
                     "confirm with --confirm-new-key");
    }
    return std::nullopt;
}

// "nl / en" split at the first separator outside quotes; nullopt when not bilingual.
std::optional<std::pair<std::string, std::string>> halves(const std::string& text) {
    if (!client::is_bilingual(text)) {
        return std::nullopt;
    }
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\'') {
            quoted = !quoted;
        } else if (!quoted && text.compare(i, kSeparator.size(), kSeparator) == 0) {
            return std::pair{text.substr(0, i), text.substr(i + kSeparator.size())};
        }
    }
    return std::nullopt;
}

}  // namespace

std::string error_line(const Error& error) {
    const std::optional<Error> worded = in_flag_words(error);
    const Error& shown = worded ? *worded : error;
    if (shown.hint().empty()) {
        return client::one_line_message(shown);
    }
    const auto message = halves(shown.message());
    const auto hint = halves(shown.hint());
    if (message && hint) {
        return client::one_line_message(
            Error(shown.code(), message->first + "; " + hint->first + std::string(kSeparator) +
                                    message->second + "; " + hint->second));
    }
    return client::one_line_message(Error(shown.code(), shown.message() + "; " + shown.hint()));
}

Error status_error_in_cli_words(Error error, const std::string& status,
                                const std::optional<std::string>& outcome) {
    if (error.code() != ErrorCode::invalid_argument || error.field() != "outcome") {
        return error;
    }
    if (status == "gesloten" && !outcome) {
        return Error(error.code(), "closing a case needs --outcome (" + outcome_codes() + ")",
                     error.field());
    }
    if (status != "gesloten" && outcome) {
        return Error(error.code(), "--outcome goes only with --set gesloten", error.field());
    }
    return error;
}

Error handover_error_in_cli_words(Error error, const std::string& to, const std::string& case_id,
                                  const std::string& me) {
    if (error.field() != "remove_previous") {
        return error;
    }
    return Error(error.code(),
                 "you cannot remove yourself: hand over without --remove-previous, then " + to +
                     " or a coordinator runs 'case unshare " + case_id + " --user " + me + "'",
                 error.field());
}

}  // namespace weerbaar::cli
