// fuzz_replay: runs fuzz targets on saved inputs without libFuzzer, so that any
// compiler's build (the GCC one `make test` uses) replays every seed and every crash
// found before under ctest. `fuzz_replay <target> <file or directory>...`: each file
// once, directories recursively; a crash or a broken property aborts, as it would
// under libFuzzer. Fails when it ran no input at all, so that a seed corpus that went
// missing cannot pass unnoticed.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <vector>

#include "fuzz_target_table.h"

namespace {

int run_file(weerbaar::fuzz::FuzzEntry entry, const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
    // A copy of exactly the input's size, so that ASan sees a read past its end.
    std::vector<std::uint8_t> input(bytes.begin(), bytes.end());
    return entry(input.empty() ? nullptr : input.data(), input.size());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: fuzz_replay <target> <file or directory>...\n");
        return 2;
    }
    const std::string_view name = argv[1];
    const auto entry = weerbaar::fuzz::find_fuzz_target(name);
    if (entry == nullptr) {
        std::fprintf(stderr, "fuzz_replay: no target '%s'\n", argv[1]);
        return 2;
    }
    std::size_t ran = 0;
    for (int i = 2; i < argc; ++i) {
        const std::filesystem::path root(argv[i]);
        if (std::filesystem::is_regular_file(root)) {
            run_file(entry, root);
            ++ran;
            continue;
        }
        if (!std::filesystem::is_directory(root)) {
            continue;  // a target with no saved crashes has no regressions directory
        }
        for (const auto& item : std::filesystem::recursive_directory_iterator(root)) {
            if (item.is_regular_file() && item.path().filename().string().front() != '.') {
                run_file(entry, item.path());
                ++ran;
            }
        }
    }
    std::printf("fuzz_replay %s: %zu inputs ran\n", argv[1], ran);
    return ran == 0 ? 1 : 0;
}
