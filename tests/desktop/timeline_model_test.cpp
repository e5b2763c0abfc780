// The timeline model shows what the core verified in the shape it was written: a
// note keeps its line breaks, hostile text (terminal escapes, reordering marks) and
// a hostile author name show as visible markers and never as rich text, a
// quarantined record shows the core's notice and no content, and a replaced note
// is marked, not hidden.
#include "timeline_model.h"

#include <QListView>
#include <QTest>

#include "weerbaar/client/record_description.h"

using namespace weerbaar;
using namespace weerbaar::desktop;

namespace {

client::CaseRecord note_record(std::uint64_t sequence, const std::string& author,
                               const std::string& text) {
    client::CaseRecord record;
    record.sequence = sequence;
    record.record_id = crypto::Bytes(16, static_cast<std::uint8_t>(sequence));
    record.author = author;
    record.created = 1'760'000'000 + static_cast<std::uint64_t>(sequence);
    record.stored_unix = 1'760'000'000 + static_cast<std::int64_t>(sequence);
    record.hash = crypto::Bytes(32, static_cast<std::uint8_t>(0x80 + sequence));
    record.content.mutable_note()->set_text(text);
    return record;
}

client::OpenedCase example_case() {
    client::OpenedCase opened;
    opened.case_id = crypto::Bytes(16, 0x11);
    opened.epoch = 1;
    opened.members = {{"bram", 1}};
    opened.creator = "bram";
    opened.records.push_back(note_record(1, "bram", "eerste regel\ntweede regel\n\tingesprongen"));
    opened.records.push_back(note_record(2, "mallory\x1b]0;pwnd\x07",
                                         "<b>vet</b> \x1b[2J weg \xE2\x80\xAE"
                                         "fdp.exe"));
    client::CaseRecord quarantined = note_record(3, "carla", "");
    quarantined.content.Clear();
    quarantined.quarantined = true;
    quarantined.quarantine_reason = "verzegeld onder een andere sleutel / sealed under another key";
    opened.records.push_back(quarantined);
    // Record 4 corrects record 1 (same author, same kind): 1 stays, marked.
    client::CaseRecord correction = note_record(4, "bram", "verbeterde tekst");
    correction.content.set_supersedes(std::string(16, '\x01'));
    opened.records.push_back(correction);
    return opened;
}

}  // namespace

class TimelineModelTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void a_multi_line_note_keeps_its_line_breaks() {
        TimelineModel model;
        model.set_entries(timeline_entries(example_case()));
        QCOMPARE(model.rowCount(), 4);
        const QString text = model.data(model.index(0), TimelineModel::TextRole).toString();
        QVERIFY2(text.contains(QStringLiteral("eerste regel\ntweede regel\n\tingesprongen")),
                 qPrintable(text));
        const QString shown = model.data(model.index(0), Qt::DisplayRole).toString();
        QVERIFY(shown.startsWith(QStringLiteral("#1  ")));
        QVERIFY(shown.contains(QStringLiteral("bram")));
        const client::OpenedCase opened = example_case();
        QVERIFY(
            shown.contains(QString::fromUtf8(client::record_kind_label(opened.records[0]).data())));
    }

    void hostile_text_and_names_show_as_markers_not_as_commands() {
        TimelineModel model;
        model.set_entries(timeline_entries(example_case()));
        const QString shown = model.data(model.index(1), Qt::DisplayRole).toString();
        QVERIFY(!shown.contains(QChar(0x1b)));
        QVERIFY(!shown.contains(QChar(0x07)));
        QVERIFY(!shown.contains(QChar(0x202e)));
        QVERIFY2(shown.contains(QStringLiteral("\\u{1B}[2J")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("\\u{202E}")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("mallory\\u{1B}]0;pwnd\\u{07}")), qPrintable(shown));
        // Markup stays literal text: the list view's delegate never renders rich text.
        QVERIFY(shown.contains(QStringLiteral("<b>vet</b>")));
        QListView view;
        view.setModel(&model);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.model()->data(view.model()->index(1, 0)).toString(), shown);
    }

    void a_quarantined_record_shows_the_notice_and_no_content() {
        TimelineModel model;
        model.set_entries(timeline_entries(example_case()));
        QVERIFY(model.data(model.index(2), TimelineModel::QuarantinedRole).toBool());
        const QString text = model.data(model.index(2), TimelineModel::TextRole).toString();
        const client::OpenedCase opened = example_case();
        const client::CaseRecord& record = opened.records[2];
        QCOMPARE(text, QString::fromStdString(client::quarantine_notice(record)));
        QVERIFY(text.contains(QStringLiteral("carla")));
        QCOMPARE(model.data(model.index(2), TimelineModel::KindRole).toString(),
                 QString::fromUtf8(client::record_kind_label(record).data()));
        QVERIFY(model.data(model.index(2), Qt::FontRole).value<QFont>().bold());
    }

    void a_replaced_note_is_marked_and_kept() {
        TimelineModel model;
        model.set_entries(timeline_entries(example_case()));
        QCOMPARE(model.data(model.index(0), TimelineModel::ReplacedByRole).toULongLong(), 4ULL);
        QVERIFY(
            model.data(model.index(0), Qt::DisplayRole).toString().contains(QStringLiteral("#4")));
        QVERIFY(model.data(model.index(0), Qt::FontRole).value<QFont>().strikeOut());
        QCOMPARE(model.data(model.index(3), TimelineModel::ReplacedByRole).toULongLong(), 0ULL);
    }

    void an_attachment_row_carries_its_id_and_stored_name() {
        client::OpenedCase opened = example_case();
        client::CaseRecord attachment = note_record(5, "bram", "");
        attachment.content.Clear();
        attachment.content.mutable_attachment()->set_attachment_id(std::string(16, '\xab'));
        attachment.content.mutable_attachment()->set_file_name("../geheim.pdf");
        attachment.content.mutable_attachment()->set_size(10);
        opened.records.push_back(attachment);
        const auto entries = timeline_entries(opened);
        QCOMPARE(entries.back().attachment_hex, QStringLiteral("abababababababababababababababab"));
        QCOMPARE(entries.back().attachment_name, std::string("../geheim.pdf"));
        QVERIFY(entries.front().attachment_hex.isEmpty());
    }

    void out_of_range_rows_answer_nothing() {
        TimelineModel model;
        model.set_entries(timeline_entries(example_case()));
        QVERIFY(!model.data(model.index(9), Qt::DisplayRole).isValid());
        QVERIFY(model.entry(-1) == nullptr);
        model.set_entries({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TimelineModelTest)
#include "timeline_model_test.moc"
