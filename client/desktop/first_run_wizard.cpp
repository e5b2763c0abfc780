#include "first_run_wizard.h"

namespace weerbaar::desktop {

FirstRunWizard::FirstRunWizard(std::filesystem::path profile_directory, QWidget* parent)
    : QWizard(parent), directory_(std::move(profile_directory)) {}

}  // namespace weerbaar::desktop
