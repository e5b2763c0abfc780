#pragma once
// A combo box of one codebook list: Dutch labels shown (codebook.h dutch_label),
// codes kept as item data, so what is sent is always a code the core knows.

#include <QComboBox>
#include <QString>
#include <string_view>

#include "weerbaar/client/codebook.h"

namespace weerbaar::desktop {

[[nodiscard]] inline QString to_qstring(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

// Adds every code of `list`; `skip` leaves one out (intake is never a status to set).
inline void fill_with_codes(QComboBox* combo, client::CodeList list, std::string_view skip = {}) {
    for (const client::Code& code : client::codes(list)) {
        if (code.code != skip) {
            combo->addItem(to_qstring(code.label_nl), to_qstring(code.code));
        }
    }
}

}  // namespace weerbaar::desktop
