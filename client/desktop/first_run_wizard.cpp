#include "first_run_wizard.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include "background_call.h"
#include "clipboard_guard.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/crypto/secret_buffer.h"

namespace weerbaar::desktop {
namespace {

QString line_of(const Error& error) {
    return QString::fromStdString(client::one_line_message(error));
}

QString field_name(std::string_view field) {
    return QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size()));
}

crypto::SecretBuffer secret_of(const QString& text) {
    QByteArray utf8 = text.toUtf8();
    crypto::SecretBuffer secret = crypto::SecretBuffer::copy_of(
        crypto::ByteView(reinterpret_cast<const std::uint8_t*>(utf8.constData()),  // NOLINT
                         static_cast<std::size_t>(utf8.size())));
    utf8.fill('\0');
    return secret;
}

QLabel* error_label(QWidget* parent, const QString& field) {
    auto* label = new QLabel(parent);
    label->setObjectName(QStringLiteral("error:") + field);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    label->setVisible(false);
    return label;
}

// A fingerprint as people read it out: the core's digit groups, large and fixed-width.
QLabel* fingerprint_label(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    label->setFont(font);
    label->setWordWrap(true);
    return label;
}

}  // namespace

// What every page of the wizard shares: an error line under each field, one on top
// for what concerns no field, and a busy indicator while a core call runs.
class SetupPage : public QWizardPage {
    Q_OBJECT
  public:
    explicit SetupPage(FirstRunWizard& wizard) : wizard_(wizard) {
        layout_ = new QVBoxLayout(this);
        top_ = error_label(this, QStringLiteral("top"));
        layout_->addWidget(top_);
        form_ = new QFormLayout();
        layout_->addLayout(form_);
        busy_ = new QProgressBar(this);
        busy_->setRange(0, 0);  // no percentage to give: it is one call
        busy_->setAccessibleName(tr("Working"));
        busy_->setVisible(false);
        layout_->addStretch(1);
        layout_->addWidget(busy_);
    }

    bool show_error(const QString& field, const QString& message) {
        QLabel* label = errors_.value(field, nullptr);
        if (label == nullptr) {
            return false;
        }
        label->setText(message);
        label->setVisible(true);
        if (QWidget* input = inputs_.value(field, nullptr)) {
            input->setAccessibleDescription(message);
            input->setFocus(Qt::OtherFocusReason);
        }
        return true;
    }
    void show_top(const QString& message) {
        top_->setText(message);
        top_->setVisible(!message.isEmpty());
    }
    void clear_errors() {
        show_top(QString());
        for (QLabel* label : std::as_const(errors_)) {
            label->clear();
            label->setVisible(false);
        }
        for (QWidget* input : std::as_const(inputs_)) {
            input->setAccessibleDescription(QString());
        }
    }
    // Shows a core refusal at its field on this page, or on top.
    void show_refusal(const Error& error) {
        if (!show_error(QString::fromStdString(error.field()), line_of(error))) {
            show_top(line_of(error));
        }
    }
    [[nodiscard]] bool has_field(const QString& field) const { return errors_.contains(field); }
    [[nodiscard]] bool isComplete() const override { return !busy_flag_; }

  protected:
    // A row: label with mnemonic and buddy, the input, and its error line under it.
    void add_row(const QString& label_text, QWidget* input, QWidget* shown,
                 std::string_view field) {
        input->setAccessibleName(QString(label_text).remove(QLatin1Char('&')));
        auto* label = new QLabel(label_text, this);
        label->setBuddy(input);
        auto* cell = new QWidget(this);
        auto* cell_layout = new QVBoxLayout(cell);
        cell_layout->setContentsMargins(0, 0, 0, 0);
        cell_layout->addWidget(shown != nullptr ? shown : input);
        QLabel* error = error_label(cell, field_name(field));
        cell_layout->addWidget(error);
        form_->addRow(label, cell);
        errors_.insert(field_name(field), error);
        inputs_.insert(field_name(field), input);
    }

