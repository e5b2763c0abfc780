#include "app_setup.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QTranslator>
#include <cstdio>

#include "weerbaar/client/profile.h"

namespace weerbaar::desktop {

void harden_process() {
    const rlimit no_core{0, 0};
    (void)::setrlimit(RLIMIT_CORE, &no_core);
    (void)::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

bool install_translation(QApplication& app, const QString& language) {
    if (language == QStringLiteral("en")) {
        return true;
    }
    auto* translator = new QTranslator(&app);
    if (!translator->load(QStringLiteral(":/i18n/weerbaar_nl.qm"))) {
        delete translator;
        return false;
    }
    QApplication::installTranslator(translator);
    // Qt's own dialog buttons (OK, Annuleren) in Dutch too, where Debian ships them.
    auto* qt_translator = new QTranslator(&app);
    if (qt_translator->load(QStringLiteral("qtbase_nl"),
                            QStringLiteral("/usr/share/qt6/translations"))) {
        QApplication::installTranslator(qt_translator);
    } else {
        delete qt_translator;
    }
    return true;
}

namespace {
void filtered_message(QtMsgType type, const QMessageLogContext& /*context*/,
                      const QString& message) {
    if (type == QtDebugMsg || type == QtInfoMsg) {
        return;
    }
    std::fprintf(stderr, "weerbaar-desktop: %s\n", message.toLocal8Bit().constData());
}
}  // namespace

void install_message_filter() { qInstallMessageHandler(filtered_message); }

CommandLine parse_command_line(const QStringList& arguments) {
    CommandLine result;
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption profile(QStringLiteral("profile"), QStringLiteral("profile directory"),
                                     QStringLiteral("DIR"));
    const QCommandLineOption language(QStringLiteral("lang"), QStringLiteral("nl or en"),
                                      QStringLiteral("LANG"));
    parser.addOption(profile);
    parser.addOption(language);
    if (!parser.parse(arguments)) {
        result.error = QStringLiteral("onbekende optie / unknown option: ") + parser.errorText();
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.error =
            QStringLiteral("gebruik / usage: weerbaar-desktop [--profile DIR] [--lang nl|en]");
        return result;
    }
    result.profile = parser.isSet(profile)
                         ? std::filesystem::path(parser.value(profile).toStdString())
                         : client::default_profile_directory();
    if (parser.isSet(language)) {
        const QString value = parser.value(language);
        if (value != QStringLiteral("nl") && value != QStringLiteral("en")) {
            result.error = QStringLiteral("taal moet nl of en zijn / language must be nl or en");
            return result;
        }
        result.language = value;
    }
    return result;
}

}  // namespace weerbaar::desktop
