// fuzz_seeds: writes a fuzz target's seed corpus (docs/testing.md, "Fuzzing").
//
//   fuzz_seeds <out dir> [--hex <vector.json>] [--whole <file>]
//              [--text <message type> <file.txtpb>] [--rpc <Service.Method.txtpb>]...
//
// --hex    every hex string in a test vector file (tests/vectors/), decoded: the
//          encoded records, certificates, wraps... the vectors pin down
// --whole  the file as it is (an intake or codebook JSON)
// --text   a protobuf message in text format, serialised
// --rpc    a request in text format for the server_requests target: the method's
//          index byte (rpc_methods.h), a caller byte (1: a confidant), then the
//          serialised request; the file name names the method
// --rpc-every <caller byte>  an empty request on every method, as that caller
// The directory is emptied first, so a seed that was dropped does not linger.
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include <sodium.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "fuzz_support.h"
#include "rpc_methods.h"
#include "weerbaar/v1/content.pb.h"

namespace {

using weerbaar::fuzz::require;

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    require(in.good(), "a seed source file cannot be read");
    return {std::istreambuf_iterator<char>(in), {}};
}

class SeedWriter {
  public:
    explicit SeedWriter(std::filesystem::path directory) : directory_(std::move(directory)) {
        std::filesystem::remove_all(directory_);
        std::filesystem::create_directories(directory_);
    }
    // Named after the content's hash, as libFuzzer names corpus files: a seed found in
    // two sources is written once.
    void write(const std::string& bytes) {
        unsigned char digest[16];
        crypto_generichash(digest, sizeof digest,
                           reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                           nullptr, 0);
        char hex[sizeof digest * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
        std::ofstream(directory_ / hex, std::ios::binary) << bytes;
        ++written_;
    }
    [[nodiscard]] std::size_t written() const { return written_; }

  private:
    std::filesystem::path directory_;
    std::size_t written_ = 0;
};

void hex_strings(const nlohmann::json& json, SeedWriter& seeds) {
    if (json.is_object() || json.is_array()) {
        for (const auto& item : json) {
            hex_strings(item, seeds);
        }
        return;
    }
    if (!json.is_string()) {
        return;
    }
    const auto& text = json.get_ref<const std::string&>();
    auto bytes = weerbaar::crypto::from_hex(text);
    if (text.size() >= 8 && bytes.ok()) {  // a short hex-looking word is no seed
        seeds.write(std::string(bytes.value().begin(), bytes.value().end()));
    }
}

std::string serialised_text(const google::protobuf::Descriptor* type, const std::string& text) {
    require(type != nullptr, "--text names no message type");
    google::protobuf::DynamicMessageFactory factory;
    std::unique_ptr<google::protobuf::Message> message(factory.GetPrototype(type)->New());
    require(google::protobuf::TextFormat::ParseFromString(text, message.get()),
            "a seed in text format does not parse");
    return message->SerializeAsString();
}

}  // namespace

int main(int argc, char** argv) {
    weerbaar::fuzz::initialise_crypto();
    if (argc < 2) {
        std::fprintf(stderr, "usage: fuzz_seeds <out dir> [--hex|--whole|--text|--rpc ...]...\n");
        return 2;
    }
    SeedWriter seeds(argv[1]);
    const auto* pool = google::protobuf::DescriptorPool::generated_pool();
    for (int i = 2; i < argc; ++i) {
        const std::string option = argv[i];
        require(i + 1 < argc, "an option without its file");
        if (option == "--rpc-every") {
            const auto caller = static_cast<char>(std::stoi(argv[++i]));
            for (std::size_t index = 0; index < weerbaar::fuzz::rpc_methods().size(); ++index) {
                seeds.write(std::string{static_cast<char>(index), caller});
            }
        } else if (option == "--hex") {
            auto json = nlohmann::json::parse(read_file(argv[++i]), nullptr, false);
            require(!json.is_discarded(), "a --hex file is not JSON");
            hex_strings(json, seeds);
        } else if (option == "--whole") {
            seeds.write(read_file(argv[++i]));
        } else if (option == "--text") {
            require(i + 2 < argc, "--text wants a message type and a file");
            // Naming a message of content.proto links its descriptor; the services'
            // files come with rpc_methods().
            (void)weerbaar::v1::RecordContent::descriptor();
            (void)weerbaar::fuzz::rpc_methods();
            const auto* type = pool->FindMessageTypeByName(argv[i + 1]);
            seeds.write(serialised_text(type, read_file(argv[i + 2])));
            i += 2;
        } else if (option == "--rpc") {
            const std::filesystem::path path = argv[++i];
            (void)weerbaar::fuzz::rpc_methods();  // links the generated descriptors
            const int index = weerbaar::fuzz::rpc_method_index(path.stem().string());
            require(index >= 0, "an --rpc seed's file name names no method");
            const auto* method =
                weerbaar::fuzz::rpc_methods()[static_cast<std::size_t>(index)].descriptor;
            std::string seed{static_cast<char>(index), static_cast<char>(1)};
            seed += serialised_text(method->input_type(), read_file(path));
            seeds.write(seed);
        } else {
            require(false, "an unknown option");
        }
    }
    std::printf("fuzz_seeds %s: %zu seeds\n", argv[1], seeds.written());
    require(seeds.written() > 0, "no seed was written");
    return 0;
}
