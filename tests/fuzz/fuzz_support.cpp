#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

namespace weerbaar::fuzz {

void initialise_crypto() {
    static const bool ready = crypto::initialise().ok();
    require(ready, "libsodium did not initialise");
}

void require(bool holds, const char* what) {
    if (!holds) {
        std::fprintf(stderr, "weerbaar fuzz: property broken: %s\n", what);
        std::abort();
    }
}

const nlohmann::json& vector_file(std::string_view name) {
    static std::map<std::string, nlohmann::json, std::less<>> files;
    if (const auto found = files.find(name); found != files.end()) {
        return found->second;
    }
    std::ifstream in(std::string(WEERBAAR_VECTORS_DIR) + "/" + std::string(name));
    require(in.good(), "a test vector file is missing");
    auto parsed = nlohmann::json::parse(in, nullptr, false);
    require(!parsed.is_discarded(), "a test vector file is not JSON");
    return files.emplace(std::string(name), std::move(parsed)).first->second;
}

Bytes vector_bytes(std::string_view file, std::string_view pointer) {
    const auto& json = vector_file(file);
    const nlohmann::json::json_pointer at{std::string(pointer)};
    require(json.contains(at) && json.at(at).is_string(), "a test vector field is missing");
    auto bytes = crypto::from_hex(json.at(at).get<std::string>());
    require(bytes.ok(), "a test vector field is not hex");
    return std::move(bytes).value();
}

crypto::SecretBuffer vector_secret(std::string_view file, std::string_view pointer) {
    const Bytes bytes = vector_bytes(file, pointer);
    return crypto::SecretBuffer::copy_of(bytes);
}

crypto::EncryptionKeyPair vector_encryption_key(std::string_view file, std::string_view pointer) {
    auto pair = crypto::EncryptionKeyPair::from_secret(vector_secret(file, pointer));
    require(pair.ok(), "a test vector key is not an X25519 secret key");
    return std::move(pair).value();
}

SplitInput split_input(ByteView input) {
    if (input.size() < 2) {
        return {input, {}};
    }
    const std::size_t wanted = (static_cast<std::size_t>(input[0]) << 8U) | input[1];
    const ByteView rest = input.subspan(2);
    const std::size_t at = wanted % (rest.size() + 1);
    return {rest.first(at), rest.subspan(at)};
}

}  // namespace weerbaar::fuzz
