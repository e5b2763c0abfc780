#include "weerbaar/client/codebook.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using nlohmann::json;
using weerbaar::client::Codebook;
using weerbaar::client::CodeList;
using weerbaar::client::kCodeLists;

namespace {

std::string read_source_file(const std::string& relative_path) {
    std::ifstream in(std::string(WEERBAAR_SOURCE_DIR) + "/" + relative_path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The valid codebook as a document, for tests that break one thing in it.
json valid_document() { return json::parse(weerbaar::client::embedded_codebook_json()); }

json& list_entry(json& document, std::string_view name) {
    for (json& entry : document["lists"]) {
        if (entry["name"] == name) {
            return entry;
        }
    }
    FAIL("no list " << name);
    throw std::logic_error("unreachable");
}

// Parsing fails, and the message contains `expected`.
void require_rejected(const std::string& text, const std::string& expected) {
    const auto parsed = Codebook::parse(text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code() == weerbaar::ErrorCode::invalid_argument);
    INFO("message: " << parsed.error().message());
    CHECK(parsed.error().message().find(expected) != std::string::npos);
}

void require_rejected(const json& document, const std::string& expected) {
    require_rejected(document.dump(), expected);
}

std::vector<std::string> codes_of(CodeList list) {
    std::vector<std::string> out;
    for (const auto& code : weerbaar::client::codes(list)) {
        out.emplace_back(code.code);
    }
    return out;
}

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
    CHECK(weerbaar::client::codes(CodeList::contact_kind).size() == 7);
}

TEST_CASE("every list is non-empty and described", "[codebook]") {
    const Codebook& codebook = weerbaar::client::embedded_codebook();
    for (const CodeList list : kCodeLists) {
        INFO(weerbaar::client::code_list_name(list));
        CHECK_FALSE(codebook.codes(list).empty());
        CHECK_FALSE(codebook.description_nl(list).empty());
        CHECK_FALSE(codebook.description_en(list).empty());
    }
}

TEST_CASE("case lists hold the codes of the design brief", "[codebook]") {
    using V = std::vector<std::string>;
    CHECK(codes_of(CodeList::status) ==
          V{"intake", "in_behandeling", "doorverwezen", "nazorg", "gesloten"});
    CHECK(codes_of(CodeList::outcome) ==
          V{"opgelost", "doorverwezen", "geen_actie_gewenst", "ambt_neergelegd", "onbekend"});
    CHECK(codes_of(CodeList::referral) == V{"politie", "burgemeester", "peer", "psychosociale_hulp",
                                            "juridisch_advies", "beveiliging"});
    CHECK(codes_of(CodeList::contact_kind) == V{"telefoon", "videogesprek", "persoonlijk_gesprek",
                                                "bezoek_ter_plaatse", "email", "berichtendienst",
                                                "anders"});
}

TEST_CASE("codes are unique lower-case ASCII with underscores and have labels", "[codebook]") {
    for (const CodeList list : kCodeLists) {
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

TEST_CASE("list names map to lists and back", "[codebook]") {
    for (const CodeList list : kCodeLists) {
        CHECK(weerbaar::client::code_list_by_name(weerbaar::client::code_list_name(list)) == list);
    }
    CHECK_FALSE(weerbaar::client::code_list_by_name("party").has_value());
}

TEST_CASE("the embedded codebook is the file in the source tree", "[codebook]") {
    CHECK(weerbaar::client::embedded_codebook_json() ==
          read_source_file("codebook/codebook-v1.json"));
}

TEST_CASE("the embedded codebook carries this client's version", "[codebook]") {
    CHECK(weerbaar::client::embedded_codebook().version() == weerbaar::client::kCodebookVersion);
    CHECK(json::parse(read_source_file("codebook/codebook-v1.json"))["version"] ==
          weerbaar::client::kCodebookVersion);
}

TEST_CASE("the codebook file, read as plain JSON, says what the API says", "[codebook]") {
    // Read independently of Codebook::parse: the export and the docs read the file
    // this way, so they must see exactly what the client shows.
    const json file = json::parse(read_source_file("codebook/codebook-v1.json"));
    const Codebook& codebook = weerbaar::client::embedded_codebook();
    REQUIRE(file["lists"].size() == kCodeLists.size());
    for (const json& entry : file["lists"]) {
        const auto name = entry["name"].get<std::string>();
        INFO("list " << name);
        const auto list = weerbaar::client::code_list_by_name(name);
        REQUIRE(list.has_value());
        CHECK(codebook.description_nl(*list) == entry["description_nl"].get<std::string>());
        CHECK(codebook.description_en(*list) == entry["description_en"].get<std::string>());
        const auto api = weerbaar::client::codes(*list);
        REQUIRE(api.size() == entry["codes"].size());
        for (std::size_t i = 0; i < api.size(); ++i) {
            const json& code = entry["codes"][i];
            CHECK(api[i].code == code["code"].get<std::string>());
            CHECK(api[i].label_nl == code["label_nl"].get<std::string>());
            CHECK(api[i].gloss_en == code["gloss_en"].get<std::string>());
        }
    }
}

TEST_CASE("a parsed codebook does not depend on the text it was parsed from", "[codebook]") {
    std::optional<Codebook> copy;
    {
        const std::string text = valid_document().dump();
        auto parsed = Codebook::parse(text);
        REQUIRE(parsed.ok());
        copy.emplace(parsed.value());
    }
    const auto found = copy->find(CodeList::province, "fryslan");
    REQUIRE(found.has_value());
    CHECK(found->label_nl == "Fryslân");
    CHECK(copy->codes(CodeList::contact_kind).size() == 7);
}

TEST_CASE("parse rejects text that is not a codebook object", "[codebook]") {
    require_rejected(std::string("{\"version\": 1, \"lists\": ["), "not well-formed JSON");
    require_rejected(std::string("[]"), "(codebook): must be a JSON object");
    require_rejected(std::string(""), "not well-formed JSON");
}

TEST_CASE("parse rejects a codebook of another version", "[codebook]") {
    json document = valid_document();
    document["version"] = 2;
    require_rejected(document, "version: must be 1");
    document["version"] = "1";
    require_rejected(document, "version: must be 1");
    document["version"] = 1.0;
    require_rejected(document, "version: must be 1");
    document.erase("version");
    require_rejected(document, "version: missing");
}

TEST_CASE("parse rejects a code that appears twice in a list", "[codebook]") {
    json document = valid_document();
    json& referral = list_entry(document, "referral");
    referral["codes"].push_back(referral["codes"][0]);
    require_rejected(document, "referral.codes[6].code: 'politie' appears twice in the list");
}

TEST_CASE("the same code in two lists is allowed", "[codebook]") {
    // doorverwezen is both a status and an outcome; anders is in several lists.
    CHECK(weerbaar::client::is_known_code(CodeList::status, "doorverwezen"));
    CHECK(weerbaar::client::is_known_code(CodeList::outcome, "doorverwezen"));
}

TEST_CASE("parse rejects codes that are not lower-case ASCII with underscores", "[codebook]") {
    for (const std::string bad :
         {"Bedreiging", "e-mail", "fase2", "_intern", "beïnvloeding", "met spatie"}) {
        INFO(bad);
        json document = valid_document();
        list_entry(document, "incident_type")["codes"][1]["code"] = bad;
        require_rejected(document, "incident_type.codes[1].code: '" + bad +
                                       "' is not lower-case ASCII letters and underscores");
    }
    json document = valid_document();
    list_entry(document, "incident_type")["codes"][1]["code"] = "";
    require_rejected(document, "incident_type.codes[1].code: must not be empty");
}

TEST_CASE("parse rejects empty or missing labels and glosses", "[codebook]") {
    json document = valid_document();
    list_entry(document, "status")["codes"][0]["label_nl"] = "";
    require_rejected(document, "status.codes[0].label_nl: must not be empty");

    document = valid_document();
    list_entry(document, "status")["codes"][0].erase("gloss_en");
    require_rejected(document, "status.codes[0].gloss_en: missing");

    document = valid_document();
    list_entry(document, "status")["codes"][0]["label_nl"] = 3;
    require_rejected(document, "status.codes[0].label_nl: must be a string");

    document = valid_document();
    list_entry(document, "status")["description_nl"] = "";
    require_rejected(document, "status.description_nl: must not be empty");
}

TEST_CASE("parse rejects missing, repeated, unknown and empty lists", "[codebook]") {
    json document = valid_document();
    auto& lists = document["lists"];
    lists.erase(lists.begin() + static_cast<std::ptrdiff_t>(lists.size() - 1));
    require_rejected(document, "lists: list 'contact_kind' is missing");

    document = valid_document();
    document["lists"].push_back(document["lists"][0]);
    require_rejected(document, ": list 'office_role' appears twice");

    document = valid_document();
    document["lists"].push_back(
        {{"name", "party"},
         {"description_nl", "partij"},
         {"description_en", "party"},
         {"codes", json::array({{{"code", "x"}, {"label_nl", "x"}, {"gloss_en", "x"}}})}});
    require_rejected(document, ".name: unknown list 'party'");

    document = valid_document();
    list_entry(document, "outcome")["codes"] = json::array();
    require_rejected(document, "outcome.codes: must not be empty");
}

TEST_CASE("parse rejects unknown keys, so a misspelt field is not silently dropped", "[codebook]") {
    json document = valid_document();
    json& code = list_entry(document, "channel")["codes"][0];
    code["lable_nl"] = code["label_nl"];
    require_rejected(document, "channel.codes[0].lable_nl: unknown key");

    document = valid_document();
    document["lijsten"] = json::array();
    require_rejected(document, "lijsten: unknown key");
}

TEST_CASE("parse reports every problem at once", "[codebook]") {
    json document = valid_document();
    document["version"] = 7;
    list_entry(document, "risk_level")["codes"][0]["code"] = "Laag";
    list_entry(document, "province")["codes"][0]["gloss_en"] = "";
    const auto parsed = Codebook::parse(document.dump());
    REQUIRE_FALSE(parsed.ok());
    const std::string& message = parsed.error().message();
    INFO(message);
    CHECK(message.find("version: must be 1") != std::string::npos);
    CHECK(message.find("risk_level.codes[0].code") != std::string::npos);
    CHECK(message.find("province.codes[0].gloss_en") != std::string::npos);
}

TEST_CASE("the valid codebook document parses after a round trip through JSON", "[codebook]") {
    const auto parsed = Codebook::parse(valid_document().dump(2));
    REQUIRE(parsed.ok());
    CHECK(parsed.value().version() == weerbaar::client::kCodebookVersion);
}

TEST_CASE("docs/codebook.md lists every code with its label and gloss", "[codebook]") {
    // The doc's tables are generated from the JSON once and then kept by hand; this
    // stops them drifting. Each list has a section "### `name`" with rows
    // "| `code` | label_nl | gloss_en |".
    const std::string doc = read_source_file("docs/codebook.md");
    for (const CodeList list : kCodeLists) {
        const std::string name(weerbaar::client::code_list_name(list));
        INFO("list " << name);
        const std::string heading = "### `" + name + "`";
        const auto start = doc.find(heading + "\n");
        REQUIRE(start != std::string::npos);
        const auto end = doc.find("\n#", start + heading.size());
        const std::string section = doc.substr(start, end == std::string::npos ? end : end - start);
        for (const auto& code : weerbaar::client::codes(list)) {
            const std::string row = "| `" + std::string(code.code) + "` | " +
                                    std::string(code.label_nl) + " | " +
                                    std::string(code.gloss_en) + " |";
            INFO("row " << row);
            CHECK(section.find(row) != std::string::npos);
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
    CHECK(weerbaar::client::is_known_code(CodeList::contact_kind, "videogesprek"));
    CHECK_FALSE(weerbaar::client::is_known_code(CodeList::channel, "videogesprek"));
}

TEST_CASE("display uses the Dutch label and falls back to the code", "[codebook]") {
    CHECK(weerbaar::client::dutch_label(CodeList::province, "fryslan") == "Fryslân");
    CHECK(weerbaar::client::dutch_label(CodeList::channel, "email") == "e-mail");
    CHECK(weerbaar::client::dutch_label(CodeList::contact_kind, "berichtendienst") ==
          "berichtendienst/app");
    // A code from a newer codebook shows as the raw code.
    CHECK(weerbaar::client::dutch_label(CodeList::channel, "duif") == "duif");
}
