// Property: random bytes in any text field of any record kind never make a record
// that cannot be read back. Either the content rule refuses it (invalid_argument,
// nothing sealed), or it serialises and parses back equal, as every reader will
// parse it; and whatever a hostile record holds, what is shown of it holds no
// dangerous character. Seeded; the seed is printed, and WEERBAAR_PROPERTY_SEED
// replays a run.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/message_differencer.h>
#include <utf8proc.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "record_examples.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/client/record_content_check.h"
#include "weerbaar/client/record_description.h"

namespace weerbaar::client {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr int kIterations = 4000;
constexpr std::size_t kMaxPieces = 24;

// A string field somewhere in a record: the message holding it and the field.
struct TextField {
    Message* message;
    const FieldDescriptor* field;
    int index;  // element of a repeated field, -1 for a singular one
};

void collect(Message& message, std::vector<TextField>& out) {
    const google::protobuf::Descriptor& descriptor = *message.GetDescriptor();
    const google::protobuf::Reflection& reflection = *message.GetReflection();
    for (int i = 0; i < descriptor.field_count(); ++i) {
        const FieldDescriptor* field = descriptor.field(i);
        if (field->containing_oneof() != nullptr && !reflection.HasField(message, field)) {
            continue;
        }
        if (field->type() == FieldDescriptor::TYPE_STRING) {
            if (field->is_repeated()) {
                for (int j = 0; j < reflection.FieldSize(message, field); ++j) {
                    out.push_back({&message, field, j});
                }
            } else {
                out.push_back({&message, field, -1});
            }
        } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field->is_repeated()) {
            collect(*reflection.MutableMessage(&message, field), out);
        }
    }
}

void set(const TextField& target, std::string value) {
    const google::protobuf::Reflection& reflection = *target.message->GetReflection();
    if (target.index < 0) {
        reflection.SetString(target.message, target.field, std::move(value));
    } else {
        reflection.SetRepeatedString(target.message, target.field, target.index, std::move(value));
    }
}

// Random text built from pieces that matter. Half the texts use every piece: any
// byte, NUL, surrogates, overlongs; the other half only valid UTF-8 (letters, Dutch
// letters, line breaks, escapes, bidi overrides, BOM, emoji), so that many records
// pass and the read-back side of the property is exercised as much as the refusals.
std::string random_text(std::mt19937_64& random) {
    static const std::array<std::string, 12> kValidPieces = {"a",
                                                             "Z",
                                                             " ",
                                                             "\n",
                                                             "\t",
                                                             "\r",
                                                             "\xC3\xAB",
                                                             "\x1B[2J",
                                                             "\xE2\x80\xAE",
                                                             "\xEF\xBB\xBF",
                                                             "\xF0\x9F\x98\x80",
                                                             "\xE2\x80\x8D"};
    static const std::array<std::string, 4> kInvalidPieces = {std::string(1, '\0'), "\xED\xA0\x80",
                                                              "\xC0\xAF", "\xC2"};
    const bool anything = std::bernoulli_distribution(0.5)(random);
    std::uniform_int_distribution<std::size_t> pieces(0, kMaxPieces);
    std::uniform_int_distribution<std::size_t> valid(0, kValidPieces.size() - 1);
    std::uniform_int_distribution<int> kind(0, 3);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string text;
    const std::size_t count = pieces(random);
    for (std::size_t i = 0; i < count; ++i) {
        const int pick = anything ? kind(random) : 0;
        if (pick == 0 || pick == 1) {
            text += kValidPieces[valid(random)];
        } else if (pick == 2) {
            text += kInvalidPieces[static_cast<std::size_t>(byte(random)) % kInvalidPieces.size()];
        } else {
            text += static_cast<char>(byte(random));  // any byte at all
        }
    }
    return text;
}

// Every character of `shown` is safe to put on a terminal: valid UTF-8, no control
// but line feed and tab (and not even those on one line), no format character, no
// line or paragraph separator.
bool safe_to_show(const std::string& shown, bool one_line) {
    for (std::size_t i = 0; i < shown.size();) {
        utf8proc_int32_t code_point = -1;
        const auto length =
            utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(shown.data() + i),
                             static_cast<utf8proc_ssize_t>(shown.size() - i), &code_point);
        if (length <= 0) {
            return false;
        }
        const bool kept_space = !one_line && (code_point == '\n' || code_point == '\t');
        const utf8proc_category_t category = utf8proc_category(code_point);
        if (!kept_space && (category == UTF8PROC_CATEGORY_CC || category == UTF8PROC_CATEGORY_CF ||
                            category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP)) {
            return false;
        }
        i += static_cast<std::size_t>(length);
    }
    return true;
}

std::uint64_t seed() {
    if (const char* given = std::getenv("WEERBAAR_PROPERTY_SEED")) {
        return std::strtoull(given, nullptr, 10);
    }
    return std::random_device{}();
}

}  // namespace

TEST_CASE("random bytes in any text field never make an unreadable record", "[content][property]") {
    const std::uint64_t run_seed = seed();
    std::cout << "record content property: seed " << run_seed
              << " (WEERBAAR_PROPERTY_SEED=" << run_seed << " replays it)" << std::endl;
    CAPTURE(run_seed);
    std::mt19937_64 random(run_seed);
    const std::vector<v1::RecordContent> examples = testing::example_records();
    std::uniform_int_distribution<std::size_t> pick_kind(0, examples.size() - 1);
    std::size_t accepted = 0;
    std::size_t refused = 0;

    for (int iteration = 0; iteration < kIterations; ++iteration) {
        CAPTURE(iteration);
        v1::RecordContent content = examples[pick_kind(random)];
        std::vector<TextField> fields;
        collect(content, fields);
        REQUIRE_FALSE(fields.empty());
        const TextField& target =
            fields[std::uniform_int_distribution<std::size_t>(0, fields.size() - 1)(random)];
        CAPTURE(target.field->full_name());
        const std::string value = random_text(random);
        set(target, value);

        const Status checked = check_record_content(content);
        if (checked.ok()) {
            ++accepted;
            // What a writer would seal, read back the way every reader reads it.
            std::string serialised;
            REQUIRE(content.SerializeToString(&serialised));
            v1::RecordContent parsed;
            REQUIRE(parsed.ParseFromString(serialised));
            CHECK(google::protobuf::util::MessageDifferencer::Equals(parsed, content));
            CHECK(check_record_content(parsed).ok());
        } else {
            ++refused;
            CHECK(checked.error().code() == ErrorCode::invalid_argument);
            CHECK(safe_to_show(checked.error().message(), true));
        }

        // Whatever a record holds (a hostile client may seal anything), what is shown
        // of it is safe, and its JSON can be written.
        CHECK(safe_to_show(display_text(value), false));
        CHECK(safe_to_show(display_line(value), true));
        CHECK(safe_to_show(describe_record_text(content), false));
        CHECK(safe_to_show(describe_record(content, 120), true));
        CHECK_NOTHROW(nlohmann::json(display_text(value)).dump());
        if (content.has_intake()) {
            CHECK_NOTHROW(intake_to_json(content.intake())
                              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
    }
    INFO("accepted " << accepted << ", refused " << refused);
    CHECK(accepted > kIterations / 50);
    CHECK(refused > kIterations / 10);
}

}  // namespace weerbaar::client
