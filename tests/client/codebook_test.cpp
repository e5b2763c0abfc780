#include "weerbaar/client/codebook.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

using weerbaar::client::CodeList;

namespace {

constexpr CodeList kAllLists[] = {
    CodeList::office_role, CodeList::province,    CodeList::incident_type,
    CodeList::channel,     CodeList::perpetrator, CodeList::risk_level,
    CodeList::referral,    CodeList::status,      CodeList::outcome};

}  // namespace

TEST_CASE("codebook lists have the sizes of codebook v1", "[codebook]") {
    CHECK(weerbaar::client::codes(CodeList::office_role).size() == 10);
    CHECK(weerbaar::client::codes(CodeList::province).size() == 12);
    CHECK(weerbaar::client::codes(CodeList::incident_type).size() == 13);
    CHECK(weerbaar::client::codes(CodeList::channel).size() == 8);
    CHECK(weerbaar::client::codes(CodeList::perpetrator).size() == 7);
    CHECK(weerbaar::client::codes(CodeList::risk_level).size() == 4);
    CHECK(weerbaar::client::codes(CodeList::referral).size() == 6);
    CHECK(weerbaar::client::codes(CodeList::status).size() == 5);
    CHECK(weerbaar::client::codes(CodeList::outcome).size() == 5);
}

TEST_CASE("codes are unique lower-case ASCII with underscores and have labels", "[codebook]") {
    for (const CodeList list : kAllLists) {
        std::set<std::string> seen;
        for (const auto& code : weerbaar::client::codes(list)) {
            INFO(weerbaar::client::code_list_name(list) << ": " << code.code);
            CHECK(seen.insert(std::string(code.code)).second);
            CHECK_FALSE(code.code.empty());
            for (const char c : code.code) {
                CHECK(((c >= 'a' && c <= 'z') || c == '_'));
            }
            CHECK_FALSE(code.label_nl.empty());
            CHECK_FALSE(code.gloss_en.empty());
        }
    }
}

TEST_CASE("known codes are found, unknown ones are not", "[codebook]") {
    CHECK(weerbaar::client::is_known_code(CodeList::incident_type, "bedreiging"));
    CHECK_FALSE(weerbaar::client::is_known_code(CodeList::incident_type, "bedrijging"));
    CHECK_FALSE(weerbaar::client::is_known_code(CodeList::incident_type, "Bedreiging"));
    CHECK(weerbaar::client::is_known_code(CodeList::province, "noord_holland"));
    CHECK_FALSE(weerbaar::client::is_known_code(CodeList::province, "noord-holland"));
    // A code from one list is not a code of another.
    CHECK_FALSE(weerbaar::client::is_known_code(CodeList::office_role, "politie"));
}

TEST_CASE("display uses the Dutch label and falls back to the code", "[codebook]") {
    CHECK(weerbaar::client::dutch_label(CodeList::province, "fryslan") == "Fryslân");
    CHECK(weerbaar::client::dutch_label(CodeList::channel, "email") == "e-mail");
    CHECK(weerbaar::client::dutch_label(CodeList::channel, "duif") == "duif");
}
