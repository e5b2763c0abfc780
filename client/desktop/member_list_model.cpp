#include "member_list_model.h"

#include <QBrush>
#include <QFont>
#include <QPalette>

#include "weerbaar/client/display_text.h"
#include "weerbaar/client/list_filters.h"

namespace weerbaar::desktop {

MemberRow MemberRow::from_verified(const client::VerifiedMember& member,
                                   const std::string& own_user) {
    MemberRow row;
    row.user = QString::fromStdString(member.user());
    row.name = QString::fromStdString(client::display_line(member.user()));
    row.role = QString::fromStdString(
        client::dutch_role_label(std::string(crypto::role_name(member.role()))));
    row.revoked = member.revoked();
    row.active = member.active && !row.revoked;
    row.fingerprint = QString::fromStdString(member.certificate.fingerprint());
    if (member.key == client::KeySighting::changed) {
        row.key = Key::changed;
        row.old_fingerprint = QString::fromStdString(member.known_fingerprint);
    } else if (member.key_verified) {
        row.key = Key::verified;
    }
    row.self = member.user() == own_user;
    return row;
}

MemberListModel::MemberListModel(QObject* parent) : QAbstractTableModel(parent) {}

void MemberListModel::set_rows(std::vector<MemberRow> rows) {
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

const MemberRow* MemberListModel::find(const QString& user) const {
    for (const MemberRow& row : rows_) {
        if (row.user == user) {
            return &row;
        }
    }
    return nullptr;
}

int MemberListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int MemberListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : key_column + 1;
}

QString MemberListModel::key_text(const MemberRow& row) {
    if (row.self) {
        return tr("your own key");
    }
    switch (row.key) {
        case MemberRow::Key::verified:
            return tr("verified by you");
        case MemberRow::Key::changed:
            return tr("KEY CHANGED: check first (call them and choose Verify)");
        case MemberRow::Key::unverified:
            break;
    }
    return tr("not verified by you");
}

QVariant MemberListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) {
        return {};
    }
    const MemberRow& row = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case Qt::AccessibleTextRole:
            switch (index.column()) {
                case name_column:
                    return row.self ? tr("%1 (you)").arg(row.name) : row.name;
                case role_column:
                    return row.role;
                case status_column:
                    if (row.revoked) {
                        return tr("revoked");
                    }
                    return row.active ? tr("active") : tr("not active");
                case fingerprint_column:
                    return row.fingerprint;
                case key_column:
                    return key_text(row);
                default:
                    return {};
            }
        case Qt::ToolTipRole:
            if (row.key == MemberRow::Key::changed) {
                return tr("This member's key is not the one you knew (%1). Cases are not shared "
                          "with them until you check it: call them, have them read their "
                          "fingerprint and choose Verify.")
                    .arg(row.old_fingerprint);
            }
            return {};
        case Qt::FontRole:
            // Besides the words: a changed key and a revoked member stand out in print.
            if ((row.key == MemberRow::Key::changed && index.column() == key_column) ||
                (row.revoked && index.column() == status_column)) {
                QFont font;
                font.setBold(true);
                return font;
            }
            return {};
        case Qt::ForegroundRole:
            if (row.revoked && index.column() != key_column) {
                return QPalette().brush(QPalette::Disabled, QPalette::Text);
            }
            return {};
        case user_role:
            return row.user;
        case key_role:
            return static_cast<int>(row.key);
        case revoked_role:
            return row.revoked;
        case active_role:
            return row.active;
        case self_role:
            return row.self;
        default:
            return {};
    }
}

QVariant MemberListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
        case name_column:
            return tr("Name");
        case role_column:
            return tr("Role");
        case status_column:
            return tr("Status");
        case fingerprint_column:
            return tr("Fingerprint");
        case key_column:
            return tr("Key check");
        default:
            return {};
    }
}

}  // namespace weerbaar::desktop
