// The prepared-statement cache (weerbaar/sqlite/sqlite_statement.h): a statement is
// compiled once per connection, comes back reset with its bindings cleared, and
// the same SQL used twice at once gets two statements.

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <memory>

#include "weerbaar/sqlite/sqlite_statement.h"

namespace weerbaar {
namespace {

SqliteConnection memory_database() {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) == SQLITE_OK);
    SqliteConnection db(raw);
    REQUIRE(sqlite_execute(db.get(),
                           "CREATE TABLE t (n INTEGER); "
                           "INSERT INTO t VALUES (1), (2), (3);")
                .ok());
    return db;
}

constexpr const char* kAll = "SELECT n FROM t ORDER BY n;";

}  // namespace

TEST_CASE("a statement is prepared once and reused", "[sqlite][statement-cache]") {
    auto db = memory_database();
    SqliteStatementCache cache(db.get());
    for (int i = 0; i < 100; ++i) {
        auto insert = cache.prepare("INSERT INTO t VALUES (?);");
        REQUIRE(insert.ok());
        REQUIRE(insert.value().bind(1, std::int64_t{10 + i}).run().ok());
    }
    CHECK(cache.prepared() == 1);
    auto count = cache.prepare("SELECT count(*) FROM t;");
    REQUIRE(count.ok());
    REQUIRE(count.value().step().value());
    CHECK(count.value().column_int64(0) == 103);
    CHECK(cache.prepared() == 2);
}

TEST_CASE("a statement given back half-read starts from its first row again",
          "[sqlite][statement-cache]") {
    auto db = memory_database();
    SqliteStatementCache cache(db.get());
    {
        auto all = cache.prepare(kAll);
        REQUIRE(all.ok());
        REQUIRE(all.value().step().value());
        REQUIRE(all.value().step().value());
        CHECK(all.value().column_int64(0) == 2);
        // Left at the second row: going back to the cache resets it.
    }
    auto again = cache.prepare(kAll);
    REQUIRE(again.ok());
    REQUIRE(again.value().step().value());
    CHECK(again.value().column_int64(0) == 1);
    CHECK(cache.prepared() == 1);
}

TEST_CASE("a cached statement's bindings do not carry over to its next use",
          "[sqlite][statement-cache]") {
    auto db = memory_database();
    SqliteStatementCache cache(db.get());
    const char* sql = "SELECT count(*) FROM t WHERE n = ?;";
    {
        auto bound = cache.prepare(sql);
        REQUIRE(bound.ok());
        REQUIRE(bound.value().bind(1, std::int64_t{2}).step().value());
        CHECK(bound.value().column_int64(0) == 1);
    }
    auto unbound = cache.prepare(sql);
    REQUIRE(unbound.ok());
    REQUIRE(unbound.value().step().value());
    CHECK(unbound.value().column_int64(0) == 0);  // NULL matches nothing, 2 would match one
}

TEST_CASE("the same SQL in use twice at once gets two statements", "[sqlite][statement-cache]") {
    auto db = memory_database();
    SqliteStatementCache cache(db.get());
    auto outer = cache.prepare(kAll);
    REQUIRE(outer.ok());
    int pairs = 0;
    for (;;) {
        auto row = outer.value().step();
        REQUIRE(row.ok());
        if (!row.value()) {
            break;
        }
        auto inner = cache.prepare(kAll);  // nested: the outer one is still lent out
        REQUIRE(inner.ok());
        while (inner.value().step().value()) {
            ++pairs;
        }
    }
    CHECK(pairs == 9);
    CHECK(cache.prepared() == 2);  // the inner one was reused on every row
}

TEST_CASE("a statement that does not compile is an error and nothing is cached",
          "[sqlite][statement-cache]") {
    auto db = memory_database();
    SqliteStatementCache cache(db.get());
    auto broken = cache.prepare("SELECT FROM WHERE;");
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().code() == ErrorCode::internal);
    CHECK(cache.prepared() == 0);
    CHECK(cache.execute("DELETE FROM t WHERE n = 1;").ok());
    CHECK(cache.execute("DELETE FROM t WHERE n = 1;").ok());
    CHECK(cache.prepared() == 1);
}

}  // namespace weerbaar
