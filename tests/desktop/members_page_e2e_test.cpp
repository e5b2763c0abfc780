// The Leden tab on a real server: the team with roles and fingerprints; verifying a
// member by comparing (a wrong fingerprint refused at the field, nothing marked);
// a coordinator approving a pending enrolment with the fingerprint typed from the
// phone call, revoking a member and checking the audit log; and a member who is not
// a coordinator meeting none of those controls.
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <memory>

#include "app_controller.h"
#include "approve_member_dialog.h"
#include "audit_check_dialog.h"
#include "core_worker.h"
#include "demo_team.h"
#include "gui_driver.h"
#include "main_window.h"
#include "member_list_model.h"
#include "members_page.h"
#include "revoke_member_dialog.h"
#include "verify_key_dialog.h"

using namespace weerbaar::desktop;
using namespace weerbaar::desktop::testing;

namespace {

// One unlocked window of one member, kept for the whole test class (the server
// limits logins per minute).
struct Member {
    explicit Member(const std::filesystem::path& profile)
        : controller(std::make_unique<AppController>(profile)),
          window(std::make_unique<MainWindow>(*controller)) {
        window->show();
    }
    std::unique_ptr<AppController> controller;
    std::unique_ptr<MainWindow> window;
};

bool loaded(MembersPage* page) {
    return page != nullptr &&
           wait_until([page] { return !page->loading() && page->members()->rowCount() > 0; });
}

// Fetches again and waits for the answer.
bool refreshed(MembersPage* page) {
    page->refresh();
    return wait_until([page] { return !page->loading(); });
}

const MemberRow* row_of(MembersPage* page, const char* user) {
    return page->members()->find(QString::fromLatin1(user));
}

bool select_member(MembersPage* page, const char* user) {
    QAbstractItemModel* model = page->member_view()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(MemberListModel::user_role).toString() == QLatin1String(user)) {
            page->member_view()->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            return true;
        }
    }
    return false;
}

bool select_enrolment(MembersPage* page, const char* user) {
    QStandardItemModel* model = page->enrolments();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->item(row, 0)->data(Qt::UserRole).toString() == QLatin1String(user)) {
            page->enrolment_view()->selectionModel()->setCurrentIndex(
                model->index(row, 0),
                QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            return true;
        }
    }
    return false;
}

// What the status column shows for `user`.
QString status_text(MembersPage* page, const char* user) {
    const auto& rows = page->members()->rows();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].user == QLatin1String(user)) {
            return page->members()
                ->index(static_cast<int>(i), MemberListModel::status_column)
                .data()
                .toString();
        }
    }
    return {};
}

void retype(QLineEdit* field, const std::string& text) {
    field->clear();
    QTest::keyClicks(field, QString::fromStdString(text));
}

// A fingerprint of the right shape that is nobody's.
const std::string kWrongFingerprint = "11111 22222 33333 44444 55555 66666 77777 88888";

}  // namespace

class MembersPageTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        team_ = std::make_unique<DemoTeam>();
        anne_ = std::make_unique<Member>(team_->profile("anne"));
        QVERIFY(unlock(*anne_->window, QString::fromLatin1(kDemoPassphrase)));
        bram_ = std::make_unique<Member>(team_->profile("bram"));
        QVERIFY(unlock(*bram_->window, QString::fromLatin1(kDemoPassphrase)));
    }
    void cleanupTestCase() {
        anne_.reset();
        bram_.reset();
        team_.reset();
        join_worker_threads();
    }

    void the_team_is_listed_with_roles_and_fingerprints() {
        MembersPage* page = anne_->window->members_page();
        QVERIFY(loaded(page));
        QCOMPARE(page->members()->rowCount(), 4);
        const QRegularExpression groups(QStringLiteral("^\\d{5}( \\d{5}){7}$"));
        const std::map<std::string, QString> roles{{"anne", QStringLiteral("coördinator")},
                                                   {"bram", QStringLiteral("vertrouwenspersoon")},
                                                   {"carla", QStringLiteral("peer")},
                                                   {"daan", QStringLiteral("peer")}};
        for (const auto& [user, role] : roles) {
            const MemberRow* row = row_of(page, user.c_str());
            QVERIFY2(row != nullptr, user.c_str());
            QCOMPARE(row->role, role);
            QVERIFY(row->active);
            QVERIFY(!row->revoked);
            QVERIFY2(groups.match(row->fingerprint).hasMatch(), qPrintable(row->fingerprint));
            QCOMPARE(row->fingerprint, QString::fromStdString(team_->fingerprint(user)));
        }
        QVERIFY(row_of(page, "anne")->self);
        // anne approved everyone, comparing each fingerprint: verified by her.
        QCOMPARE(row_of(page, "carla")->key, MemberRow::Key::verified);
        QVERIFY(page->key_change_notice()->isHidden());
        // The coordinator's page (more controls than the accessibility test's member
        // sees): every control named and reached by Tab.
        anne_->window->tabs()->setCurrentWidget(page);
        QVERIFY(select_member(page, "carla"));
        const QStringList problems = accessibility_problems(anne_->window.get());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        screenshot(anne_->window.get(), QStringLiteral("leden"));
    }

    void a_wrong_fingerprint_is_refused_at_the_field_and_the_right_one_verifies() {
        MembersPage* page = bram_->window->members_page();
        QVERIFY(loaded(page));
        QCOMPARE(row_of(page, "carla")->key, MemberRow::Key::unverified);
        QVERIFY(select_member(page, "carla"));
        QPushButton* verify =
            find_by_name<QPushButton>(page, QStringLiteral("Verify the member's key"));
        QVERIFY(verify != nullptr && verify->isEnabled());
        QTest::mouseClick(verify, Qt::LeftButton);
        auto* dialog = page->findChild<VerifyKeyDialog*>();
        QVERIFY(dialog != nullptr);
        QVERIFY(dialog->isVisible());
        QStringList problems = accessibility_problems(dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

        retype(dialog->typed_field(), kWrongFingerprint);
        QTest::keyClick(dialog->typed_field(), Qt::Key_Return);
        QVERIFY(wait_until([dialog] { return dialog->field_error()->isVisible(); }));
        QVERIFY2(dialog->field_error()->text().contains(QStringLiteral("INTEGRITEITSFOUT")) ||
                     dialog->field_error()->text().contains(QStringLiteral("fingerprint")),
                 qPrintable(dialog->field_error()->text()));
        QVERIFY(dialog->isVisible());
        QVERIFY(refreshed(page));
        QCOMPARE(row_of(page, "carla")->key, MemberRow::Key::unverified);

        retype(dialog->typed_field(), team_->fingerprint("carla"));
        QVERIFY(!dialog->field_error()->isVisible());
        QPointer<VerifyKeyDialog> watched(dialog);
        QTest::mouseClick(dialog->verify_button(), Qt::LeftButton);
        QVERIFY(wait_until([&] { return watched.isNull() || !watched->isVisible(); }));
        QVERIFY(wait_until([&] {
            return !page->loading() && row_of(page, "carla")->key == MemberRow::Key::verified;
        }));
        QCOMPARE(MemberListModel::key_text(*row_of(page, "carla")),
                 MemberListModel::tr("verified by you"));
    }

    void a_member_who_is_not_a_coordinator_has_no_coordinator_actions() {
        MembersPage* page = bram_->window->members_page();
        QVERIFY(loaded(page));
        QVERIFY(page->enrolments() == nullptr);
        QVERIFY(page->enrolment_view() == nullptr);
        QVERIFY(find_by_name<QPushButton>(page, QStringLiteral("Revoke the member")) == nullptr);
        QVERIFY(find_by_name<QPushButton>(page, QStringLiteral("Check the audit log")) == nullptr);
        QVERIFY(find_by_name<QPushButton>(page, QStringLiteral("Approve the request")) == nullptr);
        // Calling the actions anyway opens nothing.
        QVERIFY(select_member(page, "daan"));
        page->revoke_selected();
        page->check_audit_log();
        QVERIFY(page->findChild<RevokeMemberDialog*>() == nullptr);
        QVERIFY(page->findChild<AuditCheckDialog*>() == nullptr);
    }

    void a_pending_enrolment_is_approved_with_the_fingerprint_read_out() {
        const std::string eve_fingerprint = team_->request_enrolment("eve");
        MembersPage* page = anne_->window->members_page();
        QVERIFY(loaded(page));
        QVERIFY(refreshed(page));
        QVERIFY(page->enrolments() != nullptr);
        QCOMPARE(page->enrolments()->rowCount(), 1);
        QCOMPARE(page->enrolments()->item(0, 0)->text(), QStringLiteral("eve"));
        QVERIFY(!page->enrolments()->item(0, 1)->text().isEmpty());
        // The list shows no fingerprint to click through.
        for (int column = 0; column < page->enrolments()->columnCount(); ++column) {
            QVERIFY(!page->enrolments()->item(0, column)->text().contains(
                QString::fromStdString(eve_fingerprint.substr(0, 11))));
        }
        QVERIFY(select_enrolment(page, "eve"));
        QPushButton* approve =
            find_by_name<QPushButton>(page, QStringLiteral("Approve the request"));
        QVERIFY(approve != nullptr && approve->isEnabled());
        QTest::mouseClick(approve, Qt::LeftButton);
        auto* dialog = page->findChild<ApproveMemberDialog*>();
        QVERIFY(dialog != nullptr);
        const int peer = dialog->role_field()->findData(QStringLiteral("peer"));
        QVERIFY(peer >= 0);
        QCOMPARE(dialog->role_field()->itemText(peer), QStringLiteral("peer"));
        QCOMPARE(dialog->role_field()->itemText(
                     dialog->role_field()->findData(QStringLiteral("confidant"))),
                 QStringLiteral("vertrouwenspersoon"));
        dialog->role_field()->setCurrentIndex(peer);

        retype(dialog->fingerprint_field(), kWrongFingerprint);
        QTest::mouseClick(dialog->approve_button(), Qt::LeftButton);
        QVERIFY(wait_until([dialog] { return dialog->fingerprint_error()->isVisible(); }));
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->confirm_new_key()->isHidden());
        QStringList problems = accessibility_problems(dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(refreshed(page));
        QVERIFY(row_of(page, "eve") == nullptr);  // nothing signed
        QCOMPARE(page->enrolments()->rowCount(), 1);

        retype(dialog->fingerprint_field(), eve_fingerprint);
        QPointer<ApproveMemberDialog> watched(dialog);
        QTest::mouseClick(dialog->approve_button(), Qt::LeftButton);
        QVERIFY(wait_until([&] { return watched.isNull() || !watched->isVisible(); }));
        QVERIFY(wait_until([&] { return !page->loading() && row_of(page, "eve") != nullptr; }));
        QCOMPARE(row_of(page, "eve")->role, QStringLiteral("peer"));
        QCOMPARE(row_of(page, "eve")->key, MemberRow::Key::verified);
        QCOMPARE(page->enrolments()->rowCount(), 0);
    }

    void a_revoked_member_is_shown_revoked() {
        MembersPage* page = anne_->window->members_page();
        QVERIFY(loaded(page));
        QVERIFY(select_member(page, "daan"));
        QPushButton* revoke = find_by_name<QPushButton>(page, QStringLiteral("Revoke the member"));
        QVERIFY(revoke != nullptr && revoke->isEnabled());
        QTest::mouseClick(revoke, Qt::LeftButton);
        auto* dialog = page->findChild<RevokeMemberDialog*>();
        QVERIFY(dialog != nullptr);
        // The default button is Cancel: Enter alone never revokes.
        QVERIFY(!dialog->revoke_button()->isDefault());
        const QStringList problems = accessibility_problems(dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QPointer<RevokeMemberDialog> watched(dialog);
        QTest::mouseClick(dialog->revoke_button(), Qt::LeftButton);
        QVERIFY(wait_until([&] { return watched.isNull() || !watched->isVisible(); }));
        QVERIFY(wait_until([&] {
            return !page->loading() && row_of(page, "daan") != nullptr &&
                   row_of(page, "daan")->revoked;
        }));
        QVERIFY(!row_of(page, "daan")->active);
        QCOMPARE(status_text(page, "daan"), MemberListModel::tr("revoked"));
        // A revoked member can be neither verified nor revoked again.
        QVERIFY(select_member(page, "daan"));
        QVERIFY(!revoke->isEnabled());
        QVERIFY(!find_by_name<QPushButton>(page, QStringLiteral("Verify the member's key"))
                     ->isEnabled());
    }

    void a_member_enrolling_again_needs_a_second_confirmation_with_both_keys() {
        // daan (revoked above) lost everything and asks to join again with new keys.
        const std::string old_fingerprint = team_->fingerprint("daan");
        std::filesystem::remove_all(team_->profile("daan"));
        const std::string new_fingerprint = team_->request_enrolment("daan");
        QVERIFY(new_fingerprint != old_fingerprint);
        MembersPage* page = anne_->window->members_page();
        QVERIFY(loaded(page));
        QVERIFY(refreshed(page));
        QVERIFY(select_enrolment(page, "daan"));
        page->approve_selected();
        auto* dialog = page->findChild<ApproveMemberDialog*>();
        QVERIFY(dialog != nullptr);
        dialog->role_field()->setCurrentIndex(
            dialog->role_field()->findData(QStringLiteral("peer")));
        retype(dialog->fingerprint_field(), new_fingerprint);
        QTest::mouseClick(dialog->approve_button(), Qt::LeftButton);
        QVERIFY(wait_until([dialog] { return dialog->confirm_new_key()->isVisible(); }));
        auto* known = find_by_name<QLabel>(dialog, QStringLiteral("Earlier key of this name"));
        QVERIFY(known != nullptr && known->isVisible());
        QVERIFY2(known->text().contains(QString::fromStdString(old_fingerprint)),
                 qPrintable(known->text()));
        QVERIFY(known->text().contains(QString::fromStdString(new_fingerprint)));
        QVERIFY(!dialog->confirm_new_key()->isChecked());
        const QStringList problems = accessibility_problems(dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

        // Approving again without the second confirmation signs nothing.
        QTest::mouseClick(dialog->approve_button(), Qt::LeftButton);
        QVERIFY(wait_until([dialog] { return dialog->approve_button()->isEnabled(); }));
        QVERIFY(dialog->isVisible());
        QVERIFY(refreshed(page));
        QVERIFY(row_of(page, "daan")->revoked);

        dialog->confirm_new_key()->setChecked(true);
        QPointer<ApproveMemberDialog> watched(dialog);
        QTest::mouseClick(dialog->approve_button(), Qt::LeftButton);
        QVERIFY(wait_until([&] { return watched.isNull() || !watched->isVisible(); }));
        QVERIFY(wait_until([&] {
            return !page->loading() && row_of(page, "daan") != nullptr &&
                   !row_of(page, "daan")->revoked;
        }));
        QCOMPARE(row_of(page, "daan")->fingerprint, QString::fromStdString(new_fingerprint));
        QCOMPARE(row_of(page, "daan")->key, MemberRow::Key::verified);

        // bram knew daan's earlier key: the change is announced in words until he
        // checks the new one.
        MembersPage* brams = bram_->window->members_page();
        QVERIFY(loaded(brams));
        QVERIFY(refreshed(brams));
        QCOMPARE(row_of(brams, "daan")->key, MemberRow::Key::changed);
        QVERIFY(!brams->key_change_notice()->isHidden());
        QVERIFY(brams->key_change_notice()->text().contains(QStringLiteral("daan")));
        QVERIFY(MemberListModel::key_text(*row_of(brams, "daan")) !=
                MemberListModel::tr("verified by you"));
        screenshot(bram_->window.get(), QStringLiteral("leden-sleutel-gewijzigd"));
        // As a case view would, after a share refused for daan's changed key.
        QVERIFY(!brams->verify_member(QStringLiteral("nobody")));
        QVERIFY(brams->verify_member(QStringLiteral("daan")));
        auto* verify = brams->findChild<VerifyKeyDialog*>();
        QVERIFY(verify != nullptr);
        retype(verify->typed_field(), old_fingerprint);  // the key he knew is not it
        QTest::mouseClick(verify->verify_button(), Qt::LeftButton);
        QVERIFY(wait_until([verify] { return verify->field_error()->isVisible(); }));
        retype(verify->typed_field(), new_fingerprint);
        QPointer<VerifyKeyDialog> watched_verify(verify);
        QTest::mouseClick(verify->verify_button(), Qt::LeftButton);
        QVERIFY(
            wait_until([&] { return watched_verify.isNull() || !watched_verify->isVisible(); }));
        QVERIFY(wait_until([&] {
            return !brams->loading() && row_of(brams, "daan")->key == MemberRow::Key::verified;
        }));
        QVERIFY(brams->key_change_notice()->isHidden());
    }

    void the_audit_log_check_passes() {
        MembersPage* page = anne_->window->members_page();
        QVERIFY(loaded(page));
        QPushButton* audit = find_by_name<QPushButton>(page, QStringLiteral("Check the audit log"));
        QVERIFY(audit != nullptr);
        QTest::mouseClick(audit, Qt::LeftButton);
        auto* dialog = page->findChild<AuditCheckDialog*>();
        QVERIFY(dialog != nullptr);
        QVERIFY(wait_until([dialog] { return !dialog->running(); }));
        QVERIFY2(dialog->passed(), qPrintable(dialog->result_line()->text()));
        const QStringList problems = accessibility_problems(dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(!dialog->result_line()->text().contains(QStringLiteral("INTEGRITEITSFOUT")));
        dialog->close();
    }

    void copying_a_fingerprint_is_cleared_at_the_lock() {
        MembersPage* page = bram_->window->members_page();
        QVERIFY(loaded(page));
        QVERIFY(select_member(page, "carla"));
        page->copy_selected_fingerprint();
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 QString::fromStdString(team_->fingerprint("carla")));
        bram_->controller->lock();
        QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
    }

  private:
    std::unique_ptr<DemoTeam> team_;
    std::unique_ptr<Member> anne_;
    std::unique_ptr<Member> bram_;
};

QTEST_MAIN(MembersPageTest)
#include "members_page_e2e_test.moc"
