#include "server_config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

#include "privacy_budget.h"
#include "server_limits.h"

namespace weerbaar::server {
namespace {

// "<source>:<line>: <key>: <what>", the one shape of every error of this file.
Error config_error(std::string_view source, const toml::source_region& where, std::string_view key,
                   std::string_view what) {
    std::string line(source);
    if (where.begin.line > 0) {
        line += ":" + std::to_string(where.begin.line);
    }
    line += ": ";
    if (!key.empty()) {
        line += std::string(key) + ": ";
    }
    line += what;
    return Error(ErrorCode::invalid_argument, line);
}

// What a setter says is wrong with a value; config_error adds where.
Error wrong_value(std::string_view what) {
    return Error(ErrorCode::invalid_argument, std::string(what));
}

Status set_data_directory(const toml::node& node, ServerConfig& config) {
    const auto* text = node.as_string();
    if (text == nullptr || text->get().empty()) {
        return wrong_value("must be a path in quotes, such as \"/var/lib/weerbaar\"");
    }
    config.options.data_directory = text->get();
    return ok_status();
}

Status set_listen(const toml::node& node, ServerConfig& config) {
    const auto* text = node.as_string();
    if (text == nullptr) {
        return wrong_value("must be \"HOST:PORT\" in quotes, such as \"0.0.0.0:7443\"");
    }
    if (!parse_listen_address(text->get()).ok()) {
        return wrong_value("must be HOST:PORT with a port 0..65535, not '" + text->get() + "'");
    }
    config.options.listen = text->get();
    return ok_status();
}

Status set_retention_days(const toml::node& node, ServerConfig& config) {
    const auto* number = node.as_integer();
    const std::string range = "1.." + std::to_string(kMaxRetentionDays);
    if (number == nullptr) {
        return wrong_value("must be a whole number of days, " + range);
    }
    if (number->get() < 1 || number->get() > kMaxRetentionDays) {
        return wrong_value("must be " + range + " days, not " + std::to_string(number->get()));
    }
    config.options.retention_days = static_cast<int>(number->get());
    return ok_status();
}

Status set_privacy_budget(const toml::node& node, ServerConfig& config) {
    // As the flag takes it: a decimal with at most three digits after the point. A
    // TOML float is written back in its shortest form (0.25 -> "0.25"), which is
    // the text the operator typed.
    std::string text;
    if (const auto* number = node.as_floating_point()) {
        std::array<char, 64> buffer{};
        const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(),
                                                number->get(), std::chars_format::fixed);
        if (error == std::errc()) {
            text.assign(buffer.data(), end);
        }
    } else if (const auto* whole = node.as_integer()) {
        text = std::to_string(whole->get());
    } else if (const auto* quoted = node.as_string()) {
        text = quoted->get();
    }
    const auto millis = parse_privacy_budget(text);
    if (text.empty() || !millis.ok()) {
        return wrong_value(
            "must be an epsilon from 0.001 to 1000 with at most three decimals, "
            "such as 3.0");
    }
    config.options.privacy_budget_millis = millis.value();
    return ok_status();
}

// A whole number of MiB in `min`..kMaxStorageSettingMib, from the file or a flag.
Result<std::uint64_t> mib_value(const toml::node& node, std::uint64_t min) {
    const std::string range =
        std::to_string(min) + ".." + std::to_string(kMaxStorageSettingMib) + " MiB";
    const auto* number = node.as_integer();
    if (number == nullptr) {
        return wrong_value("must be a whole number of MiB, " + range);
    }
    if (number->get() < 0 || static_cast<std::uint64_t>(number->get()) < min ||
        static_cast<std::uint64_t>(number->get()) > kMaxStorageSettingMib) {
        return wrong_value("must be " + range + ", not " + std::to_string(number->get()));
    }
    return static_cast<std::uint64_t>(number->get());
}

Status set_member_quota(const toml::node& node, ServerConfig& config) {
    WEERBAAR_ASSIGN_OR_RETURN(config.options.member_quota_mib, mib_value(node, 1));
    return ok_status();
}

Status set_free_space_reserve(const toml::node& node, ServerConfig& config) {
    WEERBAAR_ASSIGN_OR_RETURN(config.options.free_space_reserve_mib, mib_value(node, 0));
    return ok_status();
}

Status set_log_level(const toml::node& node, ServerConfig& config) {
    const auto* text = node.as_string();
    constexpr std::string_view kLevels = "trace, debug, info, warn, error, critical or off";
    if (text == nullptr) {
        return wrong_value("must be one of " + std::string(kLevels) + ", in quotes");
    }
    const std::string& name = text->get();
    const auto level = spdlog::level::from_str(name);
    // from_str answers "off" for any name it does not know.
    if (level == spdlog::level::off && name != "off") {
        return wrong_value("must be one of " + std::string(kLevels) + ", not '" + name + "'");
    }
    config.log_level = level;
    return ok_status();
}

Status set_backup_public_key(const toml::node& node, ServerConfig& config) {
    const auto* text = node.as_string();
    if (text == nullptr || text->get().empty()) {
        return wrong_value(
            "must be the path of a backup public key in quotes, such as "
            "\"/etc/weerbaar/backup.pub\"");
    }
    config.backup_public_key = text->get();
    return ok_status();
}

struct Key {
    std::string_view name;
    std::string_view flag;
    Status (*set)(const toml::node&, ServerConfig&);
};

constexpr std::array<Key, 8> kKeys{{
    {"data_directory", "--data", &set_data_directory},
    {"listen", "--listen", &set_listen},
    {"retention_days", "--retention-days", &set_retention_days},
    {"privacy_budget", "--privacy-budget", &set_privacy_budget},
    {"member_quota_mib", "--member-quota-mib", &set_member_quota},
    {"free_space_reserve_mib", "--free-space-reserve-mib", &set_free_space_reserve},
    {"log_level", "--log-level", &set_log_level},
    {"backup_public_key", "--backup-key", &set_backup_public_key},
}};

// The keys whose value is a whole number: a flag's text that is one is given to
// them as a TOML integer.
bool takes_whole_number(std::string_view key) {
    return key == "retention_days" || key == "member_quota_mib" || key == "free_space_reserve_mib";
}

}  // namespace

