#include "weerbaar/client/protobuf_logging.h"

#include <google/protobuf/stubs/logging.h>

namespace weerbaar::client {
namespace {

// A FATAL message is still followed by protobuf's own abort or exception; dropping
// its text only keeps stderr to our one line (main's last guard says "interne fout").
void drop_protobuf_log(google::protobuf::LogLevel /*level*/, const char* /*file*/, int /*line*/,
                       const std::string& /*message*/) {}

}  // namespace

void silence_protobuf_logging() { google::protobuf::SetLogHandler(&drop_protobuf_log); }

}  // namespace weerbaar::client
