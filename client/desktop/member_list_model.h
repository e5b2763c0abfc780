#pragma once
// The members of the organisation as the core verified them (MemberDirectory::all),
// held in memory for a table: name, role, active or revoked, fingerprint in digit
// groups, and whether this user checked the key. data() answers from memory only.
//
// A key that changed since this client last saw it is the one thing here a person
// must act on (sharing with that member is refused until it is checked), so it is
// said in words in its own column and marked besides, never by colour alone.
//
// Threading: UI thread only; rows are made on a worker (from_verified) and handed
// over with set_rows.

#include <QAbstractTableModel>
#include <QString>
#include <vector>

#include "weerbaar/client/member_directory.h"

namespace weerbaar::desktop {

struct MemberRow {
    enum class Key { unverified, verified, changed };

    QString user;  // the name as the core takes it (for calls, never shown raw)
    QString name;  // display_line(user)
    QString role;  // Dutch label (dutch_role_label)
    bool revoked = false;
    bool active = false;      // as the server reports it, and not revoked
    QString fingerprint;      // the current certificate's, digit groups
    QString old_fingerprint;  // the key this client knew before, when it changed
    Key key = Key::unverified;
    bool self = false;

    // Made from what the core verified; on the worker thread.
    [[nodiscard]] static MemberRow from_verified(const client::VerifiedMember& member,
                                                 const std::string& own_user);
};

class MemberListModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { name_column, role_column, status_column, fingerprint_column, key_column };
    // Extra data roles, for actions and tests (language-independent).
    enum Role {
        user_role = Qt::UserRole + 1,  // QString: MemberRow::user
        key_role,                      // int: MemberRow::Key
        revoked_role,                  // bool
        active_role,                   // bool
        self_role,                     // bool
    };

    explicit MemberListModel(QObject* parent = nullptr);

    void set_rows(std::vector<MemberRow> rows);
    [[nodiscard]] const std::vector<MemberRow>& rows() const { return rows_; }
    // The row of `user`, or nullptr.
    [[nodiscard]] const MemberRow* find(const QString& user) const;

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    // The texts of the key column, shared with the page's notice.
    [[nodiscard]] static QString key_text(const MemberRow& row);

  private:
    std::vector<MemberRow> rows_;
};

}  // namespace weerbaar::desktop
