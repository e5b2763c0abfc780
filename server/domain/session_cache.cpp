#include "session_cache.h"

#include <iterator>
#include <mutex>

namespace weerbaar::server {
namespace {

std::string key_of(crypto::ByteView token_hash) {
    return std::string(reinterpret_cast<const char*>(token_hash.data()), token_hash.size());
}

}  // namespace

std::uint64_t SessionCache::generation() const {
    std::shared_lock lock(mutex_);
    return generation_;
}

std::optional<Caller> SessionCache::find(crypto::ByteView token_hash, std::int64_t now) const {
    std::shared_lock lock(mutex_);
    const auto found = entries_.find(key_of(token_hash));
    if (found == entries_.end() || found->second.expires <= now) {
        return std::nullopt;
    }
    return found->second.caller;
}

void SessionCache::remember(crypto::ByteView token_hash, const Caller& caller, std::int64_t expires,
                            std::uint64_t generation) {
    std::unique_lock lock(mutex_);
    if (generation != generation_) {
        return;  // a clear() came after the read: what it read may be over
    }
    if (entries_.size() >= kMaxCachedSessions) {
        entries_.clear();
    }
    entries_[key_of(token_hash)] = Entry{caller, expires};
}

void SessionCache::forget_member(const std::string& user) {
    std::unique_lock lock(mutex_);
    ++generation_;
    for (auto entry = entries_.begin(); entry != entries_.end();) {
        entry = entry->second.caller.user == user ? entries_.erase(entry) : std::next(entry);
    }
}

std::size_t SessionCache::size() const {
    std::shared_lock lock(mutex_);
    return entries_.size();
}

}  // namespace weerbaar::server
