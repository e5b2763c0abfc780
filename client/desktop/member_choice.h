#pragma once
// Fills a combo box with members: the name shown made safe (display_line), the name
// itself kept as item data.

#include <QComboBox>
#include <functional>

#include "case_members.h"
#include "weerbaar/client/display_text.h"

namespace weerbaar::desktop {

inline void fill_with_members(QComboBox* combo, const CaseMembers& members,
                              const std::function<bool(const CaseMember&)>& offer) {
    for (const CaseMember& member : members) {
        if (offer(member)) {
            combo->addItem(QString::fromStdString(client::display_line(member.user.toStdString())),
                           member.user);
        }
    }
}

}  // namespace weerbaar::desktop
