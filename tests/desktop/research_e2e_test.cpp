// The research menu on a real server, for the people who never open a terminal:
// bram (confidant) records the research codes of his cases made before the research
// key ("Update research codes"); anne (coordinator, root key holder, who made the
// research key through the core) exports from the demo team through the export
// dialog, sealed to rosa (researcher); rosa opens the package through the open
// dialog, and an altered package is refused with the core's integrity error. Bad
// input (k = 1, a folder that is not empty, a quarter that does not exist) is refused
// at its field and writes nothing, not even a privacy ledger entry. A write whose
// research codes could not be updated is kept and says so in a line of the case
// view. Every research dialog passes the accessibility checks.
#include <sqlite3.h>

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>

#include "app_controller.h"
#include "app_setup.h"
#include "case_view.h"
#include "core_worker.h"
#include "demo_team.h"
#include "gui_driver.h"
#include "main_window.h"
#include "note_dialog.h"
#include "research_dialogs.h"
#include "weerbaar/client/research_compartment.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/trust_store.h"

using namespace weerbaar;
using namespace weerbaar::desktop;
using namespace weerbaar::desktop::testing;

namespace {

crypto::SecretBuffer passphrase() {
    const std::string_view text = kDemoPassphrase;
    return crypto::SecretBuffer::copy_of(crypto::ByteView(
        reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));  // NOLINT
}

// Sends the dialog and waits until the core answered.
bool send_and_wait(WriteDialog* dialog) {
    QPointer<WriteDialog> guard(dialog);
    dialog->send();
    return wait_until([&] { return !guard || !guard->busy(); }, 120000);
}

struct Window {
    std::unique_ptr<AppController> controller;
    std::unique_ptr<MainWindow> window;
};

QStringList problems_of(QWidget* dialog) {
    dialog->show();
    return accessibility_problems(dialog);
}

bool directory_exists(const QString& path) { return QDir(path).exists(); }

}  // namespace

class ResearchTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        // `make screenshots` runs it in Dutch, the language most users meet.
        if (qEnvironmentVariable("WEERBAAR_LANGUAGE") == QStringLiteral("nl")) {
            QVERIFY(install_translation(*qApp, QStringLiteral("nl")));
        }
        team_ =
            std::make_unique<DemoTeam>(std::map<std::string, std::string>{{"bram", "confidant"},
                                                                          {"carla", "peer"},
                                                                          {"eva", "confidant"},
                                                                          {"gert", "coordinator"},
                                                                          {"rosa", "researcher"}});
        // Three cases from before the research key: the same intake, so they share
        // their quasi-identifiers and k = 2 publishes all three.
        for (int i = 0; i < 3; ++i) {
            (void)team_->open_case("bram");
        }
        // The founding coordinator's one-time setup (CLI `research setup`), through the core.
        auto session = client::Session::open(client::Profile(team_->profile("anne")), passphrase());
        QVERIFY(session.ok());
        auto trust =
            client::TrustStore::open(team_->profile("anne"), session.value().keys().store_key);
        QVERIFY(trust.ok());
        client::MemberDirectory directory(session.value(), trust.value());
        auto generation = client::create_research_key(session.value(), directory);
        QVERIFY2(generation.ok(), generation.ok() ? "" : generation.error().message().c_str());
        QCOMPARE(generation.value(), 1U);
        QVERIFY(out_.isValid());
    }
    void cleanupTestCase() {
        windows_.clear();
        team_.reset();
        join_worker_threads();
    }

    void the_menu_follows_the_role() {
        MainWindow& bram = window("bram");
        QVERIFY(!bram.research_export_action()->isEnabled());
        QVERIFY(bram.research_export() == nullptr);
        QVERIFY(bram.research_backfill_action()->isEnabled());
        QVERIFY(bram.research_open_action()->isEnabled());
        MainWindow& rosa = window("rosa");
        QVERIFY(!rosa.research_export_action()->isEnabled());
        QVERIFY(!rosa.research_backfill_action()->isEnabled());
        QVERIFY(rosa.research_open_action()->isEnabled());
        MainWindow& anne = window("anne");
        QVERIFY(anne.research_export_action()->isEnabled());
        QVERIFY(anne.research_backfill_action()->isEnabled());
    }

    void bram_records_the_research_codes_of_his_earlier_cases() {
        ResearchBackfillDialog* dialog = window("bram").research_backfill();
        QVERIFY(dialog != nullptr);
        const QStringList problems = problems_of(dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(send_and_wait(dialog));
        QVERIFY2(dialog->result().has_value(), qPrintable(dialog->errors().general_text()));
        QCOMPARE(dialog->result()->cases, std::size_t{3});
        QCOMPARE(dialog->result()->stored, std::size_t{3});
        QVERIFY(dialog->isVisible());  // it stays open to show what it did
        QVERIFY(find_by_name<QPushButton>(dialog, WriteDialog::tr("Close")) != nullptr);
        QVERIFY(dialog->result_label()->isVisible());
        QVERIFY(dialog->result_label()->text().contains(QStringLiteral("3")));
        dialog->reject();
    }

    void cancel_stops_the_backfill_and_the_dialog_says_so() {
        ResearchBackfillDialog* dialog = window("bram").research_backfill();
        QVERIFY(dialog != nullptr);
        QPointer<WriteDialog> guard(dialog);
        dialog->send();
        QVERIFY(dialog->busy());
        // Cancel while it works stops the work, not the dialog: it waits for the answer.
        dialog->reject();
        QVERIFY(guard && dialog->isVisible());
        QVERIFY(wait_until([&] { return !guard || !guard->busy(); }));
        QVERIFY(guard && dialog->isVisible());
        QVERIFY(!dialog->result().has_value());
        QVERIFY(!dialog->errors().general_text().isEmpty());
        dialog->reject();  // now it closes
        QVERIFY(wait_until([&] { return !guard || !guard->isVisible(); }));
    }

    void a_bad_quarter_k_1_or_a_full_folder_is_refused_at_its_field_and_writes_nothing() {
        ResearchExportDialog* dialog = export_dialog();
        QVERIFY(dialog != nullptr);
        const QStringList problems = problems_of(dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        // The defaults: the last eight full quarters, k = 5, epsilon 1.
        QCOMPARE(dialog->k_spin()->value(), 5);
        QCOMPARE(dialog->epsilon_edit()->text(), QStringLiteral("1"));
        QVERIFY(!dialog->from_edit()->text().isEmpty());
        fill(dialog, QStringLiteral("refused"));

        dialog->from_edit()->setText(QStringLiteral("2025Q5"));
        QVERIFY(send_and_wait(dialog));
        QVERIFY(!dialog->errors().text_at("from_period").isEmpty());
        QVERIFY(!directory_exists(out_.filePath(QStringLiteral("refused"))));
        dialog->from_edit()->setText(QStringLiteral("2025Q1"));

        dialog->k_spin()->setValue(1);
        QVERIFY(send_and_wait(dialog));
        QVERIFY(dialog->errors().text_at("from_period").isEmpty());
        QVERIFY(dialog->errors().text_at("k").contains(QStringLiteral("k moet")));
        QVERIFY(!directory_exists(out_.filePath(QStringLiteral("refused"))));
        dialog->k_spin()->setValue(2);

        // Epsilon is parsed before anything is sent.
        dialog->epsilon_edit()->setText(QStringLiteral("veel"));
        dialog->send();
        QVERIFY(!dialog->busy());
        QVERIFY(!dialog->errors().text_at("epsilon").isEmpty());
        dialog->epsilon_edit()->setText(QStringLiteral("1"));

        QVERIFY(QDir(out_.path()).mkdir(QStringLiteral("full")));
        QFile kept(out_.filePath(QStringLiteral("full/kept.txt")));
        QVERIFY(kept.open(QIODevice::WriteOnly));
        kept.write("earlier work\n");
        kept.close();
        dialog->name_edit()->setText(QStringLiteral("full"));
        QVERIFY(send_and_wait(dialog));
        QVERIFY(!dialog->errors().text_at("out").isEmpty());
        QCOMPARE(QDir(out_.filePath(QStringLiteral("full")))
                     .entryList(QDir::Files | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{QStringLiteral("kept.txt")});
        QVERIFY(!dialog->result().has_value());
        QVERIFY(dialog->isVisible());
        dialog->reject();
    }

    void anne_exports_the_demo_team_sealed_to_rosa() {
        ResearchExportDialog* dialog = export_dialog();
        QVERIFY(dialog != nullptr);
        QVERIFY(wait_until([&] { return dialog->researchers_loaded(); }));
        const int rosa = dialog->researcher_combo()->findData(QStringLiteral("rosa"));
        QVERIFY(rosa > 0);
        // Only researchers are offered.
        QCOMPARE(dialog->researcher_combo()->findData(QStringLiteral("bram")), -1);
        dialog->researcher_combo()->setCurrentIndex(rosa);
        fill(dialog, QStringLiteral("export"));
        QVERIFY(send_and_wait(dialog));
        QVERIFY2(dialog->result().has_value(), qPrintable(dialog->errors().general_text()));
        const client::ResearchExportResult& result = *dialog->result();
        QCOMPARE(result.report.rows_in_period, std::size_t{3});
        QCOMPARE(result.report.rows_published, std::size_t{3});
        // The refusals before spent nothing: this is the ledger's first entry.
        QCOMPARE(result.ledger_sequence, std::uint64_t{1});
        QVERIFY(std::filesystem::exists(result.package));
        const QString shown = dialog->result_label()->text();
        QVERIFY(dialog->result_label()->isVisible());
        QVERIFY(shown.contains(QStringLiteral("rosa")));
        QVERIFY(shown.contains(QStringLiteral("2025Q1")));
        QVERIFY(!result.report.noise_scale_per_table.empty());
        QVERIFY(shown.contains(
            QString::fromStdString(result.report.noise_scale_per_table.front().second)));
        package_ = QString::fromStdString(result.package.string());
        screenshot(dialog, QStringLiteral("onderzoek-export"));
        dialog->reject();
    }

    void rosa_opens_the_package() {
        QVERIFY(!package_.isEmpty());
        ResearchOpenDialog* dialog = window("rosa").research_open();
        QVERIFY(dialog != nullptr);
        const QStringList problems = problems_of(dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        dialog->package_edit()->setText(package_);
        dialog->folder_edit()->setText(out_.path());
        dialog->name_edit()->setText(QStringLiteral("opened"));
        QVERIFY(send_and_wait(dialog));
        QVERIFY2(dialog->result().has_value(), qPrintable(dialog->errors().general_text()));
        QCOMPARE(dialog->result()->exporter, std::string("anne"));
        QVERIFY(dialog->result()->encrypted);
        QCOMPARE(dialog->result()->k, 2U);
        QCOMPARE(dialog->result()->ledger_sequence, std::uint64_t{1});
        QVERIFY(QFile::exists(out_.filePath(QStringLiteral("opened/microdata.csv"))));
        const QString shown = dialog->result_label()->text();
        QVERIFY(shown.contains(QStringLiteral("anne")));
        QVERIFY(shown.contains(QStringLiteral("2025Q1")));
        QVERIFY(shown.contains(QStringLiteral("k = 2")));
        screenshot(dialog, QStringLiteral("onderzoek-pakket-openen"));
        dialog->reject();
    }

    void an_altered_package_is_refused_and_writes_nothing() {
        QVERIFY(!package_.isEmpty());
        const QString altered = out_.filePath(QStringLiteral("altered.wbrp"));
        QVERIFY(QFile::copy(package_, altered));
        {
            QFile file(altered);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QByteArray bytes = file.readAll();
            bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
            QVERIFY(file.seek(0));
            QCOMPARE(file.write(bytes), bytes.size());
        }
        ResearchOpenDialog* dialog = window("rosa").research_open();
        QVERIFY(dialog != nullptr);
        dialog->package_edit()->setText(altered);
        dialog->folder_edit()->setText(out_.path());
        dialog->name_edit()->setText(QStringLiteral("altered-out"));
        QVERIFY(send_and_wait(dialog));
        QVERIFY(!dialog->result().has_value());
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->errors().general_text().isEmpty() ||
                !dialog->errors().text_at("package").isEmpty());
        QVERIFY(!dialog->result_label()->isVisible());
        QVERIFY(!directory_exists(out_.filePath(QStringLiteral("altered-out"))));
        dialog->reject();
    }

    void a_write_whose_research_codes_fail_is_kept_with_a_line_in_the_case_view() {
        const QString case_hex = QString::fromStdString(team_->open_case("eva"));
        {
            // Eva's profile remembers a research key generation the server never had:
            // the server now looks rolled back to her client, so the research record
            // of her next write is refused, while the write itself stands.
            auto session =
                client::Session::open(client::Profile(team_->profile("eva")), passphrase());
            QVERIFY(session.ok());
            auto trust =
                client::TrustStore::open(team_->profile("eva"), session.value().keys().store_key);
            QVERIFY(trust.ok());
            QVERIFY(trust.value()
                        .store()
                        ->transact([](sqlite3* db) -> Status {
                            if (sqlite3_exec(db,
                                             "INSERT OR REPLACE INTO meta (name, value) "
                                             "VALUES ('research_generation', 99);",
                                             nullptr, nullptr, nullptr) != SQLITE_OK) {
                                return Error(ErrorCode::internal, sqlite3_errmsg(db));
                            }
                            return ok_status();
                        })
                        .ok());
        }
        MainWindow& eva = window("eva");
        CaseView* view = eva.open_case(case_hex);
        QVERIFY(view != nullptr);
        QVERIFY(wait_until([&] { return view->verified(); }));
        QVERIFY(!view->research_notice_label()->isVisible());
        auto* dialog = qobject_cast<NoteDialog*>(view->new_note());
        QVERIFY(dialog != nullptr);
        dialog->text_edit()->setPlainText(QStringLiteral("Gebeld met de burgemeester."));
        QPointer<WriteDialog> guard(dialog);
        QVERIFY(send_and_wait(dialog));
        QVERIFY(!guard || !guard->isVisible());  // kept: the dialog closed as after any note
        QCOMPARE(view->message_label()->text(), CaseView::tr("Saved."));
        QVERIFY(wait_until([&] { return view->research_notice_label()->isVisible(); }));
        QVERIFY(view->research_notice_label()->text().contains(QStringLiteral("99")));
    }

    void anne_gives_the_research_key_to_another_coordinator() {
        QVERIFY(window("bram").research_grant() == nullptr);  // not a coordinator
        ResearchGrantDialog* dialog = window("anne").research_grant();
        QVERIFY(dialog != nullptr);
        QVERIFY(wait_until([&] { return dialog->coordinators_loaded(); }));
        const QStringList problems = problems_of(dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        // Coordinators only, and not anne herself.
        QCOMPARE(dialog->member_combo()->findData(QStringLiteral("bram")), -1);
        QCOMPARE(dialog->member_combo()->findData(QStringLiteral("anne")), -1);
        const int gert = dialog->member_combo()->findData(QStringLiteral("gert"));
        QVERIFY2(gert >= 0,
                 qPrintable(dialog->errors().general_text() + dialog->errors().text_at("user")));
        dialog->member_combo()->setCurrentIndex(gert);
        QPointer<WriteDialog> guard(dialog);
        QVERIFY(send_and_wait(dialog));
        QVERIFY2(!guard || !guard->isVisible(),
                 qPrintable(guard ? guard->errors().general_text() : QString()));
        // Gert's own client opens his wrap of it.
        auto session = client::Session::open(client::Profile(team_->profile("gert")), passphrase());
        QVERIFY(session.ok());
        auto trust =
            client::TrustStore::open(team_->profile("gert"), session.value().keys().store_key);
        QVERIFY(trust.ok());
        auto held = client::held_research_key(session.value(), trust.value());
        QVERIFY2(held.ok(), held.ok() ? "" : held.error().message().c_str());
        QCOMPARE(held.value().state.certificate.body().generation, 1U);
    }

    void only_the_founding_coordinator_makes_the_research_key() {
        // Gert is a coordinator, but his keystore holds no organisation key.
        ResearchKeyDialog* refused = window("gert").research_key();
        QVERIFY(refused != nullptr);
        QVERIFY(send_and_wait(refused));
        QCOMPARE(refused->generation(), 0U);
        QVERIFY(!refused->errors().general_text().isEmpty());
        QVERIFY(!refused->result_label()->isVisible());
        refused->reject();

        ResearchKeyDialog* dialog = window("anne").research_key();
        QVERIFY(dialog != nullptr);
        const QStringList problems = problems_of(dialog);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        // A key exists: replacing it takes the tick, and the refusal says so at it.
        QVERIFY(send_and_wait(dialog));
        QCOMPARE(dialog->generation(), 0U);
        QVERIFY(!dialog->errors().text_at("replace").isEmpty());
        dialog->replace_box()->setChecked(true);
        QVERIFY(send_and_wait(dialog));
        QVERIFY2(dialog->generation() == 2U, qPrintable(dialog->errors().general_text()));
        QVERIFY(dialog->result_label()->isVisible());
        QVERIFY(dialog->result_label()->text().contains(QStringLiteral("2")));
        dialog->reject();
    }

  private:
    MainWindow& window(const std::string& user) {
        auto found = windows_.find(user);
        if (found == windows_.end()) {
            Window made;
            made.controller = std::make_unique<AppController>(team_->profile(user));
            made.window = std::make_unique<MainWindow>(*made.controller);
            made.window->show();
            QString message;
            if (!unlock(*made.window, QString::fromLatin1(kDemoPassphrase), &message)) {
                qFatal("cannot unlock %s: %s", user.c_str(), qPrintable(message));
            }
            found = windows_.emplace(user, std::move(made)).first;
        }
        return *found->second.window;
    }

    ResearchExportDialog* export_dialog() { return window("anne").research_export(); }

    // A period that holds the demo intake's incident (2026-11-14), k = 2, and a new
    // folder `name` under the test's directory.
    void fill(ResearchExportDialog* dialog, const QString& name) {
        dialog->from_edit()->setText(QStringLiteral("2025Q1"));
        dialog->to_edit()->setText(QStringLiteral("2026Q4"));
        dialog->k_spin()->setValue(2);
        dialog->epsilon_edit()->setText(QStringLiteral("1"));
        dialog->folder_edit()->setText(out_.path());
        dialog->name_edit()->setText(name);
    }

    std::unique_ptr<DemoTeam> team_;
    std::map<std::string, Window> windows_;
    QTemporaryDir out_;
    QString package_;
};

QTEST_MAIN(ResearchTest)
#include "research_e2e_test.moc"
