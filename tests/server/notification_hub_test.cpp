// The hub alone: who is offered a change, how a slow watcher's changes coalesce,
// and the bounds that keep a watcher from growing the server's memory.

#include "notification_hub.h"

#include <catch2/catch.hpp>

#include "weerbaar/crypto/case_key.h"

namespace weerbaar::server {
namespace {

crypto::Bytes case_id(std::uint8_t n) { return crypto::Bytes(crypto::kCaseIdSize, n); }

// A subscription whose watcher only counts how often it was woken.
struct CountingWatcher {
    int woken = 0;
    std::shared_ptr<Subscription> subscription;

    CountingWatcher(NotificationHub& hub, const std::string& user) {
        auto subscribed = hub.subscribe(user, [this] { ++woken; });
        REQUIRE(subscribed.ok());
        subscription = subscribed.value();
    }
};

}  // namespace

TEST_CASE("a change is offered to the members named, and to nobody else", "[notifications]") {
    NotificationHub hub;
    CountingWatcher anne(hub, "anne");
    CountingWatcher bram(hub, "bram");
    CountingWatcher anne_elsewhere(hub, "anne");

    hub.publish(case_id(1), 4, {"anne"});

    CHECK(anne.subscription->take() == CaseChange{case_id(1), 4});
    CHECK(anne_elsewhere.subscription->take() == CaseChange{case_id(1), 4});
    CHECK_FALSE(bram.subscription->take().has_value());
    CHECK(bram.woken == 0);
    CHECK(anne.woken == 1);
}

TEST_CASE("a slow watcher is owed one change per case: the newest", "[notifications]") {
    NotificationHub hub;
    CountingWatcher slow(hub, "anne");

    for (std::uint64_t sequence = 1; sequence <= 1000; ++sequence) {
        hub.publish(case_id(1), sequence, {"anne"});
        hub.publish(case_id(2), sequence, {"anne"});
    }
    // An older sequence (a head read before a publish) never lowers what is owed.
    slow.subscription->offer(case_id(1), 7);

    CHECK(slow.subscription->pending() == 2);
    CHECK(slow.subscription->take() == CaseChange{case_id(1), 1000});
    CHECK(slow.subscription->take() == CaseChange{case_id(2), 1000});
    CHECK_FALSE(slow.subscription->take().has_value());
}

TEST_CASE("a watcher owed too many cases overflows instead of growing", "[notifications]") {
    NotificationHub hub;
    CountingWatcher slow(hub, "anne");
    for (std::size_t n = 0; n < kMaxPendingCases; ++n) {
        crypto::Bytes id(crypto::kCaseIdSize, 0);
        id[0] = static_cast<std::uint8_t>(n & 0xffU);
        id[1] = static_cast<std::uint8_t>((n >> 8U) & 0xffU);
        slow.subscription->offer(id, 1);
    }
    CHECK_FALSE(slow.subscription->overflowed());
    slow.subscription->offer(case_id(0xee), 1);
    CHECK(slow.subscription->overflowed());
    CHECK(slow.subscription->pending() == kMaxPendingCases);
}

TEST_CASE("a member holds a bounded number of watches", "[notifications]") {
    NotificationHub hub;
    std::vector<std::unique_ptr<CountingWatcher>> watchers;
    for (std::size_t n = 0; n < kMaxWatchesPerUser; ++n) {
        watchers.push_back(std::make_unique<CountingWatcher>(hub, "anne"));
    }
    auto one_more = hub.subscribe("anne", [] {});
    REQUIRE_FALSE(one_more.ok());
    CHECK(one_more.error().code() == ErrorCode::resource_exhausted);
    CHECK(hub.subscribe("bram", [] {}).ok());

    hub.unsubscribe(*watchers.back()->subscription);
    CHECK(hub.subscribe("anne", [] {}).ok());
}

TEST_CASE("an unsubscribed watcher is offered nothing more", "[notifications]") {
    NotificationHub hub;
    CountingWatcher gone(hub, "anne");
    hub.unsubscribe(*gone.subscription);
    hub.publish(case_id(1), 2, {"anne"});
    CHECK(gone.woken == 0);
    CHECK_FALSE(gone.subscription->take().has_value());
    CHECK(hub.subscriptions() == 0);
}

TEST_CASE("closing the hub wakes every watcher and refuses new ones", "[notifications]") {
    NotificationHub hub;
    CountingWatcher anne(hub, "anne");
    hub.close();
    CHECK(anne.woken == 1);
    CHECK(anne.subscription->closed());
    hub.publish(case_id(1), 2, {"anne"});
    CHECK_FALSE(anne.subscription->take().has_value());
    auto late = hub.subscribe("bram", [] {});
    REQUIRE_FALSE(late.ok());
    CHECK(late.error().code() == ErrorCode::unavailable);
}

}  // namespace weerbaar::server
