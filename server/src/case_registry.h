#pragma once
// Cases as the server sees them: ids, epochs, key wraps and sealed records it
// cannot read. It enforces membership and role, and checks what it can of the
// cleartext (case, epoch, author, recipient) as defence in depth behind the
// clients' own verification. Checks that depend on stored state run inside the
// write, so two racing writes cannot both pass them.

#include <functional>
#include <vector>

#include "caller.h"
#include "group_commit_writer.h"
#include "storage_reader.h"

namespace weerbaar::server {

struct CaseView {
    CaseRow summary;
    std::vector<crypto::Bytes> my_wraps;
    std::vector<CaseMemberRow> members;  // wraps left empty: they are the members' own
    std::vector<RecordRow> records;
    bool more = false;  // records were left off to bound the answer's size
};

class CaseRegistry {
  public:
    using SequenceDone = std::function<void(Result<std::uint64_t>)>;
    using Done = std::function<void(Status)>;

    CaseRegistry(StorageReader& reader, GroupCommitWriter& writer);

    void create_case(const Caller& caller, const crypto::Bytes& case_id,
                     const crypto::Bytes& creator_wrap, const crypto::Bytes& first_record,
                     SequenceDone done);
    [[nodiscard]] Result<std::vector<CaseRow>> cases(const Caller& caller);
    [[nodiscard]] Result<CaseView> get_case(const Caller& caller, const crypto::Bytes& case_id,
                                            std::uint64_t after_sequence);
    void append_record(const Caller& caller, const crypto::Bytes& case_id,
                       const crypto::Bytes& record, SequenceDone done);
    void share_case(const Caller& caller, const crypto::Bytes& case_id, const crypto::Bytes& wrap,
                    Done done);

  private:
    StorageReader& reader_;
    GroupCommitWriter& writer_;
};

}  // namespace weerbaar::server
