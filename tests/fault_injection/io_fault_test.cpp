// I/O faults on the real binaries (docs/testing.md, "I/O faults"): the server and the CLI
// run with io_fault_shim.so preloaded, which makes chosen write, fsync, rename and
// link calls fail with EIO or ENOSPC. For the server's database, its attachment
// store and its key files, and for the client's profile files, each fault must give
// a clean error (no crash, one plain line), lose nothing acknowledged, and leave
// things so that the next start or command works.
//
// Every scenario asserts that its fault fired (the shim logs each one): a fault
// test whose fault never happened proves nothing and fails. With
// WEERBAAR_FAULT_FIGURES=FILE set, each test appends "component op errno count"
// lines to FILE, the figures of docs/testing.md, "I/O faults".

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"
#include "cli_runner.h"
#include "operator_database.h"
#include "test_server.h"

namespace weerbaar::e2e {
namespace {

namespace fs = std::filesystem;

// One fault: which calls (WEERBAAR_FAULT_OPS), with which errno, the Nth matching
// call (skip) and how many from there (count; 0: all while armed).
struct Fault {
    std::string ops;
    std::string error;
    long skip = 0;
    long count = 1;
};

std::string describe(const Fault& fault) {
    return fault.ops + " " + fault.error + " skip " + std::to_string(fault.skip) + " count " +
           std::to_string(fault.count);
}

// The shim's environment, its control file and its log of injected faults.
class FaultShim {
  public:
    explicit FaultShim(const fs::path& dir)
        : log_(dir / "injected-faults.log"), control_(dir / "faults-armed") {}

    // The environment that preloads the shim for `path_part`. `controlled`: armed
    // only between arm() and disarm().
    [[nodiscard]] std::vector<std::string> env(const std::string& path_part, const Fault& fault,
                                               bool controlled) const {
        std::vector<std::string> env{std::string("LD_PRELOAD=") + WEERBAAR_IO_FAULT_SHIM,
                                     "WEERBAAR_FAULT_PATH=" + path_part,
                                     "WEERBAAR_FAULT_OPS=" + fault.ops,
                                     "WEERBAAR_FAULT_ERRNO=" + fault.error,
                                     "WEERBAAR_FAULT_SKIP=" + std::to_string(fault.skip),
                                     "WEERBAAR_FAULT_COUNT=" + std::to_string(fault.count),
                                     "WEERBAAR_FAULT_LOG=" + log_.string()};
        if (controlled) {
            env.push_back("WEERBAAR_FAULT_CONTROL=" + control_.string());
        }
        return env;
    }
    void arm() const { std::ofstream(control_).put('1'); }
    void disarm() const { fs::remove(control_); }

    // The faults injected since the last call, one log line each.
    std::vector<std::string> take() {
        std::vector<std::string> lines;
        std::ifstream in(log_);
        std::string line;
        std::size_t index = 0;
        while (std::getline(in, line)) {
            if (index++ >= seen_) lines.push_back(line);
        }
        seen_ = index;
        return lines;
    }

  private:
    fs::path log_;
    fs::path control_;
    std::size_t seen_ = 0;
};

// Faults injected per component and kind, for the figures.
class Figures {
  public:
    explicit Figures(std::string component) : component_(std::move(component)) {}
    ~Figures() {
        const char* file = std::getenv("WEERBAAR_FAULT_FIGURES");
        if (file == nullptr || *file == '\0') return;
        std::ofstream out(file, std::ios::app);
        for (const auto& [kind, count] : counts_) {
            out << component_ << " " << kind << " " << count << "\n";
        }
    }
    Figures(const Figures&) = delete;
    Figures& operator=(const Figures&) = delete;

    // The shim's lines start "<call> <errno> <path>": counted by call and errno.
    void add(const std::vector<std::string>& injected) {
        for (const auto& line : injected) {
            const auto second_space = line.find(' ', line.find(' ') + 1);
            ++counts_[line.substr(0, second_space)];
        }
    }

    void note(const std::string& what, std::size_t count) { counts_[what] += count; }

