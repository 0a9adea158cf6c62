#include "suites/catalogue.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <regex>

namespace ratebench {

std::span<const Scenario> catalogue() {
    static const std::vector<Scenario> all = [] {
        std::vector<Scenario> scenarios;
        for (auto& s : relu2_scenarios()) scenarios.push_back(std::move(s));
        for (auto& s : linear_scenarios()) scenarios.push_back(std::move(s));
        for (auto& s : deep_scenarios()) scenarios.push_back(std::move(s));
        for (auto& s : lr_scenarios()) scenarios.push_back(std::move(s));
        return scenarios;
    }();
    return all;
}

const Scenario* find_scenario(const std::string& id) {
    for (const auto& s : catalogue())
        if (s.id == id) return &s;
    return nullptr;
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

}  // namespace

std::vector<std::string> closest_ids(const std::string& id, std::size_t count) {
    std::vector<std::pair<std::size_t, std::string>> ranked;
    for (const auto& s : catalogue()) ranked.emplace_back(edit_distance(id, s.id), s.id);
    std::sort(ranked.begin(), ranked.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < ranked.size() && i < count; ++i) out.push_back(ranked[i].second);
    return out;
}

std::vector<const Scenario*> select_scenarios(const std::vector<std::string>& ids,
                                              const std::vector<std::string>& suites,
                                              const std::string& filter, bool all) {
    for (const auto& id : ids)
        if (!find_scenario(id))
            throw InputError("unknown scenario '" + id + "' (closest: " + joined(closest_ids(id)) +
                             "; `ratebench list` shows all)");
    std::vector<std::string> families;
    for (const auto& s : catalogue())
        if (std::find(families.begin(), families.end(), s.family) == families.end())
            families.push_back(s.family);
    for (const auto& suite : suites)
        if (std::find(families.begin(), families.end(), suite) == families.end())
            throw InputError("unknown suite '" + suite + "' (known: " + joined(families) + ")");
    std::optional<std::regex> pattern;
    if (!filter.empty()) {
        try {
            pattern.emplace(filter, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            throw InputError("--filter '" + filter + "': not a valid regular expression (" +
                             e.what() + ")");
        }
    }
    const bool by_set = all || !suites.empty() || pattern;
    std::vector<const Scenario*> chosen;
    for (const auto& s : catalogue()) {
        const bool named = std::find(ids.begin(), ids.end(), s.id) != ids.end();
        const bool in_family =
            suites.empty() || std::find(suites.begin(), suites.end(), s.family) != suites.end();
        const bool in_set = by_set && in_family &&
                            (!pattern || std::regex_search(s.id, *pattern));
        if (named || in_set) chosen.push_back(&s);
    }
    if (chosen.empty())
        throw InputError(ids.empty() && !by_set
                             ? "no scenario selected: name ids, or use --suite, --filter or --all"
                             : "the selection matches no scenario");
    return chosen;
}

}  // namespace ratebench
