#include "operator_edits.h"

#include <ctime>
#include <stdexcept>

#include "weerbaar/crypto/record.h"

namespace weerbaar::e2e {

crypto::Bytes record_blob(OperatorDatabase& db, const crypto::Bytes& case_id,
                          std::int64_t sequence) {
    return db.blob("SELECT blob FROM records WHERE case_id = ?1 AND sequence = ?2;",
                   {case_id, sequence});
}

void replace_record_blob(OperatorDatabase& db, const crypto::Bytes& case_id, std::int64_t sequence,
                         const crypto::Bytes& blob) {
    if (db.execute("UPDATE records SET blob = ?3 WHERE case_id = ?1 AND sequence = ?2;",
                   {case_id, sequence, blob}) != 1) {
        throw std::runtime_error("no record " + std::to_string(sequence) + " to replace");
    }
}

std::int64_t record_count(OperatorDatabase& db, const crypto::Bytes& case_id) {
    return db.integer("SELECT record_count FROM cases WHERE case_id = ?1;", {case_id});
}

void append_record(OperatorDatabase& db, const crypto::Bytes& case_id, const crypto::Bytes& blob,
                   const crypto::Bytes& record_id_column) {
    auto decoded = crypto::SealedRecord::decode(blob);
    if (!decoded.ok()) throw std::runtime_error("append_record: not a record");
    const crypto::RecordHeader& header = decoded.value().header();
    const std::int64_t sequence = record_count(db, case_id) + 1;
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    db.execute(
        "INSERT INTO records (case_id, sequence, record_id, epoch, author, blob, stored) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);",
        {case_id, sequence, record_id_column, static_cast<std::int64_t>(header.epoch),
         header.author, blob, now});
    db.execute("UPDATE cases SET record_count = ?2, updated = ?3 WHERE case_id = ?1;",
               {case_id, sequence, now});
}

void drop_record(OperatorDatabase& db, const crypto::Bytes& case_id, std::int64_t sequence) {
    const std::int64_t count = record_count(db, case_id);
    if (db.execute("DELETE FROM records WHERE case_id = ?1 AND sequence = ?2;",
                   {case_id, sequence}) != 1) {
        throw std::runtime_error("no record " + std::to_string(sequence) + " to drop");
    }
    // One row at a time, upwards, so the (case_id, sequence) key never collides.
    for (std::int64_t s = sequence + 1; s <= count; ++s) {
        db.execute("UPDATE records SET sequence = ?3 WHERE case_id = ?1 AND sequence = ?2;",
                   {case_id, s, s - 1});
    }
    db.execute("UPDATE cases SET record_count = ?2 WHERE case_id = ?1;", {case_id, count - 1});
}

void swap_records(OperatorDatabase& db, const crypto::Bytes& case_id, std::int64_t a,
                  std::int64_t b) {
    constexpr std::int64_t kParked = -1;
    const std::string move =
        "UPDATE records SET sequence = ?3 WHERE case_id = ?1 AND sequence = ?2;";
    if (db.execute(move, {case_id, a, kParked}) != 1 || db.execute(move, {case_id, b, a}) != 1 ||
        db.execute(move, {case_id, kParked, b}) != 1) {
        throw std::runtime_error("swap_records: a record is missing");
    }
}

crypto::Bytes member_certificate(OperatorDatabase& db, const std::string& user) {
    return db.blob("SELECT certificate FROM members WHERE user = ?1;", {user});
}

std::optional<crypto::Bytes> case_member_wrap(OperatorDatabase& db, const crypto::Bytes& case_id,
                                              const std::string& user, std::int64_t epoch) {
    return db.optional_blob(
        "SELECT wrap FROM case_members WHERE case_id = ?1 AND user = ?2 AND epoch = ?3;",
        {case_id, user, epoch});
}

}  // namespace weerbaar::e2e