  private:
    std::string component_;
    std::map<std::string, std::size_t> counts_;
};

// A clean error from the CLI: it exited by itself with a failure code and said
// what went wrong in one line starting "weerbaar: ", without a crash's traces.
void check_clean_cli_error(const ProcessResult& result) {
    INFO("exit " << result.exit_code << ", stderr: " << result.err);
    CHECK(result.exit_code > 0);
    CHECK(result.err.rfind("weerbaar: ", 0) == 0);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(result.err.find("terminate called") == std::string::npos);
}

// The server's disk failed: a full one is said as such (RESOURCE_EXHAUSTED, "nothing
// was stored"), any other fault as an internal error, never as a size limit.
void check_server_disk_wording(const ProcessResult& result, const Fault& fault) {
    INFO("stderr: " << result.err);
    if (fault.error == "ENOSPC") {
        CHECK(result.err.find("de schijf van de server is vol; er is niets bewaard") !=
              std::string::npos);
    } else {
        CHECK(result.err.rfind("weerbaar: interne fout", 0) == 0);
    }
    CHECK(result.err.find("te groot of te vaak") == std::string::npos);
}

// The notes' texts from `case show --json`, in order.
std::vector<std::string> note_texts(const CliRunner& cli, const std::string& user,
                                    const std::string& case_id) {
    const auto shown = cli.run(user, {"case", "show", case_id, "--json"});
    INFO(shown.err);
    REQUIRE(shown.exit_code == 0);
    std::vector<std::string> texts;
    const auto document = nlohmann::json::parse(shown.out);  // outlives the loop over it
    for (const auto& record : document.at("records")) {
        if (record.at("kind") == "note") texts.push_back(record.at("text").get<std::string>());
    }
    return texts;
}

std::string integrity_of(const fs::path& data_dir) {
    OperatorDatabase database(data_dir);
    const auto rows = database.query("PRAGMA integrity_check;");
    REQUIRE(rows.size() == 1);
    return std::get<std::string>(rows.at(0).at(0));
}

// How a start of the real server went: it listened (and was stopped again), or it
// exited by itself.
struct StartOutcome {
    bool listened = false;
    int exit_code = -1;
    std::string output;
};

StartOutcome start_once(const fs::path& data_dir, const fs::path& output,
                        const std::vector<std::string>& env) {
    BackgroundProcess process(
        {WEERBAAR_SERVER_BIN, "--data", data_dir.string(), "--listen", "127.0.0.1:0"}, output, env);
    StartOutcome outcome;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (read_file(output).find("listening on ") != std::string::npos) {
            outcome.listened = true;
            outcome.exit_code = process.terminate();
            outcome.output = read_file(output);
            return outcome;
        }
        if (!process.running()) {
            outcome.exit_code = process.terminate();
            outcome.output = read_file(output);
            return outcome;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL("the server neither listened nor exited within 30 s: " << read_file(output));
    return outcome;
}

// A file of `size` bytes that differ from one file to the next.
fs::path make_file(const fs::path& path, std::size_t size, char seed) {
    std::ofstream out(path, std::ios::binary);
    for (std::size_t i = 0; i < size; ++i) out.put(static_cast<char>(seed + i * 7 % 251));
    return path;
}

std::set<std::string> names_in(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) {
        names.insert(entry.path().filename().string());
    }
    return names;
}

}  // namespace

// Every write, sync, link and rename a first start makes in its data directory
// (the keys db.key, audit.key, server.key and server.crt, the bootstrap code, the
// status file, the new database) fails in turn, one per start. Each faulted start
// either listens anyway or exits non-zero saying why; the next start without the
// fault then listens, with a whole identity and a sound database.
TEST_CASE("server key files: a fault at any point of the first start, then a start that works",
          "[e2e][faults]") {
    TempDir dir;
    FaultShim shim(dir.path());
    Figures figures("server-key-files");
    struct Sweep {
        std::string path_part;  // appended to the data directory's path
        std::string ops;
        long step;  // every step-th matching call, so that 190 database writes cost 10 starts
    };
    // "/#": the unnamed (O_TMPFILE) files that become the keys and the code.
    const std::vector<Sweep> sweeps{{"", "link", 1},
                                    {"", "rename", 1},
                                    {"", "fsync", 1},
                                    {"/#", "write", 1},
                                    {"", "write", 20}};
    int point = 0;
    std::size_t listened_anyway = 0;
    std::size_t refused_to_start = 0;
    for (const auto& sweep : sweeps) {
        for (long skip = 0;; skip += sweep.step) {
            const fs::path data = dir.path() / ("data-" + std::to_string(point++));
            const Fault fault{sweep.ops, point % 2 == 0 ? "EIO" : "ENOSPC", skip, 1};
            INFO("fault: " << describe(fault) << " on " << data.string() + sweep.path_part);
            const auto faulted =
                start_once(data, dir.path() / "server.out",
                           shim.env(data.string() + sweep.path_part, fault, false));
            const auto injected = shim.take();
            figures.add(injected);
            if (injected.empty()) {
                // Past the last matching call: nothing to fault here any more. The
                // sweep must have faulted something before it got here.
                CHECK(skip > 0);
                CHECK(faulted.listened);
                break;
            }
            INFO("injected: " << injected.front() << "\nserver said:\n" << faulted.output);
            if (faulted.listened) {
                ++listened_anyway;
            } else {
                // It stopped by itself and said why, last, in a line of its own.
                ++refused_to_start;
                CHECK(faulted.exit_code > 0);
                CHECK(faulted.output.find("terminate called") == std::string::npos);
                CHECK(last_line(faulted.output).rfind("weerbaar-server: ", 0) == 0);
            }
            const auto recovered = start_once(data, dir.path() / "server.out", {});
            INFO("the next start said:\n" << recovered.output);
            REQUIRE(recovered.listened);
            CHECK(recovered.exit_code == 0);
            for (const char* name :
                 {"db.key", "audit.key", "server.key", "server.crt", "bootstrap-code"}) {
                CHECK(fs::exists(data / name));
            }
            CHECK(integrity_of(data) == "ok");
            fs::remove_all(data);
        }
    }
    figures.note("faulted-starts-that-exited", refused_to_start);
    figures.note("faulted-starts-that-listened", listened_anyway);
}

// Appends while the database or its WAL cannot be written or synced: the append
// fails with a clean error, the server keeps serving, and after a restart every
// acknowledged note is there, the failed one absent or whole, the database sound.
TEST_CASE("server database: a failed write or sync of an append loses nothing acknowledged",
          "[e2e][faults]") {
    TempDir dir;
    FaultShim shim(dir.path());
    Figures figures("server-database");
    TestServer server(dir.path() / "data");
    server.start();
    const CliRunner cli(dir.path() / "profiles");
    cli.build_team(server, "anne", {{"bram", "confidant"}});
    const auto opened = cli.run("bram", {"case", "new", "--intake", WEERBAAR_EXAMPLE_INTAKE});
    REQUIRE(opened.exit_code == 0);
    const auto case_id = last_line(opened.out);

    std::vector<std::string> acknowledged;
    std::set<std::string> failed;
    // count 0: every write or sync of the database fails while armed, as on a disk
    // that stays full or broken until someone acts.
    const std::vector<Fault> faults{{"write", "EIO", 0, 0},
                                    {"fsync", "ENOSPC", 0, 1},
                                    {"write", "ENOSPC", 0, 1},
                                    {"fsync", "EIO", 0, 0}};
    for (std::size_t i = 0; i < faults.size(); ++i) {
        INFO("fault: " << describe(faults[i]));
        CHECK(server.stop() == 0);
        server.set_env(shim.env((server.data_dir() / "weerbaar.db").string(), faults[i], true));
        server.start();
        const std::string before = "Voor fout " + std::to_string(i) + ": gesprek gevoerd.";
        REQUIRE(cli.run("bram", {"case", "note", case_id, "--text", before}).exit_code == 0);
        acknowledged.push_back(before);

        const std::string during = "Tijdens fout " + std::to_string(i) + ": niet bevestigd.";
        shim.arm();
        const auto result = cli.run("bram", {"case", "note", case_id, "--text", during});
        shim.disarm();
        const auto injected = shim.take();
        figures.add(injected);
        REQUIRE_FALSE(injected.empty());
        INFO("server log:\n" << server.output());
        check_clean_cli_error(result);
        check_server_disk_wording(result, faults[i]);
        failed.insert(during);

        // The same server process takes the next append, with no restart.
        const std::string after = "Na fout " + std::to_string(i) + ": weer bewaard.";
        const auto next = cli.run("bram", {"case", "note", case_id, "--text", after});
        INFO(next.err);
        REQUIRE(next.exit_code == 0);
        acknowledged.push_back(after);
    }

    // A hard stop, as if the faulted disk took the machine down with it.
    server.kill_hard();
    CHECK(integrity_of(server.data_dir()) == "ok");
    server.set_env({});
    server.start();
    const auto texts = note_texts(cli, "bram", case_id);
    std::vector<std::string> kept;
    for (const auto& text : texts) {
        INFO("stored: " << text);
        const bool known =
            std::find(acknowledged.begin(), acknowledged.end(), text) != acknowledged.end();
        CHECK((known || failed.count(text) == 1));
        if (known) kept.push_back(text);
    }
    CHECK(kept == acknowledged);
    CHECK(server.stop() == 0);
}

// Uploads whose blob cannot be written, synced or linked into place: the upload
// fails with a clean error, no blob or .part file is left, the next upload works
// and the earlier attachment still downloads intact.
TEST_CASE("server attachment store: a failed write, sync or link of an upload leaves no blob",
          "[e2e][faults]") {
    TempDir dir;
    FaultShim shim(dir.path());
    Figures figures("server-attachments");
    TestServer server(dir.path() / "data");
    server.start();
    const CliRunner cli(dir.path() / "profiles");
    cli.build_team(server, "anne", {{"bram", "confidant"}});
    const auto opened = cli.run("bram", {"case", "new", "--intake", WEERBAAR_EXAMPLE_INTAKE});
    REQUIRE(opened.exit_code == 0);
    const auto case_id = last_line(opened.out);
    const fs::path files = dir.path() / "files";
    fs::create_directories(files);
    const fs::path store = server.data_dir() / "attachments";

    // Attachment id -> the file it holds, for every acknowledged upload.
    std::map<std::string, fs::path> stored;
    const auto attach = [&](const fs::path& file) {
        const auto result = cli.run("bram", {"case", "attach", case_id, file.string()});
        INFO(result.err);
        REQUIRE(result.exit_code == 0);
        stored[last_line(result.out)] = file;
    };
    attach(make_file(files / "eerste.pdf", 300 * 1024, 'a'));

    // 2.5 MiB: two chunks, so that skip 1 of a write fails the upload halfway. The
    // second fsync of an upload is the directory's, after the link.
    const std::vector<Fault> faults{{"write", "EIO", 0, 1},    {"write", "ENOSPC", 1, 1},
                                    {"fsync", "ENOSPC", 0, 1}, {"fsync", "EIO", 1, 1},
                                    {"link", "EIO", 0, 1},     {"link", "ENOSPC", 0, 1}};
    for (std::size_t i = 0; i < faults.size(); ++i) {
        INFO("fault: " << describe(faults[i]));
        CHECK(server.stop() == 0);
        server.set_env(shim.env(store.string(), faults[i], true));
        server.start();
        const auto file =
            make_file(files / ("fout-" + std::to_string(i) + ".pdf"), 2560 * 1024, char('b' + i));
        shim.arm();
        const auto result = cli.run("bram", {"case", "attach", case_id, file.string()});
        shim.disarm();
        const auto injected = shim.take();
        figures.add(injected);
        REQUIRE_FALSE(injected.empty());
        INFO("server log:\n" << server.output());
        check_clean_cli_error(result);
        check_server_disk_wording(result, faults[i]);

        // Only the acknowledged blobs are on disk: nothing half-written, no .part.
        std::set<std::string> expected;
        for (const auto& [id, path] : stored) expected.insert(case_id + "-" + id);
        CHECK(names_in(store) == expected);

        attach(make_file(files / ("na-" + std::to_string(i) + ".pdf"), 200 * 1024, char('k' + i)));
    }

    for (const auto& [id, path] : stored) {
        const fs::path out = dir.path() / ("terug-" + id);
        const auto fetched =
            cli.run("bram", {"case", "attachment", case_id, id, "--out", out.string()});
        INFO(fetched.err);
        REQUIRE(fetched.exit_code == 0);
        CHECK(read_file(out) == read_file(path));
    }
    server.kill_hard();
    CHECK(integrity_of(server.data_dir()) == "ok");
}

// The client's own files: the keystore, profile.json, the pinned server.crt and the
// local SQLCipher store. A fault while the CLI writes one gives a clear error, the
// old file stays as it was (or absent, for a new profile), and the next command
// works.
TEST_CASE("client profile files: a failed write, sync, rename or link keeps the old file",
          "[e2e][faults]") {
    TempDir dir;
    FaultShim shim(dir.path());
    Figures figures("client-profile");
    TestServer server(dir.path() / "data");
    server.start();
    const CliRunner cli(dir.path() / "profiles");
    const auto fingerprints =
        cli.build_team(server, "anne", {{"bram", "confidant"}, {"carla", "peer"}});
    const auto opened = cli.run("bram", {"case", "new", "--intake", WEERBAAR_EXAMPLE_INTAKE});
    REQUIRE(opened.exit_code == 0);
    const auto case_id = last_line(opened.out);

    const auto faulted = [&](const std::string& user, const std::vector<std::string>& args,
                             const std::string& file, const Fault& fault,
                             std::vector<std::string> env = {}, std::string pattern = {}) {
        // Profile files are written to ".NAME.tmp-XXXXXX" and renamed or linked
        // to NAME (durable_file); the local store is written in place by SQLite.
        const bool staged_write =
            !file.starts_with("store.db") && (fault.ops == "write" || fault.ops == "fsync");
        const fs::path target = cli.profile(user) / (staged_write ? "." + file + ".tmp-" : file);
        if (pattern.empty()) pattern = target.string();
        const auto shim_env = shim.env(pattern, fault, false);
        env.insert(env.end(), shim_env.begin(), shim_env.end());
        const auto result = cli.run_with_env(user, args, env);
        const auto injected = shim.take();
        figures.add(injected);
        INFO("fault: " << describe(fault) << " on " << file << "; stderr: " << result.err);
        REQUIRE_FALSE(injected.empty());
        check_clean_cli_error(result);
        // Worded for what happened on this computer: a full disk as such, never as
        // a quota or a size limit, and no fault of this disk as an unreachable server.
        if (fault.error == "ENOSPC") {
            CHECK(result.err.rfind("weerbaar: de schijf van deze computer is vol", 0) == 0);
        }
        CHECK(result.err.find("server niet bereikbaar") == std::string::npos);
        CHECK(result.err.find("te groot of te vaak") == std::string::npos);
        return result;
    };

    {
        INFO("init: the new keystore cannot be written, synced or linked; init again works");
        const std::vector<Fault> faults{
            {"write", "ENOSPC", 0, 1}, {"fsync", "EIO", 0, 1}, {"link", "EIO", 0, 1}};
        for (const auto& fault : faults) {
            faulted("dirk", cli.init_args(server, "dirk"), "keystore", fault);
            CHECK_FALSE(fs::exists(cli.profile("dirk") / "keystore"));
        }
        const auto init = cli.run("dirk", cli.init_args(server, "dirk"));
        INFO(init.err);
        CHECK(init.exit_code == 0);
    }

    {
        INFO("profile.json: a failed replace keeps the old file");
        const fs::path settings = cli.profile("bram") / "profile.json";
        const std::string before = read_file(settings);
        const std::vector<Fault> faults{
            {"rename", "ENOSPC", 0, 1}, {"write", "EIO", 0, 1}, {"fsync", "ENOSPC", 0, 1}};
        for (const auto& fault : faults) {
            faulted("bram", {"server", "set-address", "127.0.0.1:1"}, "profile.json", fault);
            CHECK(read_file(settings) == before);
        }
        CHECK(names_in(cli.profile("bram")).count("profile.json") == 1);
        for (const auto& name : names_in(cli.profile("bram"))) {
            INFO(name);
            CHECK(name.find(".tmp-") == std::string::npos);
        }
        const auto shown = cli.run("bram", {"case", "show", case_id});
        INFO(shown.err);
        CHECK(shown.exit_code == 0);
    }

    {
        INFO("keystore: a failed passphrase change keeps the old passphrase working");
        const fs::path keystore = cli.profile("bram") / "keystore";
        const std::string before = read_file(keystore);
        const std::vector<std::string> new_passphrase{
            "WEERBAAR_NEW_PASSPHRASE=een nieuw en langer wachtwoord"};
        const std::vector<Fault> faults{
            {"rename", "EIO", 0, 1}, {"write", "ENOSPC", 0, 1}, {"fsync", "EIO", 0, 1}};
        for (const auto& fault : faults) {
            faulted("bram", {"passphrase", "change"}, "keystore", fault, new_passphrase);
            CHECK(read_file(keystore) == before);
        }
        const auto shown = cli.run("bram", {"case", "show", case_id});
        INFO(shown.err);
        CHECK(shown.exit_code == 0);
    }

    {
        INFO(
            "keystore, profile.json: the directory cannot be synced once the new file is in place");
        // The rename has happened when the directory's fsync fails: the old file
        // must come back, or a passphrase change that reported an error would
        // have left only the new passphrase working.
        const fs::path keystore = cli.profile("bram") / "keystore";
        const fs::path settings = cli.profile("bram") / "profile.json";
        const std::string keystore_before = read_file(keystore);
        const std::string settings_before = read_file(settings);
        const std::string directory = cli.profile("bram").string() + "$";  // its own fsync only
        faulted("bram", {"passphrase", "change"}, "", {"fsync", "EIO", 0, 1},
                {"WEERBAAR_NEW_PASSPHRASE=een nieuw en langer wachtwoord"}, directory);
        CHECK(read_file(keystore) == keystore_before);
        faulted("bram", {"server", "set-address", "127.0.0.1:1"}, "", {"fsync", "ENOSPC", 0, 1}, {},
                directory);
        CHECK(read_file(settings) == settings_before);
        for (const auto& name : names_in(cli.profile("bram"))) {
            INFO(name);
            CHECK(name.find(".tmp-") == std::string::npos);
        }
        const auto shown = cli.run("bram", {"case", "show", case_id});  // the old passphrase
        INFO(shown.err);
        CHECK(shown.exit_code == 0);
    }

    {
        INFO("local store: a failed write or sync of store.db, then the next command works");
        const std::vector<Fault> faults{{"write", "EIO", 0, 0}, {"fsync", "ENOSPC", 0, 0}};
        for (const auto& fault : faults) {
            faulted("bram", {"case", "note", case_id, "--text", "Lokaal niet bewaard."}, "store.db",
                    fault);
            const auto shown = cli.run("bram", {"case", "show", case_id});
            INFO(shown.err);
            CHECK(shown.exit_code == 0);
        }
    }

    {
        INFO("local store: a trust pin that cannot be written, then verifying works");
        // store.db-wal only: the store opens (a read) and the pin, its first write,
        // fails.
        const std::vector<std::string> verify{"member", "verify", "carla", "--fingerprint",
                                              fingerprints.at("carla")};
        const std::vector<Fault> faults{{"write", "ENOSPC", 0, 0}, {"fsync", "EIO", 0, 0}};
        for (const auto& fault : faults) {
            faulted("bram", verify, "store.db-wal", fault);
        }
        const auto verified = cli.run("bram", verify);
        INFO(verified.err);
        CHECK(verified.exit_code == 0);
        const auto shared = cli.run("bram", {"case", "share", case_id, "--with", "carla"});
        INFO(shared.err);
        CHECK(shared.exit_code == 0);
        CHECK(shared.err.find("nooit gecontroleerd") == std::string::npos);
    }
    CHECK(server.stop() == 0);
}

}  // namespace weerbaar::e2e
