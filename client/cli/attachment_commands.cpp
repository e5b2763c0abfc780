// `case attach` and `case attachment`: placeholder until the attachment transfer lands.
#include "commands.h"

namespace weerbaar::cli {

Status run_case_attach(const std::filesystem::path& /*profile*/, const std::string& /*case_id*/,
                       const std::filesystem::path& /*file*/) {
    return Error(ErrorCode::internal, "case attach is not built yet");
}

Status run_case_attachment(const std::filesystem::path& /*profile*/,
                           const std::string& /*case_id*/, const std::string& /*attachment_id*/,
                           const std::filesystem::path& /*out*/) {
    return Error(ErrorCode::internal, "case attachment is not built yet");
}

}  // namespace weerbaar::cli
