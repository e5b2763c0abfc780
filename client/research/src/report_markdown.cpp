#include "report_markdown.h"

#include <cstdio>

#include "weerbaar/research/k_anonymity.h"

namespace weerbaar::research {
namespace {

std::string decimal(double value, const char* format) {
    char text[32];
    (void)std::snprintf(text, sizeof text, format, value);
    std::string out = text;
    for (char& c : out) {
        if (c == '.') {
            c = ',';  // Dutch decimal comma
        }
    }
    return out;
}

}  // namespace

std::string report_markdown(const ExportReport& report, const ExportSettings& settings,
                            std::uint32_t codebook_version) {
    const double in = static_cast<double>(report.rows_in_period);
    const auto rate = [&](std::size_t rows) {
        return in == 0 ? std::string("0 %")
                       : decimal(100.0 * static_cast<double>(rows) / in, "%.1f") + " %";
    };
    std::string md;
    md += "# Onderzoeksexport Weerbaar\n\n";
    md += "Periode: " + settings.from_period + " tot en met " + settings.to_period +
          ". Codeboek versie " + std::to_string(codebook_version) + ". Gemaakt door " +
          settings.exporter + ".\n\n";
    md +=
        "Dit pakket bevat geen namen, contactgegevens, gemeenten, vrije tekst of exacte data: "
        "alleen codes uit het codeboek en tellingen.\n\n";

    md += "## Microdata (microdata.csv)\n\n";
    md +=
        "Eén rij per zaak. De kenmerken waarmee iemand te herkennen kan zijn (periode, regio, "
        "ambtsgroep) zijn zo veel als nodig veralgemeend, en daarna lokaal onderdrukt, zodat "
        "elke combinatie van die drie minstens k = " +
        std::to_string(settings.k) + " keer voorkomt.\n\n";
    md += "| | |\n|---|---|\n";
    md += "| Zaken in de periode | " + std::to_string(report.rows_in_period) + " |\n";
    md += "| Gepubliceerde rijen | " + std::to_string(report.rows_published) + " |\n";
    md += "| Weggelaten rijen (onderdrukt) | " + std::to_string(report.rows_suppressed) + " (" +
          rate(report.rows_suppressed) + ") |\n";
    md += "| Rijen met één kenmerk op \"*\" | " + std::to_string(report.rows_starred) + " (" +
          rate(report.rows_starred) + ") |\n";
    md += "| Periode gepubliceerd als | " + report.period_level + " |\n";
    md += "| Regio gepubliceerd als | " + report.region_level + " |\n";
    md += "| Ambtsgroep gepubliceerd als | " + report.office_level + " |\n";
    md += "| Informatieverlies (Precision, 0 tot 1) | " + decimal(report.information_loss, "%.3f") +
          " |\n\n";
    // The search keeps to the bound when any node of the lattice does (k_anonymity.h);
    // when none does, it takes the node that removes the fewest rows, and says so.
    const bool within_bound = static_cast<double>(report.rows_suppressed + report.rows_starred) <=
                              kDefaultMaxSuppression * static_cast<double>(report.rows_in_period);
    md +=
        "Hiërarchieën: kwartaal → halfjaar → jaar → *; provincie → landsdeel (CBS: noord, "
        "oost, west, zuid) → *; ambtsgroep → *. ";
    md += within_bound
              ? "Gekozen is de minste veralgemening waarbij ten hoogste 5 % van de rijen een "
                "\"*\" krijgt of wegvalt. "
              : "Geen enkele veralgemening bleef binnen de grens van 5 % van de rijen met een "
                "\"*\" of weggelaten (te weinig zaken voor deze k); gekozen is de veralgemening "
                "die de minste rijen weglaat. ";
    md += "\"*\" betekent: onderdrukt; \"onbekend\" betekent: niet vastgelegd.\n\n";

    md += "## Tabellen met ruis (tabel_*.csv)\n\n";
    md += "De tabellen zijn differentieel privaat met epsilon = " +
          decimal(settings.epsilon_millis / 1000.0, "%.3f") +
          " voor deze uitgave, gelijk verdeeld over de vijf tabellen. Elke telling kreeg "
          "ruis uit de discrete Laplace-verdeling (exacte steekproef in gehele getallen, "
          "Canonne, Kamath & Steinke 2020) met schaal t = D / epsilon per tabel, D de "
          "gevoeligheid: hoeveel één zaak een tabel samen kan veranderen. Een zaak telt in één "
          "kwartaal; in de tabel incidenttypen telt een zaak bij ten hoogste drie typen. "
          "Tellingen onder nul zijn op 0 gezet; aandelen zijn berekend uit de tellingen met "
          "ruis.\n\n";
    md += "| Tabel | Gevoeligheid, epsilon en schaal |\n|---|---|\n";
    for (const auto& [table, scale] : report.noise_scale_per_table) {
        md.append("| ").append(table).append(" | ").append(scale).append(" |\n");
    }
    md += "\nDe ruis heeft een standaardafwijking van ongeveer 1,4 × t per telling.\n\n";

    md += "## Wat u wel en niet mag concluderen\n\n";
    md +=
        "- Wel: trends over meerdere kwartalen, en verschillen die groot zijn ten opzichte van "
        "de ruis (enkele keren t).\n";
    md +=
        "- Niet: iets over een klein getal in één cel. Een telling van 0, 1 of 2 kan door de "
        "ruis zo zijn geworden; kleine verschillen tussen kwartalen zeggen niets.\n";
    md +=
        "- De ruis beschermt de tabellen als ze op zichzelf worden gedeeld. Naast de microdata "
        "in dit pakket voegt de ruis weinig bescherming toe: uit de microdata zijn de meeste "
        "tellingen (op weggelaten rijen na) exact na te tellen. De bescherming van dit pakket "
        "als geheel rust dus op k-anonimiteit; deel de tabellen en grafieken los als alleen "
        "differentiële privacy moet gelden.\n";
    md +=
        "- De microdata zijn k-anoniem, niet differentieel privaat. k-anonimiteit beschermt "
        "tegen herkenning op periode, regio en ambtsgroep, niet tegen wat iemand afleidt als "
        "alle zaken in een groep dezelfde uitkomst hebben, en niet tegen kennis van buiten "
        "(bijvoorbeeld uit het nieuws) over andere kenmerken.\n";
    md +=
        "- De eenheid van bescherming is een zaak. Wie meerdere zaken heeft, is minder "
        "beschermd dan één zaak.\n";
    md +=
        "- Elke uitgave over dezelfde kwartalen verbruikt privacybudget; het grootboek op de "
        "server weigert een uitgave boven het budget.\n";
    return md;
}

}  // namespace weerbaar::research
