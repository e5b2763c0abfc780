#pragma once
// One valid record of every kind in proto/weerbaar/v1/content.proto, each field set
// to something a real client writes, for tests that break one field at a time.

#include <string>
#include <vector>

#include "weerbaar/crypto/attachment_stream.h"
#include "weerbaar/v1/content.pb.h"

namespace weerbaar::client::testing {

inline v1::RecordContent example_intake() {
    v1::RecordContent content;
    v1::Intake& intake = *content.mutable_intake();
    intake.set_codebook_version(1);
    v1::Reporter& reporter = *intake.mutable_reporter();
    reporter.set_name("Marieke de Vries");
    reporter.set_contact("06-12345678");
    reporter.set_office_role("wethouder");
    reporter.set_municipality("GM0344");
    reporter.set_province("utrecht");
    v1::Incident& incident = *intake.mutable_incident();
    incident.set_date("2026-11-14");
    incident.add_types("bedreiging");
    incident.add_types("online_haat");
    incident.set_channel("sociale_media");
    incident.set_perpetrator("inwoner");
    incident.set_risk_level("hoog");
    incident.set_description("Berichten met doodsbedreigingen na het raadsdebat.");
    intake.add_referrals("politie");
    intake.set_summary("Wethouder ervaart aanhoudende online bedreigingen.");
    return content;
}

inline std::vector<v1::RecordContent> example_records() {
    std::vector<v1::RecordContent> records{example_intake()};
    v1::RecordContent note;
    note.mutable_note()->set_text("Ze was erg ge\xC3\xABmotioneerd.\nVolgende week\tbellen.");
    records.push_back(note);

    v1::RecordContent counselling;
    counselling.mutable_counselling()->set_date("2026-11-20");
    counselling.mutable_counselling()->set_duration_minutes(45);
    counselling.mutable_counselling()->set_contact_kind("telefoon");
    counselling.mutable_counselling()->set_text("Telefonisch gesprek.");
    records.push_back(counselling);

    v1::RecordContent task;
    task.mutable_task()->set_title("Terugbellen na zitting");
    task.mutable_task()->set_assignee("carla");
    task.mutable_task()->set_due("2026-12-01");
    records.push_back(task);

    v1::RecordContent status;
    status.mutable_status()->set_status("gesloten");
    status.mutable_status()->set_outcome("opgelost");
    records.push_back(status);

    v1::RecordContent referral;
    referral.mutable_referral()->set_to("politie");
    referral.mutable_referral()->set_note("Aangifte besproken.");
    records.push_back(referral);

    v1::RecordContent attachment;
    v1::AttachmentReference& reference = *attachment.mutable_attachment();
    reference.set_attachment_id(std::string(crypto::kAttachmentIdSize, 'a'));
    reference.set_file_name("brief van de burger.pdf");
    reference.set_size(1000);
    reference.set_key(std::string(crypto::kAttachmentKeySize, 'k'));
    reference.set_ciphertext_size(crypto::attachment_ciphertext_size(1000));
    reference.set_ciphertext_hash(std::string(32, 'h'));
    records.push_back(attachment);

    v1::RecordContent handover;
    handover.mutable_handover()->set_from("bram");
    handover.mutable_handover()->set_to("erik");
    records.push_back(handover);
    return records;
}

}  // namespace weerbaar::client::testing
