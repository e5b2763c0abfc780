#pragma once
// The research menu's dialogs (docs/research-export.md), each a WriteDialog over
// one core call, run on the controller's worker with progress and Cancel:
//  - ResearchExportDialog (coordinators holding the research key): period, k,
//    epsilon, optionally a researcher to seal the package to, and a new folder;
//    export_research, then the report of what was generalised, suppressed and
//    noised, and what the release spent of the privacy budget.
//  - ResearchOpenDialog (any member; researchers above all): a .wbrp package and a
//    new folder; open_research_package, then who made it, its period, k, epsilon
//    and whether the privacy ledger names it. A package altered by one byte is the
//    core's one integrity error and writes nothing.
//  - ResearchBackfillDialog (every member but a researcher): research_backfill over
//    the cases this member can read, then the counts.
//  - ResearchKeyDialog (the founding coordinator, whose keystore holds the root
//    key): create_research_key, the next generation of the research key; replacing
//    an existing one takes a tick (after revoking a coordinator who held it).
//  - ResearchGrantDialog (a coordinator holding the research key): grant_research_key
//    to another coordinator (a changed key opens the verify prompt, as a share does).
// Every refusal shows at its field (Error::field) in the core's words. The dialogs
// stay open after their work to show what it did.
//
// Threading: UI thread; the work runs on controller.worker().

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <filesystem>
#include <memory>
#include <optional>

#include "weerbaar/client/research_compartment.h"
#include "weerbaar/client/research_export.h"
#include "write_dialog.h"

namespace weerbaar::desktop {

// A folder field: the path typed or chosen (QFileDialog::getExistingDirectory
// behind its Choose button) and, beside it, the name of the new folder to make in
// it. The core refuses a folder that exists and is not empty.
class NewFolderFields {
  public:
    NewFolderFields(QWidget* parent, const QString& default_name);

    [[nodiscard]] QLineEdit* parent_edit() const { return parent_; }
    [[nodiscard]] QLineEdit* name_edit() const { return name_; }
    [[nodiscard]] QWidget* parent_row() const { return row_; }
    // parent / name; empty when either is empty.
    [[nodiscard]] std::filesystem::path path() const;

  private:
    QWidget* row_;
    QLineEdit* parent_;
    QLineEdit* name_;
};

class ResearchExportDialog : public WriteDialog {
    Q_OBJECT
  public:
    ResearchExportDialog(AppController& controller, QWidget* parent);

    [[nodiscard]] QLineEdit* from_edit() const { return from_; }
    [[nodiscard]] QLineEdit* to_edit() const { return to_; }
    [[nodiscard]] QSpinBox* k_spin() const { return k_; }
    [[nodiscard]] QLineEdit* epsilon_edit() const { return epsilon_; }
    [[nodiscard]] QComboBox* researcher_combo() const { return researcher_; }
    [[nodiscard]] QLineEdit* folder_edit() const { return folder_.parent_edit(); }
    [[nodiscard]] QLineEdit* name_edit() const { return folder_.name_edit(); }
    [[nodiscard]] QLabel* result_label() const { return result_; }
    // The last export's result (nullopt before one succeeded).
    [[nodiscard]] const std::optional<client::ResearchExportResult>& result() const {
        return *outcome_;
    }
    // Whether the researcher list came in (the combo then offers them).
    [[nodiscard]] bool researchers_loaded() const { return researchers_loaded_; }

  Q_SIGNALS:
    void researchers_ready();

  protected:
    [[nodiscard]] Status check() override;
    [[nodiscard]] Job job() override;
    void after_written() override;
    [[nodiscard]] bool closes_when_written() const override { return false; }

  private:
    void load_researchers();
    [[nodiscard]] client::ResearchExportRequest request() const;

    QLineEdit* from_;
    QLineEdit* to_;
    QSpinBox* k_;
    QLineEdit* epsilon_;
    QComboBox* researcher_;
    NewFolderFields folder_;
    QLabel* result_;
    std::shared_ptr<std::optional<client::ResearchExportResult>> outcome_;
    client::ResearchExportRequest sent_;  // what the last export asked (the form may change)
    bool researchers_loaded_ = false;
};

class ResearchOpenDialog : public WriteDialog {
    Q_OBJECT
  public:
    ResearchOpenDialog(AppController& controller, QWidget* parent);

    [[nodiscard]] QLineEdit* package_edit() const { return package_; }
    [[nodiscard]] QLineEdit* folder_edit() const { return folder_.parent_edit(); }
    [[nodiscard]] QLineEdit* name_edit() const { return folder_.name_edit(); }
    [[nodiscard]] QLabel* result_label() const { return result_; }
    [[nodiscard]] const std::optional<client::OpenedResearchPackage>& result() const {
        return *outcome_;
    }

  protected:
    [[nodiscard]] Status check() override;
    [[nodiscard]] Job job() override;
    void after_written() override;
    [[nodiscard]] bool closes_when_written() const override { return false; }

  private:
    QLineEdit* package_;
    NewFolderFields folder_;
    QLabel* result_;
    std::shared_ptr<std::optional<client::OpenedResearchPackage>> outcome_;
};

class ResearchBackfillDialog : public WriteDialog {
    Q_OBJECT
  public:
    ResearchBackfillDialog(AppController& controller, QWidget* parent);

    [[nodiscard]] QLabel* result_label() const { return result_; }
    [[nodiscard]] const std::optional<client::BackfillReport>& result() const { return *outcome_; }

  protected:
    [[nodiscard]] Status check() override { return ok_status(); }
    [[nodiscard]] Job job() override;
    void after_written() override;
    [[nodiscard]] bool closes_when_written() const override { return false; }

  private:
    QLabel* result_;
    std::shared_ptr<std::optional<client::BackfillReport>> outcome_;
};

class ResearchKeyDialog : public WriteDialog {
    Q_OBJECT
  public:
    ResearchKeyDialog(AppController& controller, QWidget* parent);

    [[nodiscard]] QLabel* result_label() const { return result_; }
    [[nodiscard]] QCheckBox* replace_box() const { return replace_; }
    // The generation made (0 before one was).
    [[nodiscard]] std::uint32_t generation() const { return *outcome_; }

  protected:
    [[nodiscard]] Status check() override { return ok_status(); }
    [[nodiscard]] Job job() override;
    void after_written() override;
    [[nodiscard]] bool closes_when_written() const override { return false; }

  private:
    QCheckBox* replace_;
    QLabel* result_;
    std::shared_ptr<std::uint32_t> outcome_;
};

class ResearchGrantDialog : public WriteDialog {
    Q_OBJECT
  public:
    ResearchGrantDialog(AppController& controller, QWidget* parent);

    [[nodiscard]] QComboBox* member_combo() const { return member_; }
    [[nodiscard]] bool coordinators_loaded() const { return loaded_; }

  protected:
    [[nodiscard]] Status check() override;
    [[nodiscard]] Job job() override;

  private:
    QComboBox* member_;
    bool loaded_ = false;
};

}  // namespace weerbaar::desktop
