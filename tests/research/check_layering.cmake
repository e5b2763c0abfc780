# Fails when a file of client/research includes what lies above or beside the method:
# gRPC, protobuf (generated or runtime), SQLite/SQLCipher, Qt, or the client core. The
# method stays pure (docs/architecture.md): it gets decrypted codes and returns bytes.
file(GLOB_RECURSE files ${RESEARCH_DIR}/*.cpp ${RESEARCH_DIR}/*.h)
set(failures "")
foreach(file ${files})
  file(STRINGS ${file} includes REGEX "^[ \t]*#[ \t]*include")
  foreach(line ${includes})
    if(line MATCHES "grpc|google/protobuf|weerbaar/v1/|\\.pb\\.h|sqlite|sqlcipher|<Q|weerbaar/client/")
      string(APPEND failures "${file}: ${line}\n")
    endif()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "client/research includes what the pure method may not use:\n${failures}")
endif()
list(LENGTH files count)
message(STATUS "research layering: ${count} files checked")
