#pragma once
// STUB (skeleton): replaced by the first-run wizard (init / org create).

#include <QWizard>
#include <filesystem>

namespace weerbaar::desktop {

class FirstRunWizard : public QWizard {
    Q_OBJECT
  public:
    explicit FirstRunWizard(std::filesystem::path profile_directory, QWidget* parent = nullptr);

  private:
    std::filesystem::path directory_;
};

}  // namespace weerbaar::desktop
