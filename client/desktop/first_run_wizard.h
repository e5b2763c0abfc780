#pragma once
// The first run: what `weerbaar init` and `weerbaar org create` do, for someone who
// will never open a terminal, through the same core calls (organisation_setup.h).
//
//  Join (init):  server and its certificate -> the organisation's fingerprint, to
//                compare by phone with the coordinator (ticked, or typed and checked
//                by the core) -> user name and passphrase twice -> request_enrolment
//                -> the member's own fingerprint, to read to the coordinator.
//  Found (org create): server, certificate and the server's one-time bootstrap code
//                -> user name and passphrase twice -> create_organisation -> both
//                fingerprints.
//
// Every refusal is shown at the field it names (the core's kSetupField*), in the
// core's words, on the page that holds that field. Nothing is written to the
// profile until the server accepted (the core's guarantee). Core calls run off the
// UI thread (background_call.h), with a busy indicator. UI thread only.

#include <QString>
#include <QWizard>
#include <filesystem>
#include <optional>

#include "weerbaar/client/organisation_setup.h"

namespace weerbaar::desktop {

class FirstRunWizard : public QWizard {
    Q_OBJECT
  public:
    enum PageId { choice_page, connection_page, fingerprint_page, account_page, result_page };
    enum class Mode { join, found };

    explicit FirstRunWizard(std::filesystem::path profile_directory, QWidget* parent = nullptr);

    [[nodiscard]] const std::filesystem::path& profile_directory() const { return directory_; }
    [[nodiscard]] Mode mode() const { return mode_; }
    void set_mode(Mode mode) { mode_ = mode; }

    // What the pages learned so far (set by the pages, on the UI thread).
    std::optional<client::ServerEndpoint> endpoint;
    std::optional<client::OrganisationKey> organisation_key;
    std::string bootstrap_code;
    QString organisation_fingerprint;  // shown on the last page
    QString member_fingerprint;

    // Shows `message` at the field `field` (a kSetupField*) on the page holding it,
    // going back to that page if need be; false when no page has that field.
    bool show_at_field(const std::string& field, const QString& message);

  private:
    std::filesystem::path directory_;
    Mode mode_ = Mode::join;
};

}  // namespace weerbaar::desktop
