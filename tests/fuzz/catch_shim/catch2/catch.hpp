#pragma once
// Stands in for Catch2 where the server_requests fuzz target includes the server
// test fixture (tests/server/server_fixture.h) outside any Catch2 run: the fixture's
// REQUIRE becomes a property of the target (a failed set-up aborts, reported as a
// crash), and INFO, which only annotates a Catch2 failure, is dropped. Only this
// target's include path has it.
#include "fuzz_support.h"

#define REQUIRE(...) ::weerbaar::fuzz::require(static_cast<bool>(__VA_ARGS__), #__VA_ARGS__)
#define INFO(...) static_cast<void>(0)
