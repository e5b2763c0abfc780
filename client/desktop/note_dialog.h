#pragma once
// A note on a case (append_note). The text is kept as a draft while it is typed
// (about a second after the last key, and at the lock), so nothing typed is lost to
// the lock, a crash or a closed window; it is discarded once the note is sent or the
// person cancels.

#include <QPlainTextEdit>
#include <QTimer>

#include "weerbaar/client/draft_store.h"
#include "write_dialog.h"

namespace weerbaar::desktop {

class NoteDialog : public WriteDialog {
    Q_OBJECT
  public:
    NoteDialog(AppController& controller, QString case_hex, QWidget* parent);

    [[nodiscard]] QPlainTextEdit* text_edit() const { return text_; }
    // Fills the form from a draft of kind "note" (a body from draft()).
    void restore(const client::Draft& draft);
    // The form as a draft (id "note-<case>").
    [[nodiscard]] client::Draft draft() const;
    static QString draft_id_for(const QString& case_hex);
    // Cancel: the person throws the text away, so its draft goes too.
    void reject() override;

  protected:
    [[nodiscard]] Status check() override;
    [[nodiscard]] Job job() override;
    void after_written() override;

  private:
    void save_draft_now();

    QPlainTextEdit* text_;
    QTimer draft_timer_;
};

}  // namespace weerbaar::desktop
