#include "passphrase_prompt.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace weerbaar::cli {
namespace {

constexpr std::size_t kMaxPassphraseBytes = 1024;

class Terminal {
  public:
    Terminal() : fd_(::open("/dev/tty", O_RDWR | O_CLOEXEC)) {}
    ~Terminal() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    [[nodiscard]] int fd() const { return fd_; }
    [[nodiscard]] bool available() const { return fd_ >= 0 && ::isatty(fd_) == 1; }
    void write_text(std::string_view text) const {
        // A prompt that fails to show is not worth failing for; reading still works.
        (void)!::write(fd_, text.data(), text.size());
    }

  private:
    int fd_;
};

// Echo stays off while this lives, and is restored however the read ends.
class EchoOff {
  public:
    explicit EchoOff(int fd) : fd_(fd) {
        if (::tcgetattr(fd_, &saved_) == 0) {
            termios quiet = saved_;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
        }
    }
    ~EchoOff() {
        if (active_) {
            ::tcsetattr(fd_, TCSAFLUSH, &saved_);
        }
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

  private:
    int fd_;
    termios saved_{};
    bool active_ = false;
};

Result<crypto::SecretBuffer> read_line(const Terminal& terminal, std::string_view prompt) {
    terminal.write_text(prompt);
    crypto::SecretBuffer line(kMaxPassphraseBytes);
    std::size_t length = 0;
    {
        const EchoOff echo_off(terminal.fd());
        auto bytes = line.expose_secret();
        while (true) {
            char c = 0;
            const ssize_t got = ::read(terminal.fd(), &c, 1);
            if (got <= 0 || c == '\n' || c == '\r') {
                break;
            }
            if (length == bytes.size()) {
                return Error(ErrorCode::invalid_argument, "passphrase too long");
            }
            bytes[length++] = static_cast<std::uint8_t>(c);
        }
    }
    terminal.write_text("\n");
    return crypto::SecretBuffer::copy_of(line.expose_secret().first(length));
}

std::string_view prompt_for(PassphrasePurpose purpose) {
    switch (purpose) {
        case PassphrasePurpose::unlock:
            return "Wachtwoord / passphrase: ";
        case PassphrasePurpose::current:
            return "Huidig wachtwoord / current passphrase: ";
        case PassphrasePurpose::create:
        case PassphrasePurpose::replace:
            return "Nieuw wachtwoord / new passphrase: ";
    }
    return "Wachtwoord / passphrase: ";
}

}  // namespace

Result<crypto::SecretBuffer> obtain_passphrase(PassphrasePurpose purpose) {
    // The new passphrase of a change has its own variable: a script that sets
    // WEERBAAR_PASSPHRASE to unlock must never reseal under that same value by accident.
    const char* variable =
        purpose == PassphrasePurpose::replace ? "WEERBAAR_NEW_PASSPHRASE" : "WEERBAAR_PASSPHRASE";
    if (const char* env = std::getenv(variable); env != nullptr) {
        return crypto::SecretBuffer::copy_of(crypto::as_bytes(std::string_view(env)));
    }
    const Terminal terminal;
    if (!terminal.available()) {
        return Error(ErrorCode::invalid_argument,
                     purpose == PassphrasePurpose::replace
                         ? "geen nieuw wachtwoord: zet WEERBAAR_NEW_PASSPHRASE of gebruik een "
                           "terminal / no new passphrase: set WEERBAAR_NEW_PASSPHRASE or run in a "
                           "terminal"
                         : "no passphrase: set WEERBAAR_PASSPHRASE or run in a terminal");
    }
    WEERBAAR_ASSIGN_OR_RETURN(crypto::SecretBuffer first, read_line(terminal, prompt_for(purpose)));
    if (purpose == PassphrasePurpose::unlock || purpose == PassphrasePurpose::current) {
        return first;
    }
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer second,
                              read_line(terminal, "Herhaal / repeat passphrase: "));
    if (!first.equals(second)) {
        return Error(ErrorCode::invalid_argument, "the two passphrases differ");
    }
    return first;
}

std::optional<bool> confirm_on_terminal(std::string_view question) {
    if (::isatty(STDIN_FILENO) != 1) {
        return std::nullopt;
    }
    const Terminal terminal;
    if (!terminal.available()) {
        return std::nullopt;
    }
    terminal.write_text(question);
    std::string answer;
    char c = 0;
    while (answer.size() < 16 && ::read(terminal.fd(), &c, 1) == 1 && c != '\n' && c != '\r') {
        answer.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return answer == "ja" || answer == "j" || answer == "yes" || answer == "y";
}

}  // namespace weerbaar::cli
