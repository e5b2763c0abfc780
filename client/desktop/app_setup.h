#pragma once
// What weerbaar-desktop sets up before its first window, shared with the tests so
// they run the windows as the program does.

#include <QString>
#include <filesystem>
#include <optional>

class QApplication;
class QTranslator;

namespace weerbaar::desktop {

// No core dumps and no ptrace by other processes of the same user: a dump of this
// process would hold decrypted case content and the keys.
void harden_process();

// Loads the translation for `language` ("nl": Dutch, the default; "en": the English
// source strings, nothing to load) into the application. Returns false when the
// Dutch translation is missing from the binary (a build fault). UI thread.
bool install_translation(QApplication& app, const QString& language);

// Logs of Qt itself go to stderr without any content of ours: the client never
// passes case text, names or keys to qDebug/qWarning (docs/architecture.md).
void install_message_filter();

struct CommandLine {
    std::filesystem::path profile;    // --profile DIR, else default_profile_directory()
    std::optional<QString> language;  // --lang nl|en overrides the setting
    QString error;                    // non-empty: what was wrong (Dutch / English)
};
[[nodiscard]] CommandLine parse_command_line(const QStringList& arguments);

}  // namespace weerbaar::desktop