    void set_busy(bool busy) {
        busy_flag_ = busy;
        busy_->setVisible(busy);
        for (QWidget* input : std::as_const(inputs_)) {
            input->setEnabled(!busy);
        }
        // Neither Back nor Cancel while the core works: a cancelled wizard whose
        // call then succeeds would leave a profile the person thinks they abandoned.
        for (const QWizard::WizardButton which : {QWizard::BackButton, QWizard::CancelButton}) {
            if (QAbstractButton* button = wizard_.button(which)) {
                button->setEnabled(!busy);
            }
        }
        Q_EMIT completeChanged();
    }

    // The asynchronous Next: validatePage() starts the call and says no; when the
    // call succeeded, `passed_` lets the repeated next() through.
    bool take_pass() {
        if (passed_) {
            passed_ = false;
            return true;
        }
        return false;
    }
    void pass() {
        passed_ = true;
        wizard_.next();
    }

    FirstRunWizard& wizard_;
    QVBoxLayout* layout_ = nullptr;
    QFormLayout* form_ = nullptr;
    QLabel* top_ = nullptr;
    QProgressBar* busy_ = nullptr;
    QHash<QString, QLabel*> errors_;
    QHash<QString, QWidget*> inputs_;
    bool busy_flag_ = false;
    bool passed_ = false;
};

namespace {

class ChoicePage : public SetupPage {
    Q_OBJECT
  public:
    explicit ChoicePage(FirstRunWizard& wizard) : SetupPage(wizard) {
        setTitle(tr("Welcome to Weerbaar"));
        setSubTitle(tr("This computer has no Weerbaar profile yet. What do you want to do?"));
        join_ = new QRadioButton(tr("&I am joining an existing organisation"), this);
        join_->setAccessibleName(tr("I am joining an existing organisation"));
        found_ = new QRadioButton(tr("I am &founding the organisation (first coordinator)"), this);
        found_->setAccessibleName(tr("I am founding the organisation (first coordinator)"));
        join_->setChecked(true);
        form_->addRow(join_);
        form_->addRow(found_);
    }
    bool validatePage() override {
        wizard_.set_mode(found_->isChecked() ? FirstRunWizard::Mode::found
                                             : FirstRunWizard::Mode::join);
        return true;
    }

  private:
    QRadioButton* join_ = nullptr;
    QRadioButton* found_ = nullptr;
};

class ConnectionPage : public SetupPage {
    Q_OBJECT
  public:
    explicit ConnectionPage(FirstRunWizard& wizard) : SetupPage(wizard) {
        setTitle(tr("Server"));
        setSubTitle(
            tr("Your coordinator gives you the server address and its certificate "
               "file."));
        server_ = new QLineEdit(this);
        server_->setPlaceholderText(tr("host:port, e.g. weerbaar.example.nl:50051"));
        add_row(tr("Server &address"), server_, nullptr, client::kSetupFieldServer);

        certificate_ = new QLineEdit(this);
        auto* browse = new QPushButton(tr("Bro&wse..."), this);
        browse->setAccessibleName(tr("Choose the server certificate file"));
        auto* certificate_cell = new QWidget(this);
        auto* line = new QHBoxLayout(certificate_cell);
        line->setContentsMargins(0, 0, 0, 0);
        line->addWidget(certificate_, 1);
        line->addWidget(browse);
        add_row(tr("Server &certificate file"), certificate_, certificate_cell,
                client::kSetupFieldCertificate);
        connect(browse, &QPushButton::clicked, this, [this] {
            const QString chosen =
                QFileDialog::getOpenFileName(this, tr("Server certificate"), QString(),
                                             tr("Certificates (*.crt *.pem);;All files (*)"));
            if (!chosen.isEmpty()) {
                certificate_->setText(chosen);
            }
        });

        bootstrap_ = new QLineEdit(this);
        add_row(tr("Boo&tstrap code"), bootstrap_, nullptr, client::kSetupFieldBootstrapCode);
        bootstrap_row_ = form_->rowCount() - 1;
    }

    void initializePage() override {
        const bool found = wizard_.mode() == FirstRunWizard::Mode::found;
        setSubTitle(found ? tr("The server's administrator gives you the server address, its "
                               "certificate file and the one-time bootstrap code.")
                          : tr("Your coordinator gives you the server address and its "
                               "certificate file."));
        form_->setRowVisible(bootstrap_row_, found);
        clear_errors();
    }

