# Fails when a file of client/desktop includes a header that belongs below the core:
# libsodium, gRPC, SQLite/SQLCipher, protobuf's runtime, the crypto library (other
# than its plain data types), or the core's private sources. The desktop client
# reaches all of those only through weerbaar/client/*.
file(GLOB files ${DESKTOP_DIR}/*.cpp ${DESKTOP_DIR}/*.h)
set(failures "")
foreach(file ${files})
  file(STRINGS ${file} includes REGEX "^[ \t]*#[ \t]*include")
  foreach(line ${includes})
    if(line MATCHES "sodium|grpc|sqlite|sqlcipher|google/protobuf|_grpc\\.|session_rpc")
      string(APPEND failures "${file}: ${line}\n")
    elseif(line MATCHES "weerbaar/crypto/" AND NOT line MATCHES "weerbaar/crypto/(bytes|secret_buffer)\\.h")
      string(APPEND failures "${file}: ${line}\n")
    endif()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "client/desktop includes what only client/core may use:\n${failures}")
endif()
list(LENGTH files count)
message(STATUS "desktop layering: ${count} files checked")
