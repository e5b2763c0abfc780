#include "field_errors.h"

#include "weerbaar/client/error_message.h"

namespace weerbaar::desktop {

namespace {

void style_as_error(QLabel* label) {
    label->setTextFormat(Qt::PlainText);  // the core's words may quote user input
    // Bold in the theme's own text colour: a colour of our own could fail the
    // contrast the themes are held to (theme.h).
    label->setWordWrap(true);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
}

}  // namespace

void FieldErrors::hide(QLabel* label) {
    style_as_error(label);
    label->clear();
    label->setVisible(false);
}

QLabel* FieldErrors::add(const std::string& field, QWidget* widget) {
    auto* label = new QLabel(widget->parentWidget());
    label->setObjectName(QStringLiteral("error:") + QString::fromStdString(field));
    hide(label);
    slots_[field] = Slot{widget, label};
    return label;
}

void FieldErrors::alias(const std::string& field, const std::string& same_as) {
    slots_[field] = slots_.at(same_as);
}

void FieldErrors::clear() {
    hide(general_);
    for (auto& [field, slot] : slots_) {
        if (slot.label) {
            hide(slot.label);
        }
    }
}

void FieldErrors::show(const Error& error) {
    const QString message = QString::fromStdString(client::one_line_message(error));
    const auto found = slots_.find(error.field());
    if (found == slots_.end() || !found->second.label) {
        show_general(message);
        return;
    }
    found->second.label->setText(message);
    found->second.label->setVisible(true);
    if (found->second.widget) {
        found->second.widget->setFocus(Qt::OtherFocusReason);
    }
}

void FieldErrors::show_general(const QString& message) {
    general_->setText(message);
    general_->setVisible(true);
}

QString FieldErrors::text_at(const std::string& field) const {
    const auto found = slots_.find(field);
    if (found == slots_.end() || !found->second.label || found->second.label->isHidden()) {
        return {};
    }
    return found->second.label->text();
}

}  // namespace weerbaar::desktop