    [[nodiscard]] int nextId() const override {
        return wizard_.mode() == FirstRunWizard::Mode::join ? FirstRunWizard::fingerprint_page
                                                            : FirstRunWizard::account_page;
    }

    bool validatePage() override {
        if (take_pass()) {
            return true;
        }
        clear_errors();
        const bool found = wizard_.mode() == FirstRunWizard::Mode::found;
        if (found && bootstrap_->text().trimmed().isEmpty()) {
            show_error(field_name(client::kSetupFieldBootstrapCode),
                       tr("Enter the bootstrap code the server printed when it first started."));
            return false;
        }
        wizard_.bootstrap_code = bootstrap_->text().trimmed().toStdString();
        struct Checked {
            Result<client::ServerEndpoint> endpoint;
            std::optional<Result<client::OrganisationKey>> key;
        };
        set_busy(true);
        run_in_background<std::shared_ptr<Checked>>(
            this,
            [address = server_->text().trimmed().toStdString(),
             file = std::filesystem::path(certificate_->text().toStdString()), found] {
                // Reading the file is disk work, and the key comes over the network.
                auto checked = std::make_shared<Checked>(
                    Checked{client::server_endpoint_from(address, file), std::nullopt});
                if (checked->endpoint.ok() && !found) {
                    checked->key = client::fetch_organisation_key(checked->endpoint.value());
                }
                return checked;
            },
            [this](std::shared_ptr<Checked> checked) {
                set_busy(false);
                if (!checked->endpoint.ok()) {
                    show_refusal(checked->endpoint.error());
                    return;
                }
                if (checked->key && !checked->key->ok()) {
                    show_refusal(checked->key->error());
                    return;
                }
                wizard_.endpoint = checked->endpoint.value();
                if (checked->key) {
                    wizard_.organisation_key = std::move(*checked->key).value();
                }
                pass();
            });
        return false;
    }

