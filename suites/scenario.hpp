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

// One work unit: a grid point x replicate, with a declared relative cost. Units are what
// sweeps parallelise (and what shards and ranks will split): they know nothing of each other.
struct UnitSpec {
    std::string label;
    Metrics parameters;  // the unit's coordinates, e.g. {replicate, beta}
    double cost = 1.0;
};

// What one work unit holds in memory: `working` bytes while it runs (model, optimiser state,
// Gram matrices) and `record` bytes of its finished Run, kept until the result file is
// written. `sizes` names the parameters that drive it, for the message that refuses a plan.
struct UnitMemory {
    double working = 0.0, record = 0.0;
    std::string sizes;
};

// A scenario is its work units plus a judge that turns the finished runs into claims. The
// judge reads observed and predicted values from the runs alone, so a run with a wrong
// prediction fails it (the tests tamper with runs to show this).
struct Scenario {
    std::string id;      // family.name
    std::string family;
    std::string paper;
    std::string claim;   // what it checks, in words
    std::vector<Parameter> params;
    std::function<std::vector<UnitSpec>(const ScenarioContext&)> plan;
    std::function<Run(const ScenarioContext&, const UnitSpec&)> run_unit;
    std::function<ScenarioResult(const ScenarioContext&, std::vector<Run>)> judge;
    // An estimate of a unit's memory (suites/memory_estimate.hpp); unset: only its record.
    std::function<UnitMemory(const ScenarioContext&, const UnitSpec&)> memory = {};
};

// Plans the units, runs them over ctx.threads in a fixed order (sweep), then judges.
ScenarioResult run_scenario(const Scenario& scenario, const ScenarioContext& ctx);

// Called with a unit's plan index and its finished run, on the thread that computed it (calls
// may overlap): where the driver checkpoints finished units (driver/unit_store.hpp).
using UnitFinished = std::function<void(std::size_t unit, const Run& run)>;

// Runs the planned units at `indices` (a shard's or a rank's slice) over ctx.threads and
// returns their runs in the order of `indices`, each with its unit's label and parameters.
// `finished`, when set, sees each run as soon as its unit is done.
std::vector<Run> run_units(const Scenario& scenario, const ScenarioContext& ctx,
                           const std::vector<UnitSpec>& units, const std::vector<std::size_t>& indices,
                           const UnitFinished& finished = {});

// The shortest decimal that reads back as x (for labels and messages).
std::string format_number(double x);

// Values for a profile with `key=value` overrides applied. Throws InputError naming the key,
// the value and the rule for an unknown key, a non-number or a value out of range.
ParameterValues resolve_parameters(const Scenario& scenario, Profile profile,
                                   const std::vector<std::string>& overrides);

}  // namespace ratebench
