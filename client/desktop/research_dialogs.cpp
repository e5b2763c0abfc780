#include "research_dialogs.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QPushButton>
#include <QStandardPaths>

#include "app_controller.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/error_message.h"

namespace weerbaar::desktop {

namespace {

std::filesystem::path to_path(const QString& path) {
    return std::filesystem::path(path.toStdU16String());
}

// A path or name shown back: made safe like any text a person typed.
QString shown(const std::string& text) {
    return QString::fromStdString(client::display_line(text));
}

QString epsilon_text(std::uint32_t millis) {
    return QString::fromStdString(client::format_epsilon(millis));
}

QString percent(std::size_t part, std::size_t whole) {
    return QString::number(
        whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole), 'f', 1);
}

QLabel* result_line(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(QStringLiteral("research_result"));
    label->setTextFormat(Qt::PlainText);  // names and paths in it were typed by people
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setVisible(false);
    return label;
}

}  // namespace

NewFolderFields::NewFolderFields(QWidget* parent, const QString& default_name)
    : row_(new QWidget(parent)), parent_(new QLineEdit(row_)), name_(new QLineEdit(parent)) {
    auto* layout = new QHBoxLayout(row_);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(parent_);
    auto* choose = new QPushButton(ResearchExportDialog::tr("C&hoose…"), row_);
    choose->setAccessibleName(ResearchExportDialog::tr("Choose the folder"));
    layout->addWidget(choose);
    parent_->setText(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    name_->setText(default_name);
    QObject::connect(choose, &QPushButton::clicked, row_, [this] {
        const QString chosen = QFileDialog::getExistingDirectory(
            row_, ResearchExportDialog::tr("Folder for the new folder"), parent_->text());
        if (!chosen.isEmpty()) {
            parent_->setText(chosen);
        }
    });
}

std::filesystem::path NewFolderFields::path() const {
    if (parent_->text().trimmed().isEmpty() || name_->text().trimmed().isEmpty()) {
        return {};
    }
    return to_path(QDir(parent_->text().trimmed()).filePath(name_->text().trimmed()));
}

// A row for a NewFolderFields: "in folder" with its Choose button, and the new
// folder's name with the error line of "out" under it.
static void add_folder_rows(QFormLayout* form, QWidget* dialog, NewFolderFields& folder,
                            FieldErrors& errors, const QString& in_label,
                            const QString& name_label) {
    folder.parent_edit()->setAccessibleName(QString(in_label).remove(QLatin1Char('&')));
    auto* in_caption = new QLabel(in_label, dialog);
    in_caption->setBuddy(folder.parent_edit());
    form->addRow(in_caption, folder.parent_row());
    folder.name_edit()->setAccessibleName(QString(name_label).remove(QLatin1Char('&')));
    auto* name_caption = new QLabel(name_label, dialog);
    name_caption->setBuddy(folder.name_edit());
    form->addRow(name_caption, folder.name_edit());
    form->addRow(QString(), errors.add("out", folder.name_edit()));
}

ResearchExportDialog::ResearchExportDialog(AppController& controller, QWidget* parent)
    : WriteDialog(controller, QString(), tr("Make a research export"), parent),
      from_(new QLineEdit(this)),
      to_(new QLineEdit(this)),
      k_(new QSpinBox(this)),
      epsilon_(new QLineEdit(this)),
      researcher_(new QComboBox(this)),
      folder_(this, QString()),
      result_(result_line(this)),
      outcome_(std::make_shared<std::optional<client::ResearchExportResult>>()) {
    setObjectName(QStringLiteral("research_export_dialog"));
    const auto [from, to] = client::default_research_period(client::local_today());
    from_->setText(QString::fromStdString(from));
    to_->setText(QString::fromStdString(to));
    from_->setPlaceholderText(QStringLiteral("2025Q1"));
    to_->setPlaceholderText(QStringLiteral("2026Q4"));
    // 1 is offered on purpose: the core then says at the field why k = 1 is refused
    // (a person in the microdata could be recognised), where a spin box stopping at 2
    // would ignore the key press without a word.
    k_->setRange(1, 1000);
    k_->setValue(5);
    epsilon_->setText(QStringLiteral("1"));
    researcher_->addItem(tr("(none: the package is not encrypted)"), QString());
    folder_.name_edit()->setText(tr("research-%1").arg(to_->text()));

    add_row(tr("&From quarter:"), from_, "from_period");
    add_row(tr("&To quarter:"), to_, "to_period");
    add_row(tr("&k (smallest group):"), k_, "k");
    add_row(tr("&Epsilon (privacy budget):"), epsilon_, "epsilon");
    add_row(tr("Encrypt for &researcher:"), researcher_, "for");
    add_folder_rows(form(), this, folder_, errors(), tr("Save &in folder:"),
                    tr("New fol&der name:"));
    form()->addRow(result_);
    result_->setAccessibleName(tr("Export result"));
    send_button()->setText(tr("E&xport"));
    send_button()->setAccessibleName(tr("Export"));
    show_progress();
    load_researchers();
}

void ResearchExportDialog::load_researchers() {
    if (!controller().is_unlocked()) {
        return;
    }
    controller().worker().post<Result<std::vector<std::string>>>(
        this,
        [](CoreContext& context) -> Result<std::vector<std::string>> {
            WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
            WEERBAAR_ASSIGN_OR_RETURN(std::vector<client::VerifiedMember> all, directory.all());
            std::vector<std::string> researchers;
            for (const client::VerifiedMember& member : all) {
                if (crypto::role_name(member.role()) == "researcher" && member.active &&
                    !member.revoked()) {
                    researchers.push_back(member.user());
                }
            }
            return researchers;
        },
        [this](Result<std::vector<std::string>> researchers) {
            researchers_loaded_ = true;
            if (!researchers.ok()) {
                errors().show(
                    Error(researchers.error().code(), researchers.error().message(), "for"));
            } else {
                for (const std::string& user : researchers.value()) {
                    researcher_->addItem(shown(user), QString::fromStdString(user));
                }
            }
            Q_EMIT researchers_ready();
        });
}

client::ResearchExportRequest ResearchExportDialog::request() const {
    client::ResearchExportRequest request;
    request.from_period = from_->text().trimmed().toStdString();
    request.to_period = to_->text().trimmed().toStdString();
    request.k = static_cast<std::uint32_t>(k_->value());
    request.out = folder_.path();
    const QString researcher = researcher_->currentData().toString();
    if (!researcher.isEmpty()) {
        request.for_researcher = researcher.toStdString();
    }
    return request;
}

Status ResearchExportDialog::check() {
    // Only what needs neither disk nor network: the rest (quarters, k, the folder)
    // the core checks on the worker, and its refusal lands at the same fields.
    WEERBAAR_TRY(client::parse_epsilon(epsilon_->text().trimmed().toStdString()));
    if (folder_.path().empty()) {
        return Error(ErrorCode::invalid_argument,
                     tr("Choose a folder and a name for the new folder.").toStdString(), "out");
    }
    return ok_status();
}

WriteDialog::Job ResearchExportDialog::job() {
    client::ResearchExportRequest made = request();
    // check() parsed it already.
    made.epsilon_millis = client::parse_epsilon(epsilon_->text().trimmed().toStdString()).value();
    outcome_ = std::make_shared<std::optional<client::ResearchExportResult>>();
    result_->setVisible(false);
    sent_ = made;
    return [request = std::move(made), outcome = outcome_,
            progress = progress()](CoreContext& context) -> Result<Written> {
        WEERBAAR_TRY(client::check_research_export_request(request));
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        const client::LongWork work =
            context.work(progress.receiver, progress.on_progress, progress.cancel);
        WEERBAAR_ASSIGN_OR_RETURN(
            client::ResearchExportResult result,
            client::export_research(context.session(), directory, request, work));
        // Read on the UI thread only after this job's result is delivered there.
        *outcome = std::move(result);
        return Written();
    };
}

void ResearchExportDialog::after_written() {
    if (!outcome_->has_value()) {
        return;
    }
    const client::ResearchExportResult& done = **outcome_;
    const research::ExportReport& report = done.report;
    QStringList lines;
    lines << tr("Package written: %1").arg(shown(done.package.string()));
    if (sent_.for_researcher) {
        lines << tr("Encrypted for %1: only they can open it.").arg(shown(*sent_.for_researcher));
    }
    lines << tr("Period %1 – %2, k = %3, epsilon = %4")
                 .arg(QString::fromStdString(sent_.from_period),
                      QString::fromStdString(sent_.to_period))
                 .arg(sent_.k)
                 .arg(epsilon_text(sent_.epsilon_millis));
    lines << tr("Cases in the period: %1; published: %2; removed: %3 (%4%); published with one "
                "characteristic starred: %5 (%6%)")
                 .arg(report.rows_in_period)
                 .arg(report.rows_published)
                 .arg(report.rows_suppressed)
                 .arg(percent(report.rows_suppressed, report.rows_in_period))
                 .arg(report.rows_starred)
                 .arg(percent(report.rows_starred, report.rows_in_period));
    lines << tr("Generalisation: period %1, region %2, office %3")
                 .arg(QString::fromStdString(report.period_level),
                      QString::fromStdString(report.region_level),
                      QString::fromStdString(report.office_level));
    for (const auto& [table, scale] : report.noise_scale_per_table) {
        lines << tr("Noise in %1: %2")
                     .arg(QString::fromStdString(table), QString::fromStdString(scale));
    }
    if (done.records_unusable > 0) {
        lines << tr(
            "%n research record(s) could not be used (an older key or unknown codes); "
            "\"Update research codes\" renews them.",
            nullptr, static_cast<int>(done.records_unusable));
    }
    lines << tr("Privacy ledger entry %1; budget left per quarter: epsilon %2")
                 .arg(done.ledger_sequence)
                 .arg(epsilon_text(done.budget_left_millis));
    result_->setText(lines.join(QLatin1Char('\n')));
    result_->setVisible(true);
}

ResearchOpenDialog::ResearchOpenDialog(AppController& controller, QWidget* parent)
    : WriteDialog(controller, QString(), tr("Open a research package"), parent),
      package_(new QLineEdit(this)),
      folder_(this, tr("research-package")),
      result_(result_line(this)),
      outcome_(std::make_shared<std::optional<client::OpenedResearchPackage>>()) {
    setObjectName(QStringLiteral("research_open_dialog"));
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(package_);
    auto* choose = new QPushButton(tr("Cho&ose…"), row);
    choose->setAccessibleName(tr("Choose the package"));
    layout->addWidget(choose);
    connect(choose, &QPushButton::clicked, this, [this] {
        const QString chosen =
            QFileDialog::getOpenFileName(this, tr("Research package"), package_->text(),
                                         tr("Research packages (*.wbrp);;All files (*)"));
        if (!chosen.isEmpty()) {
            package_->setText(chosen);
        }
    });
    const QString package_label = tr("&Package:");
    package_->setAccessibleName(QString(package_label).remove(QLatin1Char('&')));
    auto* caption = new QLabel(package_label, this);
    caption->setBuddy(package_);
    form()->addRow(caption, row);
    form()->addRow(QString(), errors().add("package", package_));
    add_folder_rows(form(), this, folder_, errors(), tr("Save &in folder:"),
                    tr("New fol&der name:"));
    form()->addRow(result_);
    result_->setAccessibleName(tr("Package details"));
    send_button()->setText(tr("Op&en"));
    send_button()->setAccessibleName(tr("Open the package"));
    show_progress();
}

Status ResearchOpenDialog::check() {
    if (package_->text().trimmed().isEmpty()) {
        return Error(ErrorCode::invalid_argument,
                     tr("Choose the package file (.wbrp).").toStdString(), "package");
    }
    if (folder_.path().empty()) {
        return Error(ErrorCode::invalid_argument,
                     tr("Choose a folder and a name for the new folder.").toStdString(), "out");
    }
    return ok_status();
}

WriteDialog::Job ResearchOpenDialog::job() {
    outcome_ = std::make_shared<std::optional<client::OpenedResearchPackage>>();
    result_->setVisible(false);
    return [package = to_path(package_->text().trimmed()), out = folder_.path(),
            outcome = outcome_](CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        WEERBAAR_ASSIGN_OR_RETURN(
            client::OpenedResearchPackage opened,
            client::open_research_package(context.session(), directory, package, out));
        *outcome = std::move(opened);
        return Written();
    };
}

void ResearchOpenDialog::after_written() {
    if (!outcome_->has_value()) {
        return;
    }
    const client::OpenedResearchPackage& opened = **outcome_;
    QStringList lines;
    lines << tr("Package verified: made by %1 on %2")
                 .arg(shown(opened.exporter), QString::fromStdString(client::utc_date(
                                                  static_cast<std::int64_t>(opened.created))));
    if (opened.encrypted) {
        lines << tr("It was encrypted for you.");
    }
    lines << tr("Period %1 – %2, k = %3, epsilon = %4")
                 .arg(QString::fromStdString(opened.from_period),
                      QString::fromStdString(opened.to_period))
                 .arg(opened.k)
                 .arg(epsilon_text(opened.epsilon_millis));
    lines << tr("%n file(s) written to %1", nullptr, static_cast<int>(opened.files.size()))
                 .arg(shown(folder_.path().string()));
    if (opened.ledger_sequence == 0) {
        lines << tr(
            "Warning: the privacy ledger does not name this package. Ask the coordinator "
            "who made it.");
    } else {
        lines << tr("Recorded in the privacy ledger, entry %1").arg(opened.ledger_sequence);
    }
    result_->setText(lines.join(QLatin1Char('\n')));
    result_->setVisible(true);
}

ResearchBackfillDialog::ResearchBackfillDialog(AppController& controller, QWidget* parent)
    : WriteDialog(controller, QString(), tr("Update research codes"), parent),
      result_(result_line(this)),
      outcome_(std::make_shared<std::optional<client::BackfillReport>>()) {
    setObjectName(QStringLiteral("research_backfill_dialog"));
    auto* intro = new QLabel(
        tr("Records the research codes (coded facts, never names or notes) of every case you "
           "can read, so that cases from before the research key are counted in exports too."),
        this);
    intro->setWordWrap(true);
    form()->addRow(intro);
    form()->addRow(result_);
    result_->setAccessibleName(tr("Result"));
    send_button()->setText(tr("&Start"));
    send_button()->setAccessibleName(tr("Start updating the research codes"));
    show_progress();
}

WriteDialog::Job ResearchBackfillDialog::job() {
    outcome_ = std::make_shared<std::optional<client::BackfillReport>>();
    result_->setVisible(false);
    return [outcome = outcome_, progress = progress()](CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        const client::LongWork work =
            context.work(progress.receiver, progress.on_progress, progress.cancel);
        WEERBAAR_ASSIGN_OR_RETURN(client::BackfillReport report,
                                  client::research_backfill(context.session(), directory, work));
        *outcome = report;
        return Written();
    };
}

void ResearchBackfillDialog::after_written() {
    if (!outcome_->has_value()) {
        return;
    }
    const client::BackfillReport& report = **outcome_;
    QStringList lines;
    lines << tr("Research codes stored for %1 of %2 cases.").arg(report.stored).arg(report.cases);
    if (report.unverified > 0) {
        lines << tr("%n case(s) failed verification and were skipped.", nullptr,
                    static_cast<int>(report.unverified));
    }
    if (report.without_intake > 0) {
        lines << tr("%n case(s) have no usable intake.", nullptr,
                    static_cast<int>(report.without_intake));
    }
    result_->setText(lines.join(QLatin1Char('\n')));
    result_->setVisible(true);
}

ResearchKeyDialog::ResearchKeyDialog(AppController& controller, QWidget* parent)
    : WriteDialog(controller, QString(), tr("Make the research key"), parent),
      replace_(new QCheckBox(tr("&Replace the existing key (after revoking a coordinator who "
                                "held it)"),
                             this)),
      result_(result_line(this)),
      outcome_(std::make_shared<std::uint32_t>(0)) {
    setObjectName(QStringLiteral("research_key_dialog"));
    auto* intro = new QLabel(
        tr("Makes the organisation's research key, certified with the organisation key that "
           "only the founding coordinator holds. From then on every writing client records "
           "each case's research codes for it. A key made again replaces the earlier one: "
           "give it to the other exporting coordinators again, and update the research codes."),
        this);
    intro->setWordWrap(true);
    form()->addRow(intro);
    replace_->setAccessibleName(tr("Replace the existing research key"));
    form()->addRow(replace_);
    form()->addRow(QString(), errors().add("replace", replace_));
    form()->addRow(result_);
    result_->setAccessibleName(tr("Result"));
    send_button()->setText(tr("&Make the key"));
    send_button()->setAccessibleName(tr("Make the research key"));
}

WriteDialog::Job ResearchKeyDialog::job() {
    outcome_ = std::make_shared<std::uint32_t>(0);
    result_->setVisible(false);
    return [outcome = outcome_,
            replace = replace_->isChecked()](CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        WEERBAAR_ASSIGN_OR_RETURN(
            *outcome, client::create_research_key(context.session(), directory, replace));
        return Written();
    };
}

void ResearchKeyDialog::after_written() {
    result_->setText(
        tr("Research key %1 made and certified with the organisation key. Cases made before "
           "it are counted once their members run \"Update research codes\".")
            .arg(*outcome_));
    result_->setVisible(true);
}

ResearchGrantDialog::ResearchGrantDialog(AppController& controller, QWidget* parent)
    : WriteDialog(controller, QString(), tr("Give the research key"), parent),
      member_(new QComboBox(this)) {
    setObjectName(QStringLiteral("research_grant_dialog"));
    add_row(tr("Give &to coordinator:"), member_, "user");
    errors().alias(std::string(client::kChangedKeyField), "user");
    send_button()->setText(tr("&Give"));
    send_button()->setAccessibleName(tr("Give the research key"));
    if (!controller.is_unlocked()) {
        return;
    }
    controller.worker().post<Result<std::vector<std::string>>>(
        this,
        [own = controller.user().toStdString()](
            CoreContext& context) -> Result<std::vector<std::string>> {
            WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
            WEERBAAR_ASSIGN_OR_RETURN(std::vector<client::VerifiedMember> all, directory.all());
            std::vector<std::string> coordinators;
            for (const client::VerifiedMember& member : all) {
                if (crypto::role_name(member.role()) == "coordinator" && member.active &&
                    !member.revoked() && member.user() != own) {
                    coordinators.push_back(member.user());
                }
            }
            return coordinators;
        },
        [this](Result<std::vector<std::string>> coordinators) {
            loaded_ = true;
            if (!coordinators.ok()) {
                errors().show(coordinators.error());
                return;
            }
            for (const std::string& user : coordinators.value()) {
                member_->addItem(shown(user), QString::fromStdString(user));
            }
        });
}

Status ResearchGrantDialog::check() {
    if (member_->currentData().toString().isEmpty()) {
        return Error(ErrorCode::invalid_argument,
                     tr("Choose the coordinator to give the research key to.").toStdString(),
                     "user");
    }
    return ok_status();
}

WriteDialog::Job ResearchGrantDialog::job() {
    return [user = member_->currentData().toString().toStdString()](
               CoreContext& context) -> Result<Written> {
        WEERBAAR_ASSIGN_OR_RETURN(client::MemberDirectory directory, context.directory());
        WEERBAAR_TRY(client::grant_research_key(context.session(), directory, user));
        return Written();
    };
}

}  // namespace weerbaar::desktop
