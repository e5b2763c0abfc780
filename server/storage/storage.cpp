#include "storage.h"

#include <utility>

namespace weerbaar::server {

Result<Transaction> Transaction::begin(Storage& storage, TransactionKind kind) {
    WEERBAAR_TRY(storage.begin(kind));
    return Transaction(storage);
}

Transaction::~Transaction() {
    if (storage_ != nullptr) {
        storage_->rollback();
    }
}

Transaction::Transaction(Transaction&& other) noexcept
    : storage_(std::exchange(other.storage_, nullptr)) {}

Status Transaction::commit() {
    if (storage_ == nullptr) {
        return Error(ErrorCode::internal, "transaction already finished");
    }
    Status status = storage_->commit();
    if (!status.ok()) {
        storage_->rollback();
    }
    storage_ = nullptr;
    return status;
}

Result<Savepoint> Savepoint::begin(Storage& storage) {
    WEERBAAR_TRY(storage.savepoint());
    return Savepoint(storage);
}

Savepoint::~Savepoint() {
    if (storage_ != nullptr) {
        storage_->rollback_to_savepoint();
    }
}

Savepoint::Savepoint(Savepoint&& other) noexcept
    : storage_(std::exchange(other.storage_, nullptr)) {}

Status Savepoint::release() {
    if (storage_ == nullptr) {
        return Error(ErrorCode::internal, "savepoint already finished");
    }
    Status status = storage_->release_savepoint();
    if (!status.ok()) {
        storage_->rollback_to_savepoint();
    }
    storage_ = nullptr;
    return status;
}

}  // namespace weerbaar::server
