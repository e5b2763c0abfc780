#include "intake_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QDateEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSet>
#include <QVBoxLayout>

#include "weerbaar/client/codebook.h"

namespace weerbaar::desktop {
namespace {

using client::IntakeField;
using client::IntakeFieldKind;
using client::IntakeFieldValue;

constexpr auto kIsoDate = "yyyy-MM-dd";

QString from_view(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// The label with a mnemonic on the first letter no earlier label took, so that
// Alt+letter reaches every field ("&Naam van de melder", "Co&ntactgegevens").
QString with_mnemonic(const QString& label, QSet<QChar>& taken) {
    QString escaped = label;
    escaped.replace(QStringLiteral("&"), QStringLiteral("&&"));
    for (qsizetype i = 0; i < escaped.size(); ++i) {
        const QChar letter = escaped.at(i).toLower();
        if (letter.isLetter() && letter.unicode() < 128 && !taken.contains(letter)) {
            taken.insert(letter);
            escaped.insert(i, QLatin1Char('&'));
            return escaped;
        }
    }
    // Every letter of the label is taken: a free one in brackets, as Qt's own
    // translations do for scripts without Latin letters.
    for (char candidate = 'a'; candidate <= 'z'; ++candidate) {
        const QChar letter = QLatin1Char(candidate);
        if (!taken.contains(letter)) {
            taken.insert(letter);
            return escaped + QStringLiteral(" (&") + letter.toUpper() + QLatin1Char(')');
        }
    }
    return escaped;
}

QString date_text(const QDate& date) { return date.toString(QString::fromLatin1(kIsoDate)); }

QDate date_of(const std::string& text) {
    return QDate::fromString(QString::fromStdString(text), QString::fromLatin1(kIsoDate));
}

}  // namespace

IntakeForm::IntakeForm(const QString& reserved_mnemonics, QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout(this);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    QSet<QChar> taken;
    for (const QChar letter : reserved_mnemonics) {
        taken.insert(letter.toLower());
    }
    QWidget* previous = nullptr;
    for (const IntakeField& field : client::intake_form_fields()) {
        Row row;
        row.field = &field;
        const QString label_text = from_view(field.label_nl);
        const QString gloss = from_view(field.gloss_en);
        QLabel* label = nullptr;
        switch (field.kind) {
            case IntakeFieldKind::codebook_version: {
                // Fixed: the form always writes the codebook it was built from.
                auto* shown = new QLabel(this);
                shown->setTextFormat(Qt::PlainText);
                row.input = shown;
                break;
            }
            case IntakeFieldKind::text:
            case IntakeFieldKind::municipality_code: {
                auto* edit = new QLineEdit(this);
                if (field.kind == IntakeFieldKind::municipality_code) {
                    edit->setPlaceholderText(QStringLiteral("GM0344"));
                    edit->setMaxLength(6);
                }
                row.input = edit;
                break;
            }
            case IntakeFieldKind::long_text: {
                auto* edit = new QPlainTextEdit(this);
                edit->setTabChangesFocus(true);  // Tab moves on; line breaks stay Enter's
                edit->setMinimumHeight(fontMetrics().lineSpacing() * 4);
                row.input = edit;
                break;
            }
            case IntakeFieldKind::date:
            case IntakeFieldKind::optional_date: {
                auto* edit = new QDateEdit(QDate::currentDate(), this);
                edit->setDisplayFormat(QString::fromLatin1(kIsoDate));
                edit->setCalendarPopup(true);
                row.input = edit;
                if (field.kind == IntakeFieldKind::optional_date) {
                    // The empty option: without the box ticked the field holds no date.
                    auto* has_date = new QCheckBox(tr("Has an end date"), this);
                    has_date->setAccessibleName(tr("%1: has a date").arg(label_text));
                    edit->setEnabled(false);
                    connect(has_date, &QCheckBox::toggled, edit, &QWidget::setEnabled);
                    row.companion = has_date;
                }
                break;
            }
            case IntakeFieldKind::one_code: {
                auto* combo = new QComboBox(this);
                combo->addItem(tr("(choose)"), QString());
                for (const client::Code& code : client::codes(*field.code_list)) {
                    combo->addItem(from_view(code.label_nl), from_view(code.code));
                    combo->setItemData(combo->count() - 1, from_view(code.gloss_en),
                                       Qt::ToolTipRole);
                }
                row.input = combo;
                break;
            }
            case IntakeFieldKind::several_codes: {
                auto* list = new QListWidget(this);
                for (const client::Code& code : client::codes(*field.code_list)) {
                    auto* item = new QListWidgetItem(from_view(code.label_nl), list);
                    item->setData(Qt::UserRole, from_view(code.code));
                    item->setToolTip(from_view(code.gloss_en));
                    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable |
                                   Qt::ItemIsUserCheckable);
                    item->setCheckState(Qt::Unchecked);
                }
                list->setMaximumHeight(list->sizeHintForRow(0) * 6 + 2 * list->frameWidth());
                row.input = list;
                break;
            }
            case IntakeFieldKind::yes_no: {
                row.input = new QCheckBox(with_mnemonic(label_text, taken), this);
                break;
            }
        }
        row.input->setAccessibleName(label_text);
        row.input->setToolTip(gloss);
        row.input->setObjectName(from_view(field.path));
        if (field.kind != IntakeFieldKind::yes_no) {
            label = new QLabel(
                with_mnemonic(label_text + (field.required ? QStringLiteral(" *") : QString()),
                              taken),
                this);
            label->setBuddy(row.companion != nullptr ? row.companion : row.input);
            label->setToolTip(gloss);
        }

        row.problem = new QLabel(this);
        row.problem->setTextFormat(Qt::PlainText);
        row.problem->setWordWrap(true);
        row.problem->setForegroundRole(QPalette::BrightText);
        row.problem->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
        row.problem->setVisible(false);

        auto* cell = new QWidget(this);
        auto* cell_layout = new QVBoxLayout(cell);
        cell_layout->setContentsMargins(0, 0, 0, 0);
        if (row.companion != nullptr) {
            auto* line = new QHBoxLayout();
            line->addWidget(row.companion);
            line->addWidget(row.input, 1);
            cell_layout->addLayout(line);
        } else {
            cell_layout->addWidget(row.input);
        }
        cell_layout->addWidget(row.problem);
        if (label != nullptr) {
            form->addRow(label, cell);
        } else {
            form->addRow(cell);
        }

        // Tab follows the fields in order, whatever the layout does.
        for (QWidget* focusable : {row.companion, row.input}) {
            if (focusable == nullptr || focusable->focusPolicy() == Qt::NoFocus) {
                continue;
            }
            if (previous != nullptr) {
                setTabOrder(previous, focusable);
            }
            previous = focusable;
        }
        by_path_.insert(from_view(field.path), rows_.size());
        rows_.push_back(row);
    }
    set_intake(client::new_intake());
    for (const Row& row : rows_) {
        connect_changes(row);
    }
}

void IntakeForm::connect_changes(const Row& row) {
    auto notify = [this] {
        if (!filling_) {
            Q_EMIT changed();
        }
    };
    if (auto* edit = qobject_cast<QLineEdit*>(row.input)) {
        connect(edit, &QLineEdit::textChanged, this, notify);
    } else if (auto* text = qobject_cast<QPlainTextEdit*>(row.input)) {
        connect(text, &QPlainTextEdit::textChanged, this, notify);
    } else if (auto* date = qobject_cast<QDateEdit*>(row.input)) {
        connect(date, &QDateEdit::dateChanged, this, notify);
    } else if (auto* combo = qobject_cast<QComboBox*>(row.input)) {
        connect(combo, &QComboBox::currentIndexChanged, this, notify);
    } else if (auto* list = qobject_cast<QListWidget*>(row.input)) {
        connect(list, &QListWidget::itemChanged, this, notify);
    } else if (auto* box = qobject_cast<QCheckBox*>(row.input)) {
        connect(box, &QCheckBox::toggled, this, notify);
    }
    if (auto* box = qobject_cast<QCheckBox*>(row.companion)) {
        connect(box, &QCheckBox::toggled, this, notify);
    }
}

IntakeFieldValue IntakeForm::value_of(const Row& row) const {
    switch (row.field->kind) {
        case IntakeFieldKind::codebook_version:
            return std::to_string(client::kCodebookVersion);
        case IntakeFieldKind::text:
        case IntakeFieldKind::municipality_code:
            return static_cast<QLineEdit*>(row.input)->text().toStdString();
        case IntakeFieldKind::long_text:
            return static_cast<QPlainTextEdit*>(row.input)->toPlainText().toStdString();
        case IntakeFieldKind::date:
            return date_text(static_cast<QDateEdit*>(row.input)->date()).toStdString();
        case IntakeFieldKind::optional_date:
            if (!static_cast<QCheckBox*>(row.companion)->isChecked()) {
                return std::string();
            }
            return date_text(static_cast<QDateEdit*>(row.input)->date()).toStdString();
        case IntakeFieldKind::one_code:
            return static_cast<QComboBox*>(row.input)->currentData().toString().toStdString();
        case IntakeFieldKind::several_codes: {
            std::vector<std::string> codes;
            const auto* list = static_cast<QListWidget*>(row.input);
            for (int i = 0; i < list->count(); ++i) {
                if (list->item(i)->checkState() == Qt::Checked) {
                    codes.push_back(list->item(i)->data(Qt::UserRole).toString().toStdString());
                }
            }
            return codes;
        }
        case IntakeFieldKind::yes_no:
            return static_cast<QCheckBox*>(row.input)->isChecked();
    }
    return std::string();
}

void IntakeForm::set_value(Row& row, const IntakeFieldValue& value) {
    const auto* text = std::get_if<std::string>(&value);
    const std::string empty;
    const std::string& string = text != nullptr ? *text : empty;
    switch (row.field->kind) {
        case IntakeFieldKind::codebook_version:
            static_cast<QLabel*>(row.input)->setText(QString::number(client::kCodebookVersion));
            break;
        case IntakeFieldKind::text:
        case IntakeFieldKind::municipality_code:
            static_cast<QLineEdit*>(row.input)->setText(QString::fromStdString(string));
            break;
        case IntakeFieldKind::long_text:
            static_cast<QPlainTextEdit*>(row.input)->setPlainText(QString::fromStdString(string));
            break;
        case IntakeFieldKind::date: {
            const QDate date = date_of(string);
            static_cast<QDateEdit*>(row.input)->setDate(date.isValid() ? date
                                                                       : QDate::currentDate());
            break;
        }
        case IntakeFieldKind::optional_date: {
            const QDate date = date_of(string);
            static_cast<QCheckBox*>(row.companion)->setChecked(date.isValid());
            static_cast<QDateEdit*>(row.input)->setDate(date.isValid() ? date
                                                                       : QDate::currentDate());
            break;
        }
        case IntakeFieldKind::one_code: {
            auto* combo = static_cast<QComboBox*>(row.input);
            // A code this codebook does not know (a newer draft) leaves the choice open.
            const int index = combo->findData(QString::fromStdString(string));
            combo->setCurrentIndex(index < 0 ? 0 : index);
            break;
        }
        case IntakeFieldKind::several_codes: {
            const auto* codes = std::get_if<std::vector<std::string>>(&value);
            auto* list = static_cast<QListWidget*>(row.input);
            for (int i = 0; i < list->count(); ++i) {
                const std::string code = list->item(i)->data(Qt::UserRole).toString().toStdString();
                const bool chosen = codes != nullptr &&
                                    std::find(codes->begin(), codes->end(), code) != codes->end();
                list->item(i)->setCheckState(chosen ? Qt::Checked : Qt::Unchecked);
            }
            break;
        }
        case IntakeFieldKind::yes_no: {
            const auto* flag = std::get_if<bool>(&value);
            static_cast<QCheckBox*>(row.input)->setChecked(flag != nullptr && *flag);
            break;
        }
    }
}

v1::Intake IntakeForm::intake() const {
    v1::Intake intake = client::new_intake();
    for (const Row& row : rows_) {
        // The widget gives each field the alternative its kind takes, so this holds.
        (void)client::set_intake_field_value(intake, *row.field, value_of(row));
    }
    return intake;
}

void IntakeForm::set_intake(const v1::Intake& intake) {
    filling_ = true;
    for (Row& row : rows_) {
        set_value(row, client::intake_field_value(intake, *row.field));
    }
    filling_ = false;
}

std::vector<client::FieldProblem> IntakeForm::show_problems(
    const std::vector<client::FieldProblem>& problems) {
    clear_problems();
    std::vector<client::FieldProblem> elsewhere;
    QWidget* first = nullptr;
    for (const client::FieldProblem& problem : problems) {
        const client::IntakeField* field = client::intake_field_of_problem(problem.field);
        const QString text = QString::fromStdString(client::intake_problem_text(problem));
        if (field == nullptr || !show_field_message(from_view(field->path), text)) {
            elsewhere.push_back(problem);
            continue;
        }
        if (first == nullptr) {
            first = field_widget(from_view(field->path));
        }
    }
    if (first != nullptr) {
        first->setFocus(Qt::OtherFocusReason);
    }
    return elsewhere;
}

bool IntakeForm::show_field_message(const QString& path, const QString& message) {
    const auto found = by_path_.find(path);
    if (found == by_path_.end()) {
        return false;
    }
    Row& row = rows_[*found];
    // Several problems of one field (two bad codes in a list) are listed together.
    const QString shown = !row.problem->text().isEmpty()
                              ? row.problem->text() + QLatin1Char('\n') + message
                              : message;
    row.problem->setText(shown);
    row.problem->setVisible(true);
    row.input->setAccessibleDescription(shown);  // a screen reader says it at the field
    return true;
}

void IntakeForm::clear_problems() {
    for (Row& row : rows_) {
        row.problem->clear();
        row.problem->setVisible(false);
        row.input->setAccessibleDescription(QString());
    }
}

QWidget* IntakeForm::field_widget(const QString& path) const {
    const auto found = by_path_.find(path);
    return found == by_path_.end() ? nullptr : rows_[*found].input;
}

QString IntakeForm::problem_at(const QString& path) const {
    const auto found = by_path_.find(path);
    return found == by_path_.end() ? QString() : rows_[*found].problem->text();
}

}  // namespace weerbaar::desktop
