#pragma once
// The intake form, built from the core's description of v1::Intake
// (weerbaar/client/intake_form.h) rather than coded per field: one widget per field,
// in the description's order, which is also the tab order. A code list is a combo
// box of the codebook's Dutch labels, several codes a checkable list, an optional
// date a date edit behind a "has a date" box, yes/no a check box, text a line or
// several. Labels get a mnemonic each (Alt+letter), so every field is one key away.
//
// The form holds no rules: intake() is the message the widgets say, and problems
// come from intake_field_problems (shown by show_problems next to their field, in
// the core's Dutch-first words). UI thread only.

#include <QHash>
#include <QString>
#include <QWidget>
#include <vector>

#include "weerbaar/client/intake_form.h"
#include "weerbaar/v1/content.pb.h"

class QLabel;

namespace weerbaar::desktop {

class IntakeForm : public QWidget {
    Q_OBJECT
  public:
    // `reserved_mnemonics`: letters the surrounding dialog's buttons use (Alt+letter),
    // which no field label takes.
    explicit IntakeForm(const QString& reserved_mnemonics = {}, QWidget* parent = nullptr);

    // The message the widgets hold now (codebook version set).
    [[nodiscard]] v1::Intake intake() const;
    // Fills every widget from `intake` (a restored draft); emits no changed().
    void set_intake(const v1::Intake& intake);

    // Shows each problem at its field (clearing earlier ones) and focuses the first
    // field with one. Problems without a field of the form are returned, for the
    // caller to show on top.
    std::vector<client::FieldProblem> show_problems(
        const std::vector<client::FieldProblem>& problems);
    // One message at the field with this path (an Error::field from the core);
    // false when the form has no such field.
    bool show_field_message(const QString& path, const QString& message);
    void clear_problems();

    // The input widget of a field (the date edit of an optional date), or nullptr.
    [[nodiscard]] QWidget* field_widget(const QString& path) const;
    // The problem shown at a field; empty when none.
    [[nodiscard]] QString problem_at(const QString& path) const;

  Q_SIGNALS:
    // Something was typed or chosen (not emitted by set_intake).
    void changed();

  private:
    struct Row {
        const client::IntakeField* field = nullptr;
        QWidget* input = nullptr;
        QWidget* companion = nullptr;  // the "has a date" box of an optional date
        QLabel* problem = nullptr;
    };
    [[nodiscard]] client::IntakeFieldValue value_of(const Row& row) const;
    void set_value(Row& row, const client::IntakeFieldValue& value);
    void connect_changes(const Row& row);

    std::vector<Row> rows_;
    QHash<QString, std::size_t> by_path_;
    bool filling_ = false;
};

}  // namespace weerbaar::desktop
