#pragma once
// A scenario is a row of data (EXAMPLES.md): id, family, paper, the claim in words, declared
// parameters with quick and full values, and a run function. Parameters are plain numbers so
// that they print, hash and override uniformly.
#include "core/data.hpp"
#include "core/result.hpp"
#include "core/rng.hpp"

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ratebench {

enum class Profile { quick, full };
std::string_view to_string(Profile p);

struct Parameter {
    std::string name;
    double quick, full;
    std::string doc;
    bool integer = false;
    double min = -std::numeric_limits<double>::infinity();  // inclusive
    double max = std::numeric_limits<double>::infinity();
};

using ParameterValues = std::map<std::string, double>;

struct ScenarioContext {
    std::string scenario_id;
    ParameterValues params;
    Profile profile = Profile::quick;
    std::uint64_t seed = 0;
    int threads = 1;
    std::optional<Dataset> data;  // from --data, replacing the generated points
    std::string data_origin;
    std::function<void(const std::string&)> progress;  // short status, e.g. "replicate 2/5"

    double real(const std::string& name) const { return params.at(name); }
    long integer(const std::string& name) const { return static_cast<long>(params.at(name)); }
    // The stream of one replicate and purpose: seeds never come from threads or clocks.
    Stream stream(std::uint64_t replicate, std::string_view purpose) const {
        return Stream(seed, scenario_id, replicate, purpose);
    }
};

struct Scenario {
    std::string id;      // family.name
    std::string family;
    std::string paper;
    std::string claim;   // what it checks, in words
    std::vector<Parameter> params;
    std::function<ScenarioResult(const ScenarioContext&)> run;
};

// Values for a profile with `key=value` overrides applied. Throws InputError naming the key,
// the value and the rule for an unknown key, a non-number or a value out of range.
ParameterValues resolve_parameters(const Scenario& scenario, Profile profile,
                                   const std::vector<std::string>& overrides);

}  // namespace ratebench