  private:
    QLineEdit* server_ = nullptr;
    QLineEdit* certificate_ = nullptr;
    QLineEdit* bootstrap_ = nullptr;
    int bootstrap_row_ = 0;
};

class FingerprintPage : public SetupPage {
    Q_OBJECT
  public:
    explicit FingerprintPage(FirstRunWizard& wizard) : SetupPage(wizard) {
        setTitle(tr("Compare the organisation's fingerprint"));
        setSubTitle(
            tr("Call your coordinator and compare these digits group by group. Go on "
               "only when every digit matches: otherwise you could be talking to "
               "someone else's server."));
        fingerprint_ = fingerprint_label(this);
        fingerprint_->setAccessibleName(tr("Organisation fingerprint to compare"));
        form_->addRow(fingerprint_);
        compared_ = new QCheckBox(tr("I have &compared this fingerprint and it matches"), this);
        compared_->setAccessibleName(tr("I have compared this fingerprint and it matches"));
        form_->addRow(compared_);
        typed_ = new QLineEdit(this);
        typed_->setPlaceholderText(tr("or type the digits your coordinator reads out"));
        add_row(tr("&Fingerprint as read out"), typed_, nullptr, "organisation_fingerprint");
        connect(compared_, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
        connect(typed_, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
    }
    void initializePage() override {
        clear_errors();
        compared_->setChecked(false);
        typed_->clear();
        fingerprint_->setText(wizard_.organisation_key
                                  ? QString::fromStdString(wizard_.organisation_key->fingerprint)
                                  : QString());
    }
    // Nothing goes on until the person confirmed the comparison one way or the other.
    [[nodiscard]] bool isComplete() const override {
        return compared_->isChecked() || !typed_->text().trimmed().isEmpty();
    }
    bool validatePage() override {
        clear_errors();
        if (!wizard_.organisation_key) {
            return false;
        }
        if (!typed_->text().trimmed().isEmpty()) {
            const Status matches = client::check_organisation_fingerprint(
                *wizard_.organisation_key, typed_->text().toStdString());
            if (!matches.ok()) {
                show_error(QStringLiteral("organisation_fingerprint"), line_of(matches.error()));
                return false;
            }
        }
        wizard_.organisation_fingerprint =
            QString::fromStdString(wizard_.organisation_key->fingerprint);
        return true;
    }

  private:
    QLabel* fingerprint_ = nullptr;
    QCheckBox* compared_ = nullptr;
    QLineEdit* typed_ = nullptr;
};

class AccountPage : public SetupPage {
    Q_OBJECT
  public:
    explicit AccountPage(FirstRunWizard& wizard) : SetupPage(wizard) {
        setTitle(tr("Your name and passphrase"));
        setSubTitle(
            tr("Your passphrase protects your keys on this computer. Nobody can reset "
               "it: write it down somewhere safe."));
        user_ = new QLineEdit(this);
        user_->setPlaceholderText(tr("e.g. bram"));
        add_row(tr("&User name"), user_, nullptr, client::kSetupFieldUser);
        passphrase_ = new QLineEdit(this);
        passphrase_->setEchoMode(QLineEdit::Password);
        add_row(tr("&Passphrase"), passphrase_, nullptr, client::kSetupFieldPassphrase);
        repeat_ = new QLineEdit(this);
        repeat_->setEchoMode(QLineEdit::Password);
        add_row(tr("&Repeat passphrase"), repeat_, nullptr, "passphrase_repeat");
        // Past this page the profile exists: there is nothing to go back to.
        setCommitPage(true);
    }
    void initializePage() override {
        clear_errors();
        setButtonText(QWizard::CommitButton, wizard_.mode() == FirstRunWizard::Mode::found
                                                 ? tr("&Found the organisation")
                                                 : tr("&Ask to join"));
    }
    bool validatePage() override {
        if (take_pass()) {
            return true;
        }
        clear_errors();
        const std::string user = user_->text().trimmed().toStdString();
        if (const Status valid = client::check_setup_user_name(user); !valid.ok()) {
            show_refusal(valid.error());
            return false;
        }
        auto passphrase = std::make_shared<crypto::SecretBuffer>(secret_of(passphrase_->text()));
        if (const Status strong = client::check_new_passphrase(*passphrase); !strong.ok()) {
            show_error(field_name(client::kSetupFieldPassphrase), line_of(strong.error()));
            return false;
        }
        if (passphrase_->text() != repeat_->text()) {
            show_error(QStringLiteral("passphrase_repeat"),
                       tr("The two passphrases differ. Type the same passphrase twice."));
            return false;
        }
        if (!wizard_.endpoint) {
            return false;
        }
        set_busy(true);
        const client::Profile profile(wizard_.profile_directory());
        const client::ServerEndpoint endpoint = *wizard_.endpoint;
        struct Outcome {
            Status status = ok_status();
            QString organisation_fingerprint;
            QString member_fingerprint;
        };
        std::function<Outcome()> job;
        if (wizard_.mode() == FirstRunWizard::Mode::found) {
            job = [profile, endpoint, code = wizard_.bootstrap_code, user, passphrase] {
                auto founded =
                    client::create_organisation(profile, endpoint, code, user, *passphrase);
                if (!founded.ok()) {
                    return Outcome{founded.error(), {}, {}};
                }
                return Outcome{ok_status(),
                               QString::fromStdString(founded.value().root_fingerprint),
                               QString::fromStdString(founded.value().member_fingerprint)};
            };
        } else {
            if (!wizard_.organisation_key) {
                return false;
            }
            job = [profile, endpoint, key = *wizard_.organisation_key, user, passphrase] {
                auto requested =
                    client::request_enrolment(profile, endpoint, key, user, *passphrase);
                if (!requested.ok()) {
                    return Outcome{requested.error(), {}, {}};
                }
                return Outcome{ok_status(), QString::fromStdString(key.fingerprint),
                               QString::fromStdString(requested.value())};
            };
        }
        run_in_background<Outcome>(this, std::move(job), [this](Outcome outcome) {
            set_busy(false);
            if (!outcome.status.ok()) {
                const Error& error = outcome.status.error();
                if (!show_error(QString::fromStdString(error.field()), line_of(error)) &&
                    !wizard_.show_at_field(error.field(), line_of(error))) {
                    show_top(line_of(error));
                }
                return;
            }
            passphrase_->clear();
            repeat_->clear();
            wizard_.organisation_fingerprint = outcome.organisation_fingerprint;
            wizard_.member_fingerprint = outcome.member_fingerprint;
            pass();
        });
        return false;
    }

  private:
    QLineEdit* user_ = nullptr;
    QLineEdit* passphrase_ = nullptr;
    QLineEdit* repeat_ = nullptr;
};

class ResultPage : public SetupPage {
    Q_OBJECT
  public:
    explicit ResultPage(FirstRunWizard& wizard) : SetupPage(wizard) {
        setFinalPage(true);
        explanation_ = new QLabel(this);
        explanation_->setWordWrap(true);
        form_->addRow(explanation_);
        member_ = fingerprint_label(this);
        member_->setAccessibleName(tr("Your fingerprint"));
        auto* copy_member = new QPushButton(tr("&Copy your fingerprint"), this);
        copy_member->setAccessibleName(tr("Copy your fingerprint"));
        form_->addRow(tr("Your fingerprint:"), member_);
        form_->addRow(copy_member);
        organisation_ = fingerprint_label(this);
        organisation_->setAccessibleName(tr("The organisation's fingerprint"));
        copy_organisation_ = new QPushButton(tr("Copy the &organisation fingerprint"), this);
        copy_organisation_->setAccessibleName(tr("Copy the organisation fingerprint"));
        form_->addRow(tr("Organisation fingerprint:"), organisation_);
        form_->addRow(copy_organisation_);
        // The clipboard forgets it after 30 s (clipboard_guard.h): a shared desk.
        connect(copy_member, &QPushButton::clicked, this,
                [this] { ClipboardGuard::instance().copy(member_->text()); });
        connect(copy_organisation_, &QPushButton::clicked, this,
                [this] { ClipboardGuard::instance().copy(organisation_->text()); });
    }
    void initializePage() override {
        const bool found = wizard_.mode() == FirstRunWizard::Mode::found;
        setTitle(found ? tr("The organisation exists") : tr("Your request has been sent"));
        explanation_->setText(
            found ? tr("You are its first coordinator. Give every new member the organisation "
                       "fingerprint below, by phone or in person, so they can check it. Keep "
                       "your passphrase safe: your keystore holds the organisation's root key.")
                  : tr("Call your coordinator and read your fingerprint out, group by group. "
                       "Once they have approved you, open Weerbaar and unlock it with your "
                       "passphrase."));
        member_->setText(wizard_.member_fingerprint);
        organisation_->setText(wizard_.organisation_fingerprint);
    }

  private:
    QLabel* explanation_ = nullptr;
    QLabel* member_ = nullptr;
    QLabel* organisation_ = nullptr;
    QPushButton* copy_organisation_ = nullptr;
};

}  // namespace

FirstRunWizard::FirstRunWizard(std::filesystem::path profile_directory, QWidget* parent)
    : QWizard(parent), directory_(std::move(profile_directory)) {
    setWindowTitle(tr("Set up Weerbaar"));
    setAccessibleName(tr("Set up Weerbaar"));
    setWizardStyle(QWizard::ClassicStyle);
    // Once the profile exists, Cancel would only suggest it does not.
    setOption(QWizard::NoCancelButtonOnLastPage);
    setPage(choice_page, new ChoicePage(*this));
    setPage(connection_page, new ConnectionPage(*this));
    setPage(fingerprint_page, new FingerprintPage(*this));
    setPage(account_page, new AccountPage(*this));
    setPage(result_page, new ResultPage(*this));
    setStartId(choice_page);
}

bool FirstRunWizard::show_at_field(const std::string& field, const QString& message) {
    const QString name = QString::fromStdString(field);
    for (const int id : pageIds()) {
        auto* page = dynamic_cast<SetupPage*>(this->page(id));
        if (page == nullptr || !page->has_field(name) || !visitedIds().contains(id)) {
            continue;
        }
        while (currentId() != id && currentId() != startId()) {
            back();
        }
        page->clear_errors();
        return page->show_error(name, message);
    }
    return false;
}

}  // namespace weerbaar::desktop

#include "first_run_wizard.moc"
