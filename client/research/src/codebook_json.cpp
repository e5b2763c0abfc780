// codebook_from_json (research_export.h).
#include <nlohmann/json.hpp>

#include "weerbaar/research/research_export.h"

namespace weerbaar::research {

Result<Codebook> codebook_from_json(std::string json) {
    const auto invalid = [](const std::string& what) {
        return Error(ErrorCode::invalid_argument,
                     "het codeboek is ongeldig: " + what + " / the codebook is invalid",
                     "codebook");
    };
    Codebook codebook;
    try {
        const auto parsed = nlohmann::json::parse(json);
        codebook.version = parsed.at("version").get<std::uint32_t>();
        for (const auto& list : parsed.at("lists")) {
            CodeList out;
            out.name = list.at("name").get<std::string>();
            out.description_nl = list.value("description_nl", std::string());
            for (const auto& code : list.at("codes")) {
                out.codes.emplace_back(code.at("code").get<std::string>(),
                                       code.value("label_nl", code.at("code").get<std::string>()));
            }
            codebook.lists.push_back(std::move(out));
        }
    } catch (const nlohmann::json::exception&) {
        return invalid("geen geldige JSON van de verwachte vorm");
    }
    for (std::string_view needed : kNeededCodeLists) {
        const bool found = std::any_of(codebook.lists.begin(), codebook.lists.end(),
                                       [&](const CodeList& l) { return l.name == needed; });
        if (!found) {
            return invalid("de lijst " + std::string(needed) + " ontbreekt");
        }
    }
    codebook.json = std::move(json);
    return codebook;
}

}  // namespace weerbaar::research
