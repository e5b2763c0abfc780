#pragma once
// The Leden tab: every member as the core verified them (name, role, active or
// revoked, fingerprint in digit groups, whether this user checked the key), with
// "Verify" (compare by phone) and "Copy fingerprint" (cleared from the clipboard
// after 30 s: clipboard_guard.h). A key that changed since it was last seen is
// announced above the list in words, with what to do.
//
// Coordinators (controller.role() == "coordinator") also get the pending enrolments
// (name and request time; the fingerprint is typed from the phone call, never shown
// to click through) with Approve, Revoke for a member, and "Check audit log". For
// anyone else those controls are not made at all.
//
// Threading: UI thread; every core call goes through the controller's worker. The
// page is destroyed at every lock with the rest of the work area.

#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace weerbaar::desktop {

class AppController;
class MemberListModel;

class MembersPage : public QWidget {
    Q_OBJECT
  public:
    explicit MembersPage(AppController& controller, QWidget* parent = nullptr);

    // Fetches the members (and, for a coordinator, the pending enrolments) again.
    void refresh();

    [[nodiscard]] MemberListModel* members() const { return members_; }
    // Pending enrolments: column 0 the name (data role Qt::UserRole: the name as the
    // core takes it), column 1 the request time. Null unless a coordinator.
    [[nodiscard]] QStandardItemModel* enrolments() const { return enrolments_; }
    [[nodiscard]] QTableView* member_view() const { return member_view_; }
    [[nodiscard]] QTableView* enrolment_view() const { return enrolment_view_; }
    [[nodiscard]] QLabel* status_line() const { return status_; }
    [[nodiscard]] QLabel* key_change_notice() const { return key_notice_; }
    [[nodiscard]] bool loading() const { return loading_; }

    // Opens the dialogs for the selected member / enrolment (what the buttons do).
    void verify_selected();
    // Opens the verify dialog for `user` (the name as the core takes it), e.g. when
    // sharing was refused because that member's key changed (changed_key_of). False
    // when the list holds no such active member (not fetched yet, or revoked).
    bool verify_member(const QString& user);
    void copy_selected_fingerprint();
    void revoke_selected();
    void approve_selected();
    void check_audit_log();

  Q_SIGNALS:
    // A refresh finished (members shown, or its error in the status line).
    void refreshed();

  private:
    [[nodiscard]] bool is_coordinator() const;
    [[nodiscard]] QString selected_user() const;
    void update_actions();
    void show_key_notice();

    AppController& controller_;
    MemberListModel* members_ = nullptr;
    QSortFilterProxyModel* sorted_ = nullptr;
    QTableView* member_view_ = nullptr;
    QLabel* key_notice_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* refresh_ = nullptr;
    QPushButton* verify_ = nullptr;
    QPushButton* copy_ = nullptr;
    QPushButton* revoke_ = nullptr;
    QPushButton* audit_ = nullptr;
    QStandardItemModel* enrolments_ = nullptr;
    QTableView* enrolment_view_ = nullptr;
    QPushButton* approve_ = nullptr;
    bool loading_ = false;
    bool refresh_again_ = false;
    QString after_refresh_;  // what the status line says once the next fetch is in
};

}  // namespace weerbaar::desktop
