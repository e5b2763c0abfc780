#pragma once
// The real weerbaar-server binary on a loopback port, with its own data dir.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "child_process.h"

namespace weerbaar::e2e {

class TestServer {
  public:
    explicit TestServer(std::filesystem::path data_dir);

    // More flags for the next start(), such as {"--member-quota-mib", "1"}.
    void set_flags(std::vector<std::string> flags) { flags_ = std::move(flags); }
    // More environment ("NAME=value") for the next start(), such as LD_PRELOAD.
    void set_env(std::vector<std::string> env) { env_ = std::move(env); }

    // Starts the server on 127.0.0.1 (a free port the first time, the same port on
    // a restart, since client profiles remember the address) and waits until it
    // prints "listening on HOST:PORT".
    void start();
    // SIGTERM, then waits; returns the server's exit code.
    int stop();
    // SIGKILL: the server gets no chance to flush or close anything.
    void kill_hard();

    [[nodiscard]] const std::string& address() const { return address_; }
    [[nodiscard]] const std::filesystem::path& data_dir() const { return data_dir_; }
    [[nodiscard]] std::filesystem::path certificate() const { return data_dir_ / "server.crt"; }
    [[nodiscard]] std::string bootstrap_code() const;
    [[nodiscard]] std::string output() const { return read_file(output_); }
    // Where the server's stdout and stderr go (its log), and its process id (-1
    // before the first start).
    [[nodiscard]] const std::filesystem::path& output_path() const { return output_; }
    [[nodiscard]] pid_t pid() const { return process_ ? process_->pid() : -1; }

  private:
    std::filesystem::path data_dir_;
    std::filesystem::path output_;
    std::string address_;
    std::vector<std::string> flags_;
    std::vector<std::string> env_;
    std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace weerbaar::e2e
