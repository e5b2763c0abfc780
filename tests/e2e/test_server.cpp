#include "test_server.h"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace weerbaar::e2e {

TestServer::TestServer(std::filesystem::path data_dir)
    : data_dir_(std::move(data_dir)), output_(data_dir_.parent_path() / "server.out") {}

void TestServer::start() {
    const std::string listen = address_.empty() ? "127.0.0.1:0" : address_;
    std::vector<std::string> argv{WEERBAAR_SERVER_BIN, "--data", data_dir_.string(), "--listen",
                                  listen};
    argv.insert(argv.end(), flags_.begin(), flags_.end());
    process_ = std::make_unique<BackgroundProcess>(argv, output_, env_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    const std::string marker = "listening on ";
    while (std::chrono::steady_clock::now() < deadline) {
        const auto text = read_file(output_);
        const auto at = text.find(marker);
        const auto eol = at == std::string::npos ? at : text.find('\n', at);
        if (eol != std::string::npos) {
            address_ = text.substr(at + marker.size(), eol - at - marker.size());
            return;
        }
        if (!process_->running()) throw std::runtime_error("server exited: " + text);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("server did not start in time: " + read_file(output_));
}

int TestServer::stop() { return process_ ? process_->terminate() : -1; }

void TestServer::kill_hard() {
    if (process_) process_->kill_hard();
}

std::string TestServer::bootstrap_code() const {
    auto code = read_file(data_dir_ / "bootstrap-code");
    while (!code.empty() && (code.back() == '\n' || code.back() == '\r')) code.pop_back();
    return code;
}

}  // namespace weerbaar::e2e
