#pragma once
// Fills the intake form the way a person does: typing into the text fields,
// choosing codes by their Dutch label, ticking boxes and list items, setting
// dates. Used by the form test and the new-case end-to-end test, so both drive
// the widgets and never the form's own set_intake.

#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QDateEdit>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTest>

#include "intake_form.h"
#include "weerbaar/client/codebook.h"
#include "weerbaar/client/intake_form.h"

namespace weerbaar::desktop::testing {

inline QString qstring(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// Types `intake`'s values into `form`, field by field, through the widgets. Returns
// false (with the path in `failed`) when a field has no widget of the kind expected.
inline bool fill_intake_form(IntakeForm& form, const v1::Intake& intake, QString* failed) {
    using client::IntakeFieldKind;
    for (const client::IntakeField& field : client::intake_form_fields()) {
        const QString path = qstring(field.path);
        QWidget* widget = form.field_widget(path);
        const client::IntakeFieldValue value = client::intake_field_value(intake, field);
        const auto* text = std::get_if<std::string>(&value);
        bool done = false;
        switch (field.kind) {
            case IntakeFieldKind::codebook_version:
                done = widget != nullptr;  // fixed, nothing to type
                break;
            case IntakeFieldKind::text:
            case IntakeFieldKind::municipality_code:
                if (auto* edit = qobject_cast<QLineEdit*>(widget)) {
                    edit->clear();
                    QTest::keyClicks(edit, QString::fromStdString(*text));
                    done = true;
                }
                break;
            case IntakeFieldKind::long_text:
                if (auto* edit = qobject_cast<QPlainTextEdit*>(widget)) {
                    edit->clear();
                    QTest::keyClicks(edit, QString::fromStdString(*text));
                    done = true;
                }
                break;
            case IntakeFieldKind::date:
            case IntakeFieldKind::optional_date:
                if (auto* edit = qobject_cast<QDateEdit*>(widget)) {
                    if (!text->empty()) {
                        if (field.kind == IntakeFieldKind::optional_date) {
                            for (QCheckBox* box : form.findChildren<QCheckBox*>()) {
                                if (box->accessibleName().startsWith(qstring(field.label_nl))) {
                                    box->setChecked(true);
                                }
                            }
                        }
                        edit->setDate(QDate::fromString(QString::fromStdString(*text),
                                                        QStringLiteral("yyyy-MM-dd")));
                    }
                    done = true;
                }
                break;
            case IntakeFieldKind::one_code:
                if (auto* combo = qobject_cast<QComboBox*>(widget)) {
                    // Chosen by what the person reads: the Dutch label.
                    const int index =
                        combo->findText(qstring(client::dutch_label(*field.code_list, *text)));
                    combo->setCurrentIndex(index);
                    done = index > 0;
                }
                break;
            case IntakeFieldKind::several_codes:
                if (auto* list = qobject_cast<QListWidget*>(widget)) {
                    done = true;
                    for (const std::string& code : std::get<std::vector<std::string>>(value)) {
                        const auto items = list->findItems(
                            qstring(client::dutch_label(*field.code_list, code)), Qt::MatchExactly);
                        if (items.size() != 1) {
                            done = false;
                            break;
                        }
                        items.front()->setCheckState(Qt::Checked);
                    }
                }
                break;
            case IntakeFieldKind::yes_no:
                if (auto* box = qobject_cast<QCheckBox*>(widget)) {
                    box->setChecked(std::get<bool>(value));
                    done = true;
                }
                break;
        }
        if (!done) {
            if (failed != nullptr) {
                *failed = path;
            }
            return false;
        }
    }
    return true;
}

}  // namespace weerbaar::desktop::testing
