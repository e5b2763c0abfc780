// Case work: contacts, referrals, status, timeline, handover and tasks.
#include "commands.h"

namespace weerbaar::cli {

Status run_case_contact(const std::filesystem::path&, const std::string&, const ContactOptions&) {
    return Error(ErrorCode::internal, "not built yet");
}
Status run_case_refer(const std::filesystem::path&, const std::string&, const std::string&,
                      const std::string&) {
    return Error(ErrorCode::internal, "not built yet");
}
Status run_case_status(const std::filesystem::path&, const std::string&, const std::string&,
                       const std::optional<std::string>&) {
    return Error(ErrorCode::internal, "not built yet");
}
Status run_case_timeline(const std::filesystem::path&, const std::string&, bool) {
    return Error(ErrorCode::internal, "not built yet");
}
Status run_case_handover(const std::filesystem::path&, const std::string&, const std::string&,
                         bool) {
    return Error(ErrorCode::internal, "not built yet");
}
Status run_task_add(const std::filesystem::path&, const std::string&, const TaskOptions&) {
    return Error(ErrorCode::internal, "not built yet");
}
Status run_task_done(const std::filesystem::path&, const std::string&, const std::string&) {
    return Error(ErrorCode::internal, "not built yet");
}
Status run_task_list(const std::filesystem::path&, const TaskFilter&, bool) {
    return Error(ErrorCode::internal, "not built yet");
}

}  // namespace weerbaar::cli
