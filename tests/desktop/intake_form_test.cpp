// The intake form built from the core's description: a widget for every field,
// filled by keyboard and mouse it gives exactly the example intake, each problem
// of the core lands at its field, and Tab walks the fields in order.
#include "intake_form.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QTest>

#include "intake_form_filling.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/intake_json.h"

using namespace weerbaar;
using namespace weerbaar::desktop;
using namespace weerbaar::desktop::testing;

namespace {

v1::Intake example_intake() {
    auto read = client::read_intake_file(WEERBAAR_SOURCE_DIR "/docs/examples/intake.json",
                                         client::local_today());
    if (!read.ok()) {
        qFatal("docs/examples/intake.json does not read");
    }
    return std::move(read).value();
}

}  // namespace

class IntakeFormTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void every_described_field_has_a_named_widget() {
        IntakeForm form;
        for (const client::IntakeField& field : client::intake_form_fields()) {
            QWidget* widget = form.field_widget(qstring(field.path));
            QVERIFY2(widget != nullptr, field.path.data());
            QCOMPARE(widget->accessibleName(), qstring(field.label_nl));
        }
    }

    void filling_the_widgets_gives_the_example_intake() {
        IntakeForm form;
        const v1::Intake example = example_intake();
        QString failed;
        QVERIFY2(fill_intake_form(form, example, &failed), qPrintable(failed));
        const v1::Intake typed = form.intake();
        QCOMPARE(QString::fromStdString(client::intake_to_json(typed).dump()),
                 QString::fromStdString(client::intake_to_json(example).dump()));
        QVERIFY(typed.SerializeAsString() == example.SerializeAsString());
        QVERIFY(client::intake_field_problems(typed, client::local_today()).empty());
    }

    void a_restored_intake_fills_every_widget() {
        IntakeForm form;
        const v1::Intake example = example_intake();
        form.set_intake(example);
        QVERIFY(form.intake().SerializeAsString() == example.SerializeAsString());
        form.set_intake(client::new_intake());
        QVERIFY(form.intake().reporter().name().empty());
        QVERIFY(form.intake().incident().types().empty());
    }

    void typing_emits_changed_but_restoring_does_not() {
        IntakeForm form;
        int changes = 0;
        connect(&form, &IntakeForm::changed, this, [&] { ++changes; });
        form.set_intake(example_intake());
        QCOMPARE(changes, 0);
        QTest::keyClicks(form.field_widget(QStringLiteral("reporter.name")), QStringLiteral("x"));
        QVERIFY(changes > 0);
    }

    void each_problem_lands_at_its_field_and_the_first_gets_focus() {
        IntakeForm form;
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        form.activateWindow();
        v1::Intake intake = example_intake();
        intake.mutable_reporter()->set_name("");
        intake.mutable_reporter()->set_municipality("Utrecht");
        intake.mutable_incident()->clear_types();
        form.set_intake(intake);
        const auto problems = client::intake_field_problems(form.intake(), client::local_today());
        QCOMPARE(problems.size(), std::size_t{3});
        const auto elsewhere = form.show_problems(problems);
        QVERIFY(elsewhere.empty());
        QVERIFY2(
            form.problem_at(QStringLiteral("reporter.name")).contains(QStringLiteral("verplicht")),
            qPrintable(form.problem_at(QStringLiteral("reporter.name"))));
        QVERIFY(form.problem_at(QStringLiteral("reporter.municipality"))
                    .startsWith(QStringLiteral("moet een CBS-code zijn")));
        QVERIFY(form.problem_at(QStringLiteral("incident.types"))
                    .startsWith(QStringLiteral("kies er minstens één")));
        QVERIFY(form.problem_at(QStringLiteral("summary")).isEmpty());
        // A screen reader hears it at the field too.
        QCOMPARE(form.field_widget(QStringLiteral("incident.types"))->accessibleDescription(),
                 form.problem_at(QStringLiteral("incident.types")));
        QVERIFY(QTest::qWaitFor(
            [&] { return form.field_widget(QStringLiteral("reporter.name"))->hasFocus(); }, 2000));

        // Fixed and checked again: the marks go.
        form.clear_problems();
        QVERIFY(form.problem_at(QStringLiteral("reporter.name")).isEmpty());
    }

    void a_problem_of_an_element_lands_at_its_list() {
        IntakeForm form;
        const auto elsewhere = form.show_problems(
            {{"incident.types[1]", "unknown code 'x'"}, {"nergens", "unknown field"}});
        QCOMPARE(form.problem_at(QStringLiteral("incident.types")),
                 QStringLiteral("onbekende code 'x' / unknown code 'x'"));
        QCOMPARE(elsewhere.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(elsewhere.front().field), QStringLiteral("nergens"));
    }

    void tab_walks_the_fields_in_description_order() {
        IntakeForm form;
        std::vector<QWidget*> expected;
        for (const client::IntakeField& field : client::intake_form_fields()) {
            QWidget* widget = form.field_widget(qstring(field.path));
            if (widget->focusPolicy() & Qt::TabFocus) {
                expected.push_back(widget);
            }
        }
        // The focus chain from the first field meets the field widgets in order
        // (companions such as "has an end date" sit between, which is fine).
        std::vector<QWidget*> met;
        QWidget* at = expected.front();
        for (int step = 0; step < 400 && met.size() < expected.size(); ++step) {
            if (std::find(expected.begin(), expected.end(), at) != expected.end() &&
                std::find(met.begin(), met.end(), at) == met.end()) {
                met.push_back(at);
            }
            at = at->nextInFocusChain();
        }
        QVERIFY(met == expected);
    }

    void every_label_has_a_distinct_mnemonic() {
        IntakeForm form;
        QSet<QChar> mnemonics;
        int labelled = 0;
        for (QLabel* label : form.findChildren<QLabel*>()) {
            if (label->buddy() == nullptr) {
                continue;
            }
            ++labelled;
            const qsizetype amp = label->text().indexOf(QLatin1Char('&'));
            QVERIFY2(amp >= 0, qPrintable(label->text()));
            const QChar key = label->text().at(amp + 1).toLower();
            QVERIFY2(!mnemonics.contains(key), qPrintable(label->text()));
            mnemonics.insert(key);
        }
        QVERIFY(labelled > 10);
        // The dialog's own buttons keep their letters.
        IntakeForm reserving(QStringLiteral("odc"));
        for (QLabel* label : reserving.findChildren<QLabel*>()) {
            const qsizetype amp = label->text().indexOf(QLatin1Char('&'));
            if (label->buddy() != nullptr && amp >= 0) {
                const QChar key = label->text().at(amp + 1).toLower();
                QVERIFY2(key != u'o' && key != u'd' && key != u'c', qPrintable(label->text()));
            }
        }
    }
};

QTEST_MAIN(IntakeFormTest)
#include "intake_form_test.moc"
