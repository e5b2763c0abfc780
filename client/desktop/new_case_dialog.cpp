#include "new_case_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QUuid>
#include <QVBoxLayout>

#include "app_controller.h"
#include "intake_form.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/intake_form.h"
#include "weerbaar/client/intake_json.h"

namespace weerbaar::desktop {
namespace {

constexpr auto kDraftKind = "intake";
constexpr std::chrono::milliseconds kDraftDelay{1000};

}  // namespace

NewCaseDialog::NewCaseDialog(AppController& controller, QWidget* parent)
    : QDialog(parent),
      controller_(controller),
      draft_id_(QStringLiteral("intake-") +
                QUuid::createUuid().toString(QUuid::WithoutBraces).toLower()) {
    setWindowTitle(tr("New case"));
    setAccessibleName(tr("New case"));
    auto* layout = new QVBoxLayout(this);

    top_message_ = new QLabel(this);
    top_message_->setTextFormat(Qt::PlainText);
    top_message_->setWordWrap(true);
    top_message_->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    top_message_->setVisible(false);
    layout->addWidget(top_message_);

    // O, D and C belong to the buttons below.
    // The form leaves the letters of the dialog's own buttons (as translated) to them.
    QString reserved;
    for (const QString& text : {tr("&Open case"), tr("&Discard"), tr("&Close (keep as draft)")}) {
        const qsizetype at = text.indexOf(QLatin1Char('&'));
        if (at >= 0 && at + 1 < text.size()) {
            reserved += text.at(at + 1).toLower();
        }
    }
    form_ = new IntakeForm(reserved, this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(form_);
    scroll->setWidgetResizable(true);
    scroll->setFocusPolicy(Qt::NoFocus);
    layout->addWidget(scroll, 1);

    auto* buttons = new QDialogButtonBox(this);
    open_button_ = buttons->addButton(tr("&Open case"), QDialogButtonBox::AcceptRole);
    open_button_->setAccessibleName(tr("Open case"));
    open_button_->setDefault(true);
    discard_button_ = buttons->addButton(tr("&Discard"), QDialogButtonBox::DestructiveRole);
    discard_button_->setAccessibleName(tr("Discard the intake"));
    close_button_ = buttons->addButton(tr("&Close (keep as draft)"), QDialogButtonBox::RejectRole);
    close_button_->setAccessibleName(tr("Close and keep the intake as a draft"));
    layout->addWidget(buttons);
    connect(open_button_, &QPushButton::clicked, this, &NewCaseDialog::open_case);
    connect(discard_button_, &QPushButton::clicked, this, &NewCaseDialog::discard);
    connect(close_button_, &QPushButton::clicked, this, &QDialog::reject);
    // A default button would take Enter from the line edits: typing a name and
    // pressing Enter must not send a half-filled intake. Ctrl+Enter does (below).
    open_button_->setAutoDefault(false);
    auto* send = new QAction(this);
    send->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    connect(send, &QAction::triggered, this, &NewCaseDialog::open_case);
    addAction(send);

    draft_timer_.setSingleShot(true);
    draft_timer_.setInterval(kDraftDelay);
    connect(&draft_timer_, &QTimer::timeout, this, &NewCaseDialog::save_draft_now);
    connect(form_, &IntakeForm::changed, this, [this] {
        unsaved_ = true;
        draft_timer_.start();
    });
    connect(&controller_, &AppController::about_to_lock, this, &NewCaseDialog::save_draft_now);
    // Nothing decrypted or typed stays on screen once locked; the draft holds it.
    connect(&controller_, &AppController::locked, this, [this] {
        draft_timer_.stop();
        unsaved_ = false;
        reject();
    });
    resize(720, 760);
}

void NewCaseDialog::restore_draft(const client::Draft& draft) {
    auto intake = client::intake_from_draft_body(draft.body);
    if (!intake.ok()) {
        show_top(QString::fromStdString(client::one_line_message(intake.error())));
        return;
    }
    draft_id_ = QString::fromStdString(draft.draft_id);
    form_->set_intake(intake.value());
    unsaved_ = false;
}

void NewCaseDialog::save_draft_now() {
    draft_timer_.stop();
    if (!unsaved_ || sending_) {
        return;
    }
    unsaved_ = false;
    client::Draft draft;
    draft.draft_id = draft_id_.toStdString();
    draft.kind = kDraftKind;
    draft.body = client::intake_draft_body(form_->intake());
    controller_.save_draft(std::move(draft));
}

void NewCaseDialog::reject() {
    save_draft_now();  // Close, Esc or the window's X keep what was typed
    QDialog::reject();
}

void NewCaseDialog::discard() {
    draft_timer_.stop();
    unsaved_ = false;
    controller_.discard_draft(draft_id_);
    reject();
}

void NewCaseDialog::show_top(const QString& message) {
    top_message_->setText(message);
    top_message_->setVisible(!message.isEmpty());
}

void NewCaseDialog::set_busy(bool busy) {
    sending_ = busy;
    open_button_->setEnabled(!busy);
    discard_button_->setEnabled(!busy);
    form_->setEnabled(!busy);
    if (busy) {
        show_top(tr("Opening the case..."));
        top_message_->setStyleSheet(QString());
    } else {
        top_message_->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    }
}

void NewCaseDialog::open_case() {
    if (sending_ || !controller_.is_unlocked()) {
        return;
    }
    show_top(QString());
    const v1::Intake intake = form_->intake();
    // The core's checks first: nothing is sent while any field has a problem.
    const std::vector<client::FieldProblem> problems =
        client::intake_field_problems(intake, client::local_today());
    if (!problems.empty()) {
        const auto elsewhere = form_->show_problems(problems);
        QString top = tr("The intake is not complete: see the marked fields.");
        for (const client::FieldProblem& problem : elsewhere) {
            top += QLatin1Char('\n') + QString::fromStdString(problem.field + ": " +
                                                              client::intake_problem_text(problem));
        }
        show_top(top);
        return;
    }
    form_->clear_problems();
    save_draft_now();  // should the send fail for good, the draft still has it
    set_busy(true);
    controller_.worker().post<Result<std::string>>(
        this,
        [intake](CoreContext& context) -> Result<std::string> {
            WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
            WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes id,
                                      client::create_case(context.session(), directory, intake));
            return client::format_case_id(id);
        },
        [this](Result<std::string> created) {
            set_busy(false);
            if (!created.ok()) {
                const QString message =
                    QString::fromStdString(client::one_line_message(created.error()));
                const client::IntakeField* at =
                    client::intake_field_of_problem(created.error().field());
                const QString field =
                    at == nullptr ? QString() : QString::fromUtf8(at->path.data(), at->path.size());
                if (field.isEmpty() || !form_->show_field_message(field, message)) {
                    show_top(message);
                } else {
                    show_top(QString());
                    if (QWidget* widget = form_->field_widget(field)) {
                        widget->setFocus(Qt::OtherFocusReason);
                    }
                }
                return;
            }
            draft_timer_.stop();
            unsaved_ = false;
            controller_.discard_draft(draft_id_);
            const QString hex = QString::fromStdString(created.value());
            Q_EMIT case_created(hex);
            accept();
        });
}

}  // namespace weerbaar::desktop
