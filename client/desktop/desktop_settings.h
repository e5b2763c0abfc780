#pragma once
// The desktop client's own preferences, kept beside the profile in desktop.ini (not
// secret: no content, no keys): when to lock, which language, which theme.

#include <QSettings>
#include <QString>
#include <filesystem>

namespace weerbaar::desktop {

inline constexpr int kDefaultLockMinutes = 5;
inline constexpr int kMinLockMinutes = 1;
inline constexpr int kMaxLockMinutes = 240;

class DesktopSettings {
  public:
    explicit DesktopSettings(const std::filesystem::path& profile_directory);

    // Minutes without keyboard or mouse input before the client locks itself.
    [[nodiscard]] int lock_minutes() const;
    void set_lock_minutes(int minutes);  // clamped to [kMinLockMinutes, kMaxLockMinutes]
    // "nl" (the default) or "en".
    [[nodiscard]] QString language() const;
    void set_language(const QString& language);
    [[nodiscard]] bool high_contrast() const;
    void set_high_contrast(bool on);

  private:
    mutable QSettings settings_;
};

}  // namespace weerbaar::desktop
