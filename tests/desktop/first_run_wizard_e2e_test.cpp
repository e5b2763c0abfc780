// The first run on a real server: anne founds the organisation through the wizard
// with the server's bootstrap code; bram joins, compares the organisation's
// fingerprint (a wrong one typed is refused), and sees his own, which anne then
// approves. Refusals (a wrong bootstrap code, an unreachable server, a taken user
// name, a short or mistyped passphrase) are shown at their field on their page and
// leave no profile behind.
#include <QAbstractButton>
#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QTest>

#include "child_process.h"
#include "clipboard_guard.h"
#include "core_worker.h"
#include "first_run_wizard.h"
#include "gui_driver.h"
#include "test_server.h"
#include "weerbaar/client/member_approval.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/trust_store.h"

using namespace weerbaar;
using namespace weerbaar::desktop;
using namespace weerbaar::desktop::testing;

namespace {

constexpr const char* kPassphrase = "een-lange-wachtzin";

QLineEdit* field(FirstRunWizard& wizard, const char* name) {
    QLineEdit* edit = find_by_name<QLineEdit>(&wizard, QString::fromLatin1(name));
    if (edit == nullptr) {
        qFatal("no field %s", name);
    }
    return edit;
}

QString error_at(FirstRunWizard& wizard, std::string_view field_name) {
    QString text;
    for (QLabel* label : wizard.findChildren<QLabel*>(
             QStringLiteral("error:") + QString::fromUtf8(field_name.data(), field_name.size()))) {
        if (label->parentWidget()->isVisible()) {
            text += label->text();
        }
    }
    return text;
}

void type(QLineEdit* edit, const QString& text) {
    edit->clear();
    QTest::keyClicks(edit, text);
}

// Next, or the commit button on the page that writes the profile.
void press_next(FirstRunWizard& wizard) {
    QAbstractButton* button = wizard.button(
        wizard.currentPage()->isCommitPage() ? QWizard::CommitButton : QWizard::NextButton);
    QVERIFY(button->isEnabled());
    button->click();
}

bool has_profile(const std::filesystem::path& directory) {
    return client::Profile(directory).has_keystore();
}

}  // namespace

class FirstRunWizardTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(crypto::initialise().ok());
        server_ = std::make_unique<e2e::TestServer>(dir_.path() / "server");
        server_->start();
    }
    void cleanupTestCase() {
        (void)server_->stop();
        join_worker_threads();
    }

    void every_page_is_named_and_reached_by_tab() {
        FirstRunWizard wizard(dir_.path() / "profiles" / "looking");
        wizard.show();
        QStringList problems = accessibility_problems(&wizard);
        find_by_name<QRadioButton>(
            &wizard, QStringLiteral("I am founding the organisation (first coordinator)"))
            ->setChecked(true);
        press_next(wizard);
        problems += accessibility_problems(&wizard);
        type(field(wizard, "Server address"), QString::fromStdString(server_->address()));
        type(field(wizard, "Server certificate file"),
             QString::fromStdString(server_->certificate().string()));
        type(field(wizard, "Bootstrap code"), QStringLiteral("x"));
        press_next(wizard);
        QVERIFY(wait_until([&] { return wizard.currentId() == FirstRunWizard::account_page; }));
        problems += accessibility_problems(&wizard);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void a_wrong_bootstrap_code_is_refused_at_its_field_and_leaves_no_profile() {
        const auto profile = dir_.path() / "profiles" / "anne-wrong";
        FirstRunWizard wizard(profile);
        wizard.show();
        find_code_path(wizard, wrong_code());
        fill_account(wizard, "anne", kPassphrase, kPassphrase);
        press_next(wizard);
        // Refused by the server: back on the page with the code, marked there.
        QVERIFY(wait_until(
            [&] { return !error_at(wizard, client::kSetupFieldBootstrapCode).isEmpty(); }));
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::connection_page));
        QVERIFY2(error_at(wizard, client::kSetupFieldBootstrapCode)
                     .contains(QStringLiteral("bootstrap")),
                 qPrintable(error_at(wizard, client::kSetupFieldBootstrapCode)));
        QVERIFY(!has_profile(profile));
        QVERIFY(!std::filesystem::exists(profile / "profile.json"));
    }

    void an_unreachable_server_is_refused_at_its_field_and_leaves_no_profile() {
        const auto profile = dir_.path() / "profiles" / "nobody";
        FirstRunWizard wizard(profile);
        wizard.show();
        press_next(wizard);  // join is the default
        type(field(wizard, "Server address"), QStringLiteral("127.0.0.1:1"));
        type(field(wizard, "Server certificate file"),
             QString::fromStdString(server_->certificate().string()));
        press_next(wizard);
        QVERIFY(wait_until([&] { return !error_at(wizard, client::kSetupFieldServer).isEmpty(); }));
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::connection_page));
        QVERIFY(!has_profile(profile));
        QVERIFY(!std::filesystem::exists(profile));
    }

    void a_bad_certificate_file_is_refused_at_its_field() {
        FirstRunWizard wizard(dir_.path() / "profiles" / "nobody2");
        wizard.show();
        press_next(wizard);
        type(field(wizard, "Server address"), QString::fromStdString(server_->address()));
        type(field(wizard, "Server certificate file"),
             QString::fromStdString((dir_.path() / "no-such.crt").string()));
        press_next(wizard);
        QVERIFY(wait_until(
            [&] { return !error_at(wizard, client::kSetupFieldCertificate).isEmpty(); }));
        QVERIFY(error_at(wizard, client::kSetupFieldServer).isEmpty());
    }

    void anne_founds_the_organisation_and_sees_both_fingerprints() {
        const auto profile = dir_.path() / "profiles" / "anne";
        FirstRunWizard wizard(profile);
        wizard.show();
        find_code_path(wizard, QString::fromStdString(server_->bootstrap_code()));
        // A short passphrase, then two that differ: each at its own field, nothing sent.
        fill_account(wizard, "anne", "kort", "kort");
        press_next(wizard);
        QVERIFY(!error_at(wizard, client::kSetupFieldPassphrase).isEmpty());
        fill_account(wizard, "anne", kPassphrase, "een-andere-wachtzin");
        press_next(wizard);
        QVERIFY(error_at(wizard, client::kSetupFieldPassphrase).isEmpty());
        QVERIFY(!error_at(wizard, "passphrase_repeat").isEmpty());
        QVERIFY(!has_profile(profile));

        fill_account(wizard, "anne", kPassphrase, kPassphrase);
        press_next(wizard);
        QVERIFY(wait_until([&] { return wizard.currentId() == FirstRunWizard::result_page; }));
        QVERIFY(has_profile(profile));
        root_fingerprint_ = wizard.organisation_fingerprint;
        QCOMPARE(root_fingerprint_.split(QLatin1Char(' ')).size(), 8);  // digit groups
        QCOMPARE(
            find_by_name<QLabel>(&wizard, QStringLiteral("The organisation's fingerprint"))->text(),
            root_fingerprint_);
        QVERIFY(
            !find_by_name<QLabel>(&wizard, QStringLiteral("Your fingerprint"))->text().isEmpty());
        QVERIFY(wizard.button(QWizard::FinishButton)->isVisible());
        QVERIFY(!wizard.button(QWizard::BackButton)->isEnabled());  // the profile exists
        wizard.button(QWizard::FinishButton)->click();
        QCOMPARE(wizard.result(), int(QDialog::Accepted));
    }

    void bram_joins_compares_the_fingerprint_and_sees_his_own() {
        QVERIFY(!root_fingerprint_.isEmpty());
        const auto profile = dir_.path() / "profiles" / "bram";
        FirstRunWizard wizard(profile);
        wizard.show();
        press_next(wizard);
        type(field(wizard, "Server address"), QString::fromStdString(server_->address()));
        type(field(wizard, "Server certificate file"),
             QString::fromStdString(server_->certificate().string()));
        press_next(wizard);
        QVERIFY(wait_until([&] { return wizard.currentId() == FirstRunWizard::fingerprint_page; }));
        QCOMPARE(
            find_by_name<QLabel>(&wizard, QStringLiteral("Organisation fingerprint to compare"))
                ->text(),
            root_fingerprint_);
        // Nothing goes on before the comparison is confirmed.
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        const QStringList on_compare = accessibility_problems(&wizard);
        QVERIFY2(on_compare.isEmpty(), qPrintable(on_compare.join(QLatin1Char('\n'))));

        // Back works, and keeps what was typed.
        wizard.back();
        QCOMPARE(field(wizard, "Server address")->text(),
                 QString::fromStdString(server_->address()));
        press_next(wizard);
        QVERIFY(wait_until([&] { return wizard.currentId() == FirstRunWizard::fingerprint_page; }));

        // A fingerprint typed as read out that differs is refused at its field.
        QString wrong = root_fingerprint_;
        wrong[0] = wrong[0] == u'1' ? u'2' : u'1';
        type(field(wizard, "Fingerprint as read out"), wrong);
        press_next(wizard);
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::fingerprint_page));
        QVERIFY(!error_at(wizard, "organisation_fingerprint").isEmpty());
        type(field(wizard, "Fingerprint as read out"), root_fingerprint_);
        press_next(wizard);
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::account_page));

        fill_account(wizard, "bram", kPassphrase, kPassphrase);
        press_next(wizard);
        QVERIFY(wait_until([&] { return wizard.currentId() == FirstRunWizard::result_page; }));
        QVERIFY(has_profile(profile));
        const QString own =
            find_by_name<QLabel>(&wizard, QStringLiteral("Your fingerprint"))->text();
        QCOMPARE(own.split(QLatin1Char(' ')).size(), 8);
        const QStringList on_result = accessibility_problems(&wizard);
        QVERIFY2(on_result.isEmpty(), qPrintable(on_result.join(QLatin1Char('\n'))));

        // The copy button puts it on the clipboard, which forgets it again.
        ClipboardGuard::instance().set_clear_after_for_testing(std::chrono::milliseconds(300));
        find_by_name<QAbstractButton>(&wizard, QStringLiteral("Copy your fingerprint"))->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), own);
        QVERIFY(wait_until([] { return QGuiApplication::clipboard()->text().isEmpty(); }, 3000));
        ClipboardGuard::instance().set_clear_after_for_testing(ClipboardGuard::kClearAfter);

        // What bram read out is his real key: anne approves him with it.
        approve("bram", own.toStdString());
    }

    // A member's name is not refused (the server's answer must not tell anyone who is
    // a member: docs/server.md, "Enrolment"); a reserved one is, at the user field.
    void a_reserved_user_name_is_refused_at_the_user_field() {
        const auto profile = dir_.path() / "profiles" / "beheerder";
        FirstRunWizard wizard(profile);
        wizard.show();
        press_next(wizard);
        type(field(wizard, "Server address"), QString::fromStdString(server_->address()));
        type(field(wizard, "Server certificate file"),
             QString::fromStdString(server_->certificate().string()));
        press_next(wizard);
        QVERIFY(wait_until([&] { return wizard.currentId() == FirstRunWizard::fingerprint_page; }));
        find_by_name<QCheckBox>(&wizard,
                                QStringLiteral("I have compared this fingerprint and it matches"))
            ->setChecked(true);
        press_next(wizard);
        fill_account(wizard, "beheerder", kPassphrase, kPassphrase);
        press_next(wizard);
        QVERIFY(wait_until([&] { return !error_at(wizard, client::kSetupFieldUser).isEmpty(); }));
        QVERIFY(error_at(wizard, client::kSetupFieldUser).contains(QStringLiteral("gereserveerd")));
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::account_page));
        QVERIFY(!has_profile(profile));
    }

    void the_clipboard_keeps_what_the_person_copied_since() {
        ClipboardGuard::instance().set_clear_after_for_testing(std::chrono::milliseconds(200));
        ClipboardGuard::instance().copy(QStringLiteral("12345 67890"));
        QGuiApplication::clipboard()->setText(QStringLiteral("iets anders"));
        QTest::qWait(400);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("iets anders"));
        ClipboardGuard::instance().copy(QStringLiteral("12345 67890"));
        ClipboardGuard::instance().clear();  // as at the lock
        QVERIFY(QGuiApplication::clipboard()->text().isEmpty());
        ClipboardGuard::instance().set_clear_after_for_testing(ClipboardGuard::kClearAfter);
    }

  private:
    // Choice "found", then the connection page with `code`, on to the account page.
    void find_code_path(FirstRunWizard& wizard, const QString& code) {
        find_by_name<QRadioButton>(
            &wizard, QStringLiteral("I am founding the organisation (first coordinator)"))
            ->setChecked(true);
        press_next(wizard);
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::connection_page));
        type(field(wizard, "Server address"), QString::fromStdString(server_->address()));
        type(field(wizard, "Server certificate file"),
             QString::fromStdString(server_->certificate().string()));
        type(field(wizard, "Bootstrap code"), code);
        press_next(wizard);
        QVERIFY(wait_until([&] { return wizard.currentId() == FirstRunWizard::account_page; }));
    }

    void fill_account(FirstRunWizard& wizard, const char* user, const char* passphrase,
                      const char* repeat) {
        type(field(wizard, "User name"), QString::fromLatin1(user));
        type(field(wizard, "Passphrase"), QString::fromLatin1(passphrase));
        type(field(wizard, "Repeat passphrase"), QString::fromLatin1(repeat));
    }

    QString wrong_code() const {
        QString code = QString::fromStdString(server_->bootstrap_code());
        code[code.size() - 1] = code.back() == u'a' ? u'b' : u'a';
        return code;
    }

    void approve(const std::string& user, const std::string& fingerprint) {
        const std::string_view text = kPassphrase;
        const auto passphrase = crypto::SecretBuffer::copy_of(crypto::ByteView(
            reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));  // NOLINT
        auto session =
            client::Session::open(client::Profile(dir_.path() / "profiles" / "anne"), passphrase);
        QVERIFY(session.ok());
        auto trust = client::TrustStore::open(dir_.path() / "profiles" / "anne",
                                              session.value().keys().store_key);
        QVERIFY(trust.ok());
        client::MemberDirectory directory(session.value(), trust.value());
        const auto approved = client::approve_member(session.value(), directory, user, "confidant",
                                                     fingerprint, false);
        QVERIFY2(approved.ok(), approved.ok() ? "" : approved.error().message().c_str());
    }

    e2e::TempDir dir_;
    std::unique_ptr<e2e::TestServer> server_;
    QString root_fingerprint_;
};

QTEST_MAIN(FirstRunWizardTest)
#include "first_run_wizard_e2e_test.moc"
