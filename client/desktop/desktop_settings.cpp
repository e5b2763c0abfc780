#include "desktop_settings.h"

#include <algorithm>

namespace weerbaar::desktop {

DesktopSettings::DesktopSettings(const std::filesystem::path& profile_directory)
    : settings_(QString::fromStdString((profile_directory / "desktop.ini").string()),
                QSettings::IniFormat) {}

int DesktopSettings::lock_minutes() const {
    bool ok = false;
    const int minutes =
        settings_.value(QStringLiteral("lock_minutes"), kDefaultLockMinutes).toInt(&ok);
    return ok ? std::clamp(minutes, kMinLockMinutes, kMaxLockMinutes) : kDefaultLockMinutes;
}

void DesktopSettings::set_lock_minutes(int minutes) {
    settings_.setValue(QStringLiteral("lock_minutes"),
                       std::clamp(minutes, kMinLockMinutes, kMaxLockMinutes));
}

QString DesktopSettings::language() const {
    const QString language =
        settings_.value(QStringLiteral("language"), QStringLiteral("nl")).toString();
    return language == QStringLiteral("en") ? language : QStringLiteral("nl");
}

void DesktopSettings::set_language(const QString& language) {
    settings_.setValue(QStringLiteral("language"),
                       language == QStringLiteral("en") ? language : QStringLiteral("nl"));
}

bool DesktopSettings::high_contrast() const {
    return settings_.value(QStringLiteral("high_contrast"), false).toBool();
}

void DesktopSettings::set_high_contrast(bool on) {
    settings_.setValue(QStringLiteral("high_contrast"), on);
}

}  // namespace weerbaar::desktop
