#include "wire_format.h"

#include <cstdlib>
#include <cstring>
#include <limits>

#include "weerbaar/crypto/identity.h"

namespace weerbaar::crypto::wire {

void Writer::header(FormatTag tag, std::uint8_t version) {
    u8(version);
    u8(static_cast<std::uint8_t>(tag));
}

void Writer::u8(std::uint8_t value) { put(ByteView(&value, 1)); }

void Writer::u16(std::uint16_t value) {
    const std::uint8_t out[2] = {static_cast<std::uint8_t>(value >> 8),
                                 static_cast<std::uint8_t>(value)};
    put(out);
}

void Writer::u32(std::uint32_t value) {
    std::uint8_t out[4];
    for (int i = 0; i < 4; ++i) {
        out[i] = static_cast<std::uint8_t>(value >> (8 * (3 - i)));
    }
    put(out);
}

void Writer::u64(std::uint64_t value) {
    std::uint8_t out[8];
    for (int i = 0; i < 8; ++i) {
        out[i] = static_cast<std::uint8_t>(value >> (8 * (7 - i)));
    }
    put(out);
}

void Writer::fixed(ByteView bytes) { put(bytes); }

void Writer::string16(std::string_view text) { bytes16(as_bytes(text)); }

void Writer::bytes16(ByteView bytes) {
    if (bytes.size() > std::numeric_limits<std::uint16_t>::max()) {
        std::abort();  // callers validate lengths before encoding
    }
    u16(static_cast<std::uint16_t>(bytes.size()));
    put(bytes);
}

void Writer::bytes32(ByteView bytes) {
    if (bytes.size() > std::numeric_limits<std::uint32_t>::max()) {
        std::abort();
    }
    u32(static_cast<std::uint32_t>(bytes.size()));
    put(bytes);
}

void Writer::put(ByteView bytes) {
    if (!use_fixed_) {
        grown_.insert(grown_.end(), bytes.begin(), bytes.end());
        return;
    }
    if (bytes.size() > fixed_.size() - position_) {
        std::abort();
    }
    if (!bytes.empty()) {
        std::memcpy(fixed_.data() + position_, bytes.data(), bytes.size());
    }
    position_ += bytes.size();
}

Status Reader::header(FormatTag tag, std::string_view what) {
    WEERBAAR_TRY(versioned_header(tag, kVersion, what));
    return ok_status();
}

Result<std::uint8_t> Reader::versioned_header(FormatTag tag, std::uint8_t newest,
                                              std::string_view what) {
    const std::uint8_t version = u8();
    const std::uint8_t found_tag = u8();
    if (failed_) {
        return Error(ErrorCode::invalid_argument, std::string(what) + ": truncated");
    }
    if (version < kVersion || version > newest) {
        return Error(ErrorCode::invalid_argument,
                     std::string(what) + ": unsupported version " + std::to_string(version));
    }
    if (found_tag != static_cast<std::uint8_t>(tag)) {
        return Error(ErrorCode::invalid_argument,
                     std::string(what) + ": wrong format tag " + std::to_string(found_tag));
    }
    return version;
}

ByteView Reader::take(std::size_t size) {
    if (failed_ || size > input_.size() - position_) {
        failed_ = true;
        return {};
    }
    ByteView out = input_.subspan(position_, size);
    position_ += size;
    return out;
}

std::uint8_t Reader::u8() {
    const ByteView in = take(1);
    return in.empty() ? 0 : in[0];
}

std::uint16_t Reader::u16() {
    const ByteView in = take(2);
    return in.empty() ? 0 : static_cast<std::uint16_t>((in[0] << 8) | in[1]);
}

std::uint32_t Reader::u32() {
    const ByteView in = take(4);
    std::uint32_t value = 0;
    for (const std::uint8_t byte : in) {
        value = (value << 8) | byte;
    }
    return value;
}

std::uint64_t Reader::u64() {
    const ByteView in = take(8);
    std::uint64_t value = 0;
    for (const std::uint8_t byte : in) {
        value = (value << 8) | byte;
    }
    return value;
}

ByteView Reader::fixed(std::size_t size) { return take(size); }

ByteView Reader::bytes16() { return take(u16()); }

ByteView Reader::bytes32() { return take(u32()); }

std::string Reader::string16() {
    const ByteView in = bytes16();
    return {in.begin(), in.end()};
}

Status Reader::finish(std::string_view what) const {
    if (failed_) {
        return Error(ErrorCode::invalid_argument, std::string(what) + ": truncated");
    }
    if (position_ != input_.size()) {
        return Error(ErrorCode::invalid_argument, std::string(what) + ": trailing bytes");
    }
    return ok_status();
}

Status verify_opaque(ByteView public_key, std::string_view domain, ByteView message,
                     ByteView signature) {
    if (!verify_signature(public_key, domain, message, signature).ok()) {
        return opaque_failure();
    }
    return ok_status();
}

Bytes domain_separated(std::string_view domain, ByteView data) {
    Writer writer;
    writer.string16(domain);
    writer.fixed(data);
    return std::move(writer).take();
}

}  // namespace weerbaar::crypto::wire
