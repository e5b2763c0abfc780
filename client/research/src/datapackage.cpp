#include "datapackage.h"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace weerbaar::research {

std::string utc_timestamp(std::int64_t unix_seconds) {
    using namespace std::chrono;
    const sys_seconds time{seconds{unix_seconds}};
    const auto day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss clock{time - day};
    char text[64];
    (void)std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ",
                        static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                        static_cast<unsigned>(date.day()), static_cast<long>(clock.hours().count()),
                        static_cast<long>(clock.minutes().count()),
                        static_cast<long>(clock.seconds().count()));
    return text;
}

std::string datapackage_json(const std::vector<ResourceSpec>& resources,
                             const PackageMetadata& metadata) {
    using Json = nlohmann::ordered_json;
    Json package;
    package["profile"] = "tabular-data-package";
    package["name"] = "weerbaar-onderzoeksexport";
    package["title"] =
        "Weerbaar: geanonimiseerde cijfers over agressie en intimidatie tegen "
        "ambtsdragers, " +
        metadata.from_period + " tot en met " + metadata.to_period;
    package["created"] = utc_timestamp(metadata.created_unix);
    Json list = Json::array();
    for (const auto& resource : resources) {
        Json fields = Json::array();
        for (const auto& field : resource.fields) {
            Json f;
            f["name"] = field.name;
            f["type"] = field.type;
            f["title"] = field.title;
            if (field.flag) {
                f["constraints"] = {{"minimum", 0}, {"maximum", 1}};
            } else if (!field.allowed.empty()) {
                f["constraints"] = {{"enum", field.allowed}};
            } else if (field.type != "string") {
                f["constraints"] = {{"minimum", 0}};
            }
            fields.push_back(std::move(f));
        }
        Json r;
        r["name"] = resource.name;
        r["path"] = resource.name + ".csv";
        r["profile"] = "tabular-data-resource";
        r["title"] = resource.title;
        r["format"] = "csv";
        r["mediatype"] = "text/csv";
        r["encoding"] = "utf-8";
        r["dialect"] = {{"delimiter", ","}, {"lineTerminator", "\r\n"}, {"header", true}};
        r["schema"] = {{"fields", std::move(fields)}, {"missingValues", Json::array({""})}};
        list.push_back(std::move(r));
    }
    package["resources"] = std::move(list);

    Json weerbaar;
    weerbaar["codebook_version"] = metadata.codebook_version;
    weerbaar["period"] = {{"from", metadata.from_period}, {"to", metadata.to_period}};
    weerbaar["k"] = metadata.k;
    weerbaar["epsilon_millis"] = metadata.epsilon_millis;
    weerbaar["mechanism"] = "discrete Laplace (Canonne, Kamath & Steinke 2020), exact sampler";
    weerbaar["generalisation"] = {{"periode", metadata.period_level},
                                  {"regio", metadata.region_level},
                                  {"ambtsgroep", metadata.office_level}};
    Json noise = Json::object();
    for (const auto& [table, scale] : metadata.noise_scale_per_table) {
        noise[table] = scale;
    }
    weerbaar["noise_scale_per_table"] = std::move(noise);
    package["weerbaar"] = std::move(weerbaar);
    return package.dump(2) + "\n";
}

}  // namespace weerbaar::research