Status parse_server_config(std::string_view text, std::string_view source, ServerConfig& config) {
    toml::table table;
    try {
        table = toml::parse(text, source);
    } catch (const toml::parse_error& error) {
        return config_error(source, error.source(), "",
                            "not valid TOML: " + std::string(error.description()));
    }
    // Into a copy, so that an error leaves `config` as it was.
    ServerConfig updated = config;
    for (const auto& [name, node] : table) {
        // A copy for the lambda: clang 14 (the fuzz build's) cannot capture a binding.
        const std::string_view key_name = name.str();
        const auto* key = std::find_if(kKeys.begin(), kKeys.end(),
                                       [&](const Key& k) { return k.name == key_name; });
        if (key == kKeys.end()) {
            std::string known;
            for (const Key& k : kKeys) {
                known += (known.empty() ? "" : ", ") + std::string(k.name);
            }
            return config_error(source, name.source(), name.str(),
                                "not a setting (the settings are " + known + ")");
        }
        if (auto set = key->set(node, updated); !set.ok()) {
            return config_error(source, node.source(), name.str(), set.error().message());
        }
    }
    config = std::move(updated);
    return ok_status();
}

Status apply_server_flag(std::string_view flag, std::string_view value, ServerConfig& config) {
    const auto* key =
        std::find_if(kKeys.begin(), kKeys.end(), [&](const Key& k) { return k.flag == flag; });
    if (key == kKeys.end()) {
        return Error(ErrorCode::invalid_argument, std::string(flag) + ": not a setting");
    }
    // The flag's text as the TOML value it stands for: a whole number where the key
    // takes one, a string otherwise (the setters take numbers in quotes too).
    std::int64_t whole = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), whole);
    const bool is_whole = error == std::errc() && end == value.data() + value.size();
    ServerConfig updated = config;
    const Status set = takes_whole_number(key->name) && is_whole
                           ? key->set(toml::value<std::int64_t>(whole), updated)
                           : key->set(toml::value<std::string>(std::string(value)), updated);
    if (!set.ok()) {
        return Error(ErrorCode::invalid_argument, std::string(flag) + ": " + set.error().message());
    }
    config = std::move(updated);
    return ok_status();
}

Status load_server_config(const std::filesystem::path& file, ServerConfig& config) {
    std::error_code error;
    if (!std::filesystem::exists(file, error)) {
        return Error(ErrorCode::not_found, file.string() + ": no such file");
    }
    if (std::filesystem::is_directory(file, error)) {
        return Error(ErrorCode::invalid_argument, file.string() + ": is a folder, not a file");
    }
    std::ifstream in(file, std::ios::binary);
    if (!in.is_open()) {
        return Error(ErrorCode::invalid_argument,
                     file.string() + ": cannot be read (does the server's user have the right?)");
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        return Error(ErrorCode::invalid_argument, file.string() + ": cannot be read");
    }
    return parse_server_config(text.str(), file.string(), config);
}

}  // namespace weerbaar::server
