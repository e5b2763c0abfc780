// weerbaar-desktop [--profile DIR] [--lang nl|en]: the desktop client. Without a
// set-up profile it starts with the first-run wizard; then the main window, locked
// until the passphrase is given.
#include <QApplication>
#include <cstdio>

#include "app_controller.h"
#include "app_setup.h"
#include "first_run_wizard.h"
#include "main_window.h"
#include "theme.h"
#include "weerbaar/crypto/bytes.h"

int main(int argc, char** argv) {
    using namespace weerbaar::desktop;
    harden_process();
    if (!weerbaar::crypto::initialise().ok()) {
        std::fprintf(stderr,
                     "weerbaar-desktop: libsodium kon niet starten / could not be initialised\n");
        return 1;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Weerbaar"));
    install_message_filter();
    const CommandLine command_line = parse_command_line(QApplication::arguments());
    if (!command_line.error.isEmpty()) {
        std::fprintf(stderr, "weerbaar-desktop: %s\n",
                     command_line.error.toLocal8Bit().constData());
        return 2;
    }
    int status = 0;
    {
        AppController controller(command_line.profile);
        const QString language = command_line.language.value_or(controller.settings().language());
        if (!install_translation(app, language)) {
            std::fprintf(stderr, "weerbaar-desktop: vertaling ontbreekt / translation missing\n");
        }
        apply_theme(controller.settings().high_contrast());
        if (!controller.has_profile()) {
            FirstRunWizard wizard(command_line.profile);
            if (wizard.exec() != QDialog::Accepted || !controller.has_profile()) {
                join_worker_threads();
                return 0;
            }
        }
        MainWindow window(controller);
        window.show();
        status = QApplication::exec();
        controller.lock();
    }
    join_worker_threads();
    return status;
}
