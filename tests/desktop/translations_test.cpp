// Dutch first, English too: every string of the desktop client is translated.
// The sources are scanned again with lupdate (into a scratch copy of the committed
// weerbaar_nl.ts), so a tr() string added without a translation fails here, as
// does one marked unfinished or left empty. The compiled translation in the binary
// must load and be used.
#include <QApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include "app_setup.h"

class TranslationsTest : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void every_string_has_a_finished_dutch_translation() {
        QTemporaryDir work;
        QVERIFY(work.isValid());
        const QString project = work.filePath(QStringLiteral("project.json"));
        QProcess generate;
        generate.start(QStringLiteral(WEERBAAR_CMAKE),
                       {QStringLiteral("-DIN_FILE=" WEERBAAR_LUPDATE_PROJECT),
                        QStringLiteral("-DOUT_FILE=") + project, QStringLiteral("-P"),
                        QStringLiteral(WEERBAAR_LUPDATE_GENERATOR)});
        QVERIFY(generate.waitForFinished(60000));
        QCOMPARE(generate.exitCode(), 0);
        const QString ts = work.filePath(QStringLiteral("check.ts"));
        QVERIFY(QFile::copy(QStringLiteral(WEERBAAR_NL_TS), ts));
        QFile::setPermissions(ts, QFile::ReadOwner | QFile::WriteOwner);
        QProcess lupdate;
        lupdate.start(
            QStringLiteral(WEERBAAR_LUPDATE),
            {QStringLiteral("-project"), project, QStringLiteral("-ts"), ts,
             QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none")});
        QVERIFY(lupdate.waitForFinished(120000));
        QCOMPARE(lupdate.exitCode(), 0);

        QFile file(ts);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QString source;
        QStringList missing;
        int messages = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) {
                continue;
            }
            if (xml.name() == QStringLiteral("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QStringLiteral("translation")) {
                ++messages;
                const bool unfinished =
                    xml.attributes().value(QStringLiteral("type")) == QStringLiteral("unfinished");
                // Plural forms hold <numerusform> children; each must be filled.
                QString text;
                bool empty_form = false;
                while (!(xml.isEndElement() && xml.name() == QStringLiteral("translation")) &&
                       !xml.atEnd()) {
                    xml.readNext();
                    if (xml.isCharacters()) {
                        text += xml.text();
                    } else if (xml.isStartElement() &&
                               xml.name() == QStringLiteral("numerusform")) {
                        if (xml.readElementText().trimmed().isEmpty()) {
                            empty_form = true;
                        } else {
                            text += QStringLiteral("x");
                        }
                    }
                }
                if (unfinished || empty_form || text.trimmed().isEmpty()) {
                    missing << source;
                }
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY2(messages > 0, "no strings found: is the project description right?");
        QVERIFY2(
            missing.isEmpty(),
            qPrintable(QStringLiteral("%1 of %2 strings lack a finished Dutch translation (run the "
                                      "weerbaar_desktop_ui_lupdate target, then translate them in "
                                      "client/desktop/translations/weerbaar_nl.ts):\n  ")
                           .arg(missing.size())
                           .arg(messages) +
                       missing.join(QStringLiteral("\n  "))));
    }

    void dutch_is_loaded_and_used() {
        QVERIFY(weerbaar::desktop::install_translation(*qApp, QStringLiteral("nl")));
        const QString lock = QCoreApplication::translate("weerbaar::desktop::MainWindow", "&Lock");
        QVERIFY2(lock != QStringLiteral("&Lock"), qPrintable(lock));
    }
};

QTEST_MAIN(TranslationsTest)
#include "translations_test.moc"
