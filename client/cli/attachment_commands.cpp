// `case attach` and `case attachment`: parse, check what can be checked locally
// before the passphrase prompt, then hand over to client/core (attachment_transfer.h).
#include <iostream>

#include "command_session.h"
#include "commands.h"
#include "weerbaar/client/attachment_transfer.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_lookup.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/record_description.h"

namespace weerbaar::cli {
namespace {}  // namespace

Status run_case_attach(const std::filesystem::path& directory, const std::string& case_text,
                       const std::filesystem::path& file) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    WEERBAAR_TRY(client::check_attachable_file(file));
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(session, case_text));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::AttachedFile attached,
                              client::attach_file(session, members, case_id, file));
    if (attached.name_repaired) {
        // Said, not hidden: the name others will see is not the one on this disk.
        std::cout << "bestandsnaam aangepast naar '" << attached.file_name
                  << "' (geen geldige UTF-8 of stuurtekens) / file name repaired to '"
                  << attached.file_name << "' (not valid UTF-8 or control characters)\n";
    }
    std::cout << "Bijlage toegevoegd / attachment added: "
              << client::display_line(attached.file_name) << "\n"
              << client::format_attachment_id(attached.attachment_id) << std::endl;
    return ok_status();
}

Status run_case_attachment(const std::filesystem::path& directory, const std::string& case_text,
                           const std::string& attachment_text, const std::filesystem::path& out) {
    WEERBAAR_TRY(client::check_case_id_text(case_text));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes attachment_id,
                              client::parse_attachment_id(attachment_text));
    WEERBAAR_TRY(client::check_attachment_destination(out));
    WEERBAAR_ASSIGN_OR_RETURN(const client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes case_id,
                              client::resolve_case_id(session, case_text));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    WEERBAAR_ASSIGN_OR_RETURN(
        const client::FetchedAttachment fetched,
        client::fetch_attachment(session, members, case_id, attachment_id, out));
    std::cout << "Bijlage opgeslagen / attachment saved: " << out.string() << " (" << fetched.size
              << " bytes, '" << client::display_line(fetched.file_name) << "')" << std::endl;
    return ok_status();
}

}  // namespace weerbaar::cli
