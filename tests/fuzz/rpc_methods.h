#pragma once
// Every RPC of the weerbaar.v1 services, read from the generated descriptors so that
// an RPC added later is fuzzed without anyone listing it here. The server_requests
// target picks one by the first byte of its input (index modulo the count), and
// fuzz_seeds writes that byte for a seed named after the method.
#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

namespace weerbaar::fuzz {

struct RpcMethod {
    std::string path;  // "/weerbaar.v1.CaseService/GetCase", as gRPC names it
    const google::protobuf::MethodDescriptor* descriptor = nullptr;
};

// Sorted by path; built once. Not thread-safe on the first call.
const std::vector<RpcMethod>& rpc_methods();

// The index of the method whose "<Service>.<Method>" (as "CaseService.GetCase") is
// `name`, or -1.
int rpc_method_index(const std::string& name);

}  // namespace weerbaar::fuzz
