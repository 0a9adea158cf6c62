#include "driver/commands.hpp"
#include "suites/catalogue.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <ostream>

namespace ratebench {

int list_command(const ListOptions& options, std::ostream& out) {
    const auto chosen = select_scenarios({}, options.suites, options.filter, true);
    if (options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const Scenario* s : chosen) {
            nlohmann::json params = nlohmann::json::array();
            for (const auto& p : s->params)
                params.push_back({{"name", p.name}, {"quick", p.quick}, {"full", p.full},
                                  {"doc", p.doc}, {"integer", p.integer}});
            list.push_back({{"id", s->id}, {"family", s->family}, {"paper", s->paper},
                            {"claim", s->claim}, {"parameters", params}});
        }
        out << list.dump(2) << '\n';
        return 0;
    }
    if (options.markdown) {
        out << "| id | checks |\n|---|---|\n";
        for (const Scenario* s : chosen) {
            std::string claim;  // a '|' inside a cell would end it
            for (char c : s->claim) claim += c == '|' ? std::string("\\|") : std::string(1, c);
            out << fmt::format("| `{}` | {} |\n", s->id, claim);
        }
        return 0;
    }
    for (const Scenario* s : chosen) {
        out << fmt::format("{:<28} {:<8} {}\n", s->id, s->family, s->claim);
        out << fmt::format("{:<28} {:<8} paper: {}\n", "", "", s->paper);
        for (const auto& p : s->params)
            out << fmt::format("{:<28} {:<8}   {:<12} quick {:<10g} full {:<10g} {}\n", "", "",
                               p.name, p.quick, p.full, p.doc);
    }
    return 0;
}

}  // namespace ratebench
