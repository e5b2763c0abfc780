#pragma once
// libprotobuf writes its own lines to stderr ("[libprotobuf ERROR ...] String field
// ... contains invalid UTF-8 data"), around any front end's own error reporting and
// sometimes quoting field names of case content. A front end calls this once, first:
// every failure that matters already comes back to us as a result (a parse or
// serialise call that returns false), so protobuf's log adds nothing a person needs.

namespace weerbaar::client {

// Drops every libprotobuf log message from now on. Not thread-safe (protobuf's
// SetLogHandler is not): call it before any thread that uses protobuf starts.
void silence_protobuf_logging();

}  // namespace weerbaar::client
