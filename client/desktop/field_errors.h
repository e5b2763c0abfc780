#pragma once
// Shows a core refusal where it belongs: Error::field names the input at fault
// ("text", "outcome", "duration_minutes"); a form registers the widget and the
// label under it for each field name the core uses, and an error with a field
// nobody registered goes to the form's general line. The words are the core's
// (one_line_message), shown as plain text.
//
// Threading: UI thread only.

#include <QLabel>
#include <QPointer>
#include <QString>
#include <QWidget>
#include <map>
#include <string>

#include "weerbaar/result.h"

namespace weerbaar::desktop {

class FieldErrors {
  public:
    // `general` shows errors without a (known) field; owned by the form.
    explicit FieldErrors(QLabel* general) : general_(general) { hide(general_); }

    // A label for `field`'s errors under `widget`, made hidden, plain text, and
    // named "error:<field>" (tests and screen readers find it). More field names may
    // point at the same widget (alias()).
    QLabel* add(const std::string& field, QWidget* widget);
    void alias(const std::string& field, const std::string& same_as);

    // Clears every message.
    void clear();
    // Shows `error` at its field (focusing that widget), or on the general line.
    void show(const Error& error);
    void show_general(const QString& message);
    // The text shown at `field` now ("" when none).
    [[nodiscard]] QString text_at(const std::string& field) const;
    [[nodiscard]] QString general_text() const { return general_->text(); }

  private:
    static void hide(QLabel* label);
    struct Slot {
        QPointer<QWidget> widget;
        QPointer<QLabel> label;
    };
    QLabel* general_;
    std::map<std::string, Slot> slots_;
};

}  // namespace weerbaar::desktop
