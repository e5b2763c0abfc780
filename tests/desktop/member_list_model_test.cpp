// The member table answers from memory: names as display_line made them, the
// status in words, and a changed key said in words (and bold besides), with the key
// this client knew in the tooltip; the own row is never offered for verifying.
#include "member_list_model.h"

#include <QFont>
#include <QTest>

using namespace weerbaar::desktop;

namespace {

MemberRow row(const char* user, MemberRow::Key key, bool revoked = false) {
    MemberRow out;
    out.user = QString::fromLatin1(user);
    out.name = out.user;
    out.role = QStringLiteral("peer");
    out.revoked = revoked;
    out.active = !revoked;
    out.fingerprint = QStringLiteral("12345 67890 12345 67890 12345 67890 12345 67890");
    out.key = key;
    return out;
}

QVariant cell(const MemberListModel& model, int r, int column, int role = Qt::DisplayRole) {
    return model.index(r, column).data(role);
}

}  // namespace

class MemberListModelTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void every_column_is_text_from_the_row() {
        MemberListModel model;
        model.set_rows({row("carla", MemberRow::Key::verified)});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.columnCount(), 5);
        QCOMPARE(cell(model, 0, MemberListModel::name_column).toString(), QStringLiteral("carla"));
        QCOMPARE(cell(model, 0, MemberListModel::role_column).toString(), QStringLiteral("peer"));
        QCOMPARE(cell(model, 0, MemberListModel::status_column).toString(),
                 MemberListModel::tr("active"));
        QCOMPARE(cell(model, 0, MemberListModel::fingerprint_column).toString(),
                 QStringLiteral("12345 67890 12345 67890 12345 67890 12345 67890"));
        QCOMPARE(cell(model, 0, MemberListModel::key_column).toString(),
                 MemberListModel::tr("verified by you"));
        QCOMPARE(cell(model, 0, 0, MemberListModel::user_role).toString(), QStringLiteral("carla"));
    }

    void a_changed_key_is_said_in_words_with_the_old_key_at_hand() {
        MemberListModel model;
        MemberRow changed = row("daan", MemberRow::Key::changed);
        changed.old_fingerprint = QStringLiteral("99999 88888 77777 66666 55555 44444 33333 22222");
        model.set_rows({changed, row("carla", MemberRow::Key::unverified)});
        const QString text = cell(model, 0, MemberListModel::key_column).toString();
        QCOMPARE(text,
                 MemberListModel::tr("KEY CHANGED: check first (call them and choose Verify)"));
        QVERIFY(text != cell(model, 1, MemberListModel::key_column).toString());
        QVERIFY(cell(model, 0, MemberListModel::key_column, Qt::FontRole).value<QFont>().bold());
        QVERIFY(cell(model, 0, MemberListModel::key_column, Qt::ToolTipRole)
                    .toString()
                    .contains(changed.old_fingerprint));
        QCOMPARE(cell(model, 0, 0, MemberListModel::key_role).toInt(),
                 static_cast<int>(MemberRow::Key::changed));
        QVERIFY(!cell(model, 1, MemberListModel::key_column, Qt::FontRole).isValid());
    }

    void a_revoked_member_says_so() {
        MemberListModel model;
        model.set_rows({row("daan", MemberRow::Key::verified, true)});
        QCOMPARE(cell(model, 0, MemberListModel::status_column).toString(),
                 MemberListModel::tr("revoked"));
        QVERIFY(cell(model, 0, 0, MemberListModel::revoked_role).toBool());
        QVERIFY(!cell(model, 0, 0, MemberListModel::active_role).toBool());
    }

    void the_own_row_is_marked_as_yours() {
        MemberListModel model;
        MemberRow self = row("anne", MemberRow::Key::verified);
        self.self = true;
        model.set_rows({self});
        QCOMPARE(cell(model, 0, MemberListModel::name_column).toString(),
                 MemberListModel::tr("%1 (you)").arg(QStringLiteral("anne")));
        QCOMPARE(cell(model, 0, MemberListModel::key_column).toString(),
                 MemberListModel::tr("your own key"));
        QVERIFY(model.find(QStringLiteral("anne")) != nullptr);
        QVERIFY(model.find(QStringLiteral("nobody")) == nullptr);
    }
};

QTEST_MAIN(MemberListModelTest)
#include "member_list_model_test.moc"
