// `watch`: placeholder until notifications land.
#include "commands.h"

namespace weerbaar::cli {

Status run_watch(const std::filesystem::path& /*profile*/,
                 const std::optional<std::uint64_t>& /*limit*/) {
    return Error(ErrorCode::internal, "watch is not built yet");
}

}  // namespace weerbaar::cli
