#pragma once
// The server's settings file (docs/operations.md, "Configuration"): TOML, read with
// toml++ (Debian's libtomlplusplus). main() reads it first and applies the command
// line over it, so a flag given always wins over the file.
//
// Every key, its unit and its default (the defaults are those of ServerOptions):
//
//   data_directory = "var"              path; the database, keys and attachments
//   listen         = "127.0.0.1:7443"   HOST:PORT; port 0 picks a free port
//   retention_days = 730                days a closed case is kept, 1..36500
//   privacy_budget = 3.0                epsilon per quarter for research exports,
//                                       0.001..1000, at most three decimals
//   member_quota_mib = 10240            MiB one member may store (records authored,
//                                       attachments uploaded), 1..16777216
//   free_space_reserve_mib = 1024       MiB kept free on the data directory's file
//                                       system (appends, cases, uploads refused
//                                       below it), 0..16777216; 0: not checked
//   log_level      = "info"             trace, debug, info, warn, error, critical, off
//   backup_public_key = ""              path; the operator's backup public key that
//                                       `weerbaar-server backup` seals to (--backup-key);
//                                       "" means the flag must name it
//
// Pure parsing: no I/O but reading the one file, no logging; thread-safe.

#include <spdlog/common.h>

#include <filesystem>
#include <string_view>

#include "server_instance.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

// Where the packaged service's file lives; `--config` names another. A missing file
// at this default path means the built-in defaults (a developer's `make run`).
inline constexpr const char* kDefaultConfigPath = "/etc/weerbaar/server.toml";

// What the file (and then the flags) set.
struct ServerConfig {
    ServerOptions options;
    spdlog::level::level_enum log_level = spdlog::level::info;
    // `weerbaar-server backup` only (docs/operations.md, "Back up and restore").
    std::filesystem::path backup_public_key;
};

// Applies the settings in `text` (TOML) to `config`: each key present replaces the
// value already there; keys absent leave it. `source` names the text in errors
// (the file's path). On error `config` is unchanged and the error is
// invalid_argument with one line a operator can act on, "<source>:<line>: <key>:
// <what is wrong>", for: text that is not TOML, a key that is no setting (a typo
// must not be ignored), a value of the wrong type or out of its range.
[[nodiscard]] Status parse_server_config(std::string_view text, std::string_view source,
                                         ServerConfig& config);

// One setting given on the command line: `flag` is the key with "--" before it and
// '-' for '_' ("--log-level" for log_level; "--data" for data_directory), `value`
// the flag's text, checked as the file's value is. invalid_argument "<flag>: <what
// is wrong>" (config unchanged) for a bad value or a flag that is no setting.
[[nodiscard]] Status apply_server_flag(std::string_view flag, std::string_view value,
                                       ServerConfig& config);

// parse_server_config on the contents of `file`. not_found when there is no such
// file; invalid_argument when it cannot be read (naming the file and the reason).
[[nodiscard]] Status load_server_config(const std::filesystem::path& file, ServerConfig& config);

}  // namespace weerbaar::server
