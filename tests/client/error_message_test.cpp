#include "weerbaar/client/error_message.h"

#include <catch2/catch.hpp>

#include "weerbaar/client/rpc_error.h"
#include "weerbaar/disk_full.h"

using weerbaar::Error;
using weerbaar::ErrorCode;
using weerbaar::client::dutch_lead;
using weerbaar::client::is_bilingual;
using weerbaar::client::one_line_message;

namespace {

const ErrorCode kAllCodes[] = {
    ErrorCode::invalid_argument,   ErrorCode::not_found,         ErrorCode::already_exists,
    ErrorCode::permission_denied,  ErrorCode::unauthenticated,   ErrorCode::failed_precondition,
    ErrorCode::resource_exhausted, ErrorCode::integrity_failure, ErrorCode::unavailable,
    ErrorCode::internal,
};

}  // namespace

TEST_CASE("an English message gets the Dutch lead of its class first", "[error_message]") {
    for (const ErrorCode code : kAllCodes) {
        const std::string line = one_line_message(Error(code, "list cases: something"));
        INFO(line);
        CHECK(line.rfind(std::string(dutch_lead(code)) + " / ", 0) == 0);
        CHECK(line.ends_with(" / list cases: something"));
    }
}

TEST_CASE("every class has its own Dutch lead", "[error_message]") {
    for (const ErrorCode a : kAllCodes) {
        for (const ErrorCode b : kAllCodes) {
            if (a != b) {
                CHECK(dutch_lead(a) != dutch_lead(b));
            }
        }
        CHECK_FALSE(is_bilingual(dutch_lead(a)));
    }
}

TEST_CASE("the common failures read in Dutch", "[error_message]") {
    CHECK(one_line_message(Error(ErrorCode::permission_denied, "not allowed: x"))
              .starts_with("niet toegestaan"));
    CHECK(one_line_message(Error(ErrorCode::unavailable, "list cases: server unreachable"))
              .starts_with("server niet bereikbaar"));
    // What error_from_rpc makes of a server that is down, as the CLI prints it.
    const Error down = weerbaar::client::error_from_rpc(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "failed to connect to all addresses"),
        "list cases");
    CHECK(one_line_message(down).starts_with("server niet bereikbaar"));
}

TEST_CASE("an integrity failure says INTEGRITEITSFOUT and to call the coordinator",
          "[error_message]") {
    const std::string line = one_line_message(
        Error(ErrorCode::integrity_failure, "record 3 by 'x' does not verify: signature"));
    CHECK(line.rfind("INTEGRITEITSFOUT: stop en bel de coördinator", 0) == 0);
    CHECK(line.find(" / record 3 by 'x' does not verify: signature") != std::string::npos);

    SECTION("even when the message is bilingual already") {
        const std::string both = one_line_message(
            Error(ErrorCode::integrity_failure, "vingerafdruk klopt niet / fingerprint differs"));
        CHECK(both.rfind("INTEGRITEITSFOUT", 0) == 0);
        CHECK(both.ends_with("vingerafdruk klopt niet / fingerprint differs"));
    }
    SECTION("but not twice") {
        const std::string once = one_line_message(
            Error(ErrorCode::integrity_failure, "INTEGRITEITSFOUT: eigen tekst / own text"));
        CHECK(once == "INTEGRITEITSFOUT: eigen tekst / own text");
    }
}

TEST_CASE("a login refused for the address's back-off says so, with the wait, Dutch first",
          "[error_message]") {
    const Error refused = weerbaar::client::login_error(
        grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                     "te veel mislukte aanmeldingen vanaf dit adres; probeer het over 4 s opnieuw "
                     "/ too many failed logins from this address; try again in 4 s"),
        "log in as 'bram'");
    CHECK(refused.code() == ErrorCode::resource_exhausted);
    CHECK(one_line_message(refused) ==
          "te veel mislukte aanmeldingen vanaf dit adres; probeer het over 4 s opnieuw / log in "
          "as 'bram': too many failed logins from this address; try again in 4 s");
    // A refusal the server does not explain keeps the usual reasons.
    const Error unknown = weerbaar::client::login_error(
        grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "login failed"), "log in as 'bram'");
    CHECK(
        one_line_message(unknown).starts_with(std::string(dutch_lead(ErrorCode::unauthenticated))));
}

TEST_CASE("a full server disk or a used-up quota reads Dutch first, with what was attempted",
          "[error_message]") {
    const Error full = weerbaar::client::error_from_rpc(
        grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                     "de schijf van de server is vol; er is niets bewaard. Probeer het later "
                     "opnieuw en meld het aan de beheerder / the server's disk is full; nothing "
                     "was stored; try again later and tell the operator"),
        "append to case 0a1b2c3d");
    CHECK(full.code() == ErrorCode::resource_exhausted);
    CHECK(one_line_message(full) ==
          "de schijf van de server is vol; er is niets bewaard. Probeer het later opnieuw en meld "
          "het aan de beheerder / append to case 0a1b2c3d: the server's disk is full; nothing "
          "was stored; try again later and tell the operator");
    // A size limit the server words in English only keeps the usual Dutch lead.
    const Error big = weerbaar::client::error_from_rpc(
        grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "record is 2000000 bytes"), "append");
    CHECK(
        one_line_message(big).starts_with(std::string(dutch_lead(ErrorCode::resource_exhausted))));
}

TEST_CASE("a full disk on this computer is not worded as a quota or a size limit",
          "[error_message]") {
    // What durable_file and the SQLite wrapper make of ENOSPC while a profile file or
    // the local store is written (tests/fault_injection/io_fault_test.cpp).
    const Error full = weerbaar::disk_full_error(
        "cannot write '/home/bram/.config/weerbaar/keystore': No space left on device");
    const std::string line = one_line_message(full);
    CHECK(line.starts_with("de schijf van deze computer is vol; maak ruimte vrij"));
    CHECK(line.find("te groot of te vaak") == std::string::npos);
    CHECK(line.find("No space left on device") != std::string::npos);
}

TEST_CASE("a bilingual message keeps its own words", "[error_message]") {
    const std::string message = "ongeldige tekst in 'text': geen UTF-8 / invalid text in 'text'";
    CHECK(is_bilingual(message));
    CHECK(one_line_message(Error(ErrorCode::invalid_argument, message)) == message);
}

TEST_CASE("a ' / ' inside quoted user input does not count as Dutch", "[error_message]") {
    const std::string message = "no member named 'a / b'";
    CHECK_FALSE(is_bilingual(message));
    CHECK(one_line_message(Error(ErrorCode::not_found, message))
              .starts_with(std::string(dutch_lead(ErrorCode::not_found))));
}

TEST_CASE("no message can make a second line or reach the terminal raw", "[error_message]") {
    const std::string line =
        one_line_message(Error(ErrorCode::invalid_argument, "first\nsecond\r\tthird \x1b[2J end"));
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find('\r') == std::string::npos);
    CHECK(line.find('\t') == std::string::npos);
    CHECK(line.find('\x1b') == std::string::npos);
    CHECK(line.find("first second") != std::string::npos);

    const std::string usage = one_line_message("ongeldig commando", "a\nb");
    CHECK(usage == "ongeldig commando / a b");
}
