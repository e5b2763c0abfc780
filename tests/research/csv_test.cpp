#include "weerbaar/research/csv.h"

#include <catch2/catch.hpp>

using namespace weerbaar::research;

TEST_CASE("a cell a spreadsheet would execute is neutralised", "[research][csv]") {
    CHECK(csv_cell("=1+1") == "'=1+1");
    CHECK(csv_cell("+31 6") == "'+31 6");
    CHECK(csv_cell("-2") == "'-2");
    CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_cell("\tcmd") == "'\tcmd");
    CHECK(csv_cell("\rcmd") == "\"'\rcmd\"");  // neutralised, then quoted for the CR
    CHECK(csv_cell("=HYPERLINK(\"x\",\"y\")") == "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
}

TEST_CASE("ordinary cells pass unchanged", "[research][csv]") {
    CHECK(csv_cell("") == "");
    CHECK(csv_cell("bedreiging") == "bedreiging");
    CHECK(csv_cell("2025Q1") == "2025Q1");
    CHECK(csv_cell("*") == "*");
    CHECK(csv_cell("0.125") == "0.125");
    CHECK(csv_cell("a=b") == "a=b");  // only the first character matters
    CHECK(csv_cell("Fryslân") == "Fryslân");
}

TEST_CASE("cells with separators are quoted as RFC 4180 says", "[research][csv]") {
    CHECK(csv_cell("a,b") == "\"a,b\"");
    CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
    CHECK(csv_row({"a", "b,c", ""}) == "a,\"b,c\",\r\n");
    CHECK(csv_row({}) == "\r\n");
}
