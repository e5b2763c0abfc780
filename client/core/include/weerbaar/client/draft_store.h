#pragma once
// Text a member is still writing (a note, a gespreksverslag, an intake), kept in the
// encrypted local store (local_store.h, table drafts) until it is sent or discarded,
// so that nothing typed is lost to an automatic lock, a crash or a closed window.
// A draft is never sent by the core on its own: a front end offers it again and the
// member sends it (through the normal writer, with every check).
//
// Threading: as LocalStore (every call takes the store's mutex).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weerbaar/client/local_store.h"

namespace weerbaar::client {

inline constexpr std::size_t kMaxDraftBytes = 1024 * 1024;

struct Draft {
    std::string draft_id;  // chosen by the front end, 1 to 64 of [a-z0-9-]
    std::string case_id;   // the case's 32 hex, or "" for a new case's intake
    std::string kind;      // what it will become: "note", "counselling", "intake", ...
    std::string body;      // the front end's own encoding of the form, at most kMaxDraftBytes
    std::int64_t updated_unix = 0;  // set by save()
    friend bool operator==(const Draft&, const Draft&) = default;
};

class DraftStore {
  public:
    explicit DraftStore(std::shared_ptr<LocalStore> store) : store_(std::move(store)) {}

    // Keeps `draft`, replacing the one with its id. invalid_argument (Dutch first,
    // naming the field) for a bad id, kind or case id, or a body over kMaxDraftBytes.
    [[nodiscard]] Status save(Draft draft) const;
    // Every draft, oldest change first.
    [[nodiscard]] Result<std::vector<Draft>> all() const;
    // Forgets a draft (sent, or thrown away); no error when there is none.
    [[nodiscard]] Status discard(const std::string& draft_id) const;

  private:
    std::shared_ptr<LocalStore> store_;
};

}  // namespace weerbaar::client
