#include "error_wording.h"

#include <catch2/catch.hpp>
#include <string>

#include "exit_code.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/member_approval.h"
#include "weerbaar/client/member_directory.h"

using weerbaar::Error;
using weerbaar::ErrorCode;
using weerbaar::cli::error_line;

TEST_CASE("a closing without an outcome is worded with the --outcome flag", "[cli][wording]") {
    const auto core = weerbaar::client::check_status_request("gesloten", std::nullopt);
    REQUIRE_FALSE(core.ok());
    const Error worded =
        weerbaar::cli::status_error_in_cli_words(core.error(), "gesloten", std::nullopt);
    CHECK_THAT(worded.message(), Catch::Contains("needs --outcome"));
    CHECK_THAT(worded.message(), Catch::Contains("opgelost"));
    CHECK_THAT(error_line(worded), Catch::Contains("closing a case needs --outcome"));
}

TEST_CASE("an outcome with another status is worded with --set", "[cli][wording]") {
    const auto core = weerbaar::client::check_status_request("nazorg", std::string("opgelost"));
    REQUIRE_FALSE(core.ok());
    const Error worded =
        weerbaar::cli::status_error_in_cli_words(core.error(), "nazorg", std::string("opgelost"));
    CHECK_THAT(worded.message(), Catch::Contains("only with --set gesloten"));
}

TEST_CASE("an unknown outcome keeps the core's words", "[cli][wording]") {
    const auto core = weerbaar::client::check_status_request("gesloten", std::string("prima"));
    REQUIRE_FALSE(core.ok());
    const Error worded =
        weerbaar::cli::status_error_in_cli_words(core.error(), "gesloten", std::string("prima"));
    CHECK(worded.message() == core.error().message());
}

TEST_CASE("a changed key names the member verify command with the fingerprint", "[cli][wording]") {
    const Error core = weerbaar::client::changed_key_error({"daan", "abcd 1234"});
    CHECK(core.message().find("--") == std::string::npos);
    const std::string line = error_line(core);
    CHECK_THAT(line, Catch::StartsWith("INTEGRITEITSFOUT"));
    CHECK_THAT(line, Catch::Contains("the key of daan changed"));
    CHECK_THAT(line, Catch::Contains("weerbaar member verify daan --fingerprint \"abcd 1234\""));
    CHECK(weerbaar::cli::exit_code_for(core) == weerbaar::cli::ExitCode::integrity);
}

TEST_CASE("removing yourself at a handover names the commands that do it", "[cli][wording]") {
    const Error core(ErrorCode::invalid_argument, "you cannot remove yourself", "remove_previous",
                     "x / y");
    const Error worded =
        weerbaar::cli::handover_error_in_cli_words(core, "erik", "0123abcd", "bram");
    CHECK(worded.message() ==
          "you cannot remove yourself: hand over without --remove-previous, then erik or a "
          "coordinator runs 'case unshare 0123abcd --user bram'");
    // Any other handover error passes as it is.
    const Error other(ErrorCode::permission_denied, "not allowed: x");
    CHECK(weerbaar::cli::handover_error_in_cli_words(other, "erik", "c", "bram").message() ==
          "not allowed: x");
}

TEST_CASE("a hint is joined Dutch to Dutch and English to English", "[cli][wording]") {
    const Error error(ErrorCode::failed_precondition, "het kan niet / it cannot", "x",
                      "doe dit / do this");
    CHECK(error_line(error) == "het kan niet; doe dit / it cannot; do this");
    const Error english(ErrorCode::failed_precondition, "it cannot", "x", "doe dit / do this");
    CHECK_THAT(error_line(english), Catch::Contains("it cannot; doe dit / do this"));
    const Error confirm(ErrorCode::invalid_argument, "a / b", "confirm_new_key", "c / d");
    CHECK_THAT(error_line(confirm), Catch::Contains("--confirm-new-key"));
}

TEST_CASE("an unknown case id exits as a denial", "[cli][exit_code]") {
    const auto found = weerbaar::client::match_case_id("99999999", {});
    REQUIRE_FALSE(found.ok());
    CHECK(weerbaar::cli::exit_code_for(found.error()) == weerbaar::cli::ExitCode::denied);
}
