#include "reports/result_file.hpp"

#include "core/errors.hpp"
#include "reports/digest.hpp"

#include <cmath>
#include <fmt/core.h>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <unistd.h>

namespace ratebench {

using nlohmann::json;

namespace {

// JSON has no NaN or infinity; they are spelled as strings, as Python's json module does, so
// a diverged run's numbers survive a round trip.
json number(double x) {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
    return x;
}
double number(const json& j) {
    if (j.is_string()) {
        const auto& s = j.get_ref<const std::string&>();
        if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
        if (s == "Infinity") return std::numeric_limits<double>::infinity();
        if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
    }
    return j.get<double>();
}
// An integer field. nlohmann converts a float to an integer with a plain cast, undefined
// behaviour for 1e300 or NaN (found by make fuzz under UBSan): such a field is malformed.
long integer(const json& j) {
    if (!j.is_number_integer()) throw InputError("expected an integer, found " + j.dump());
    return j.get<long>();
}
std::vector<long> integers(const json& j) {
    std::vector<long> out;
    for (const auto& x : j) out.push_back(integer(x));
    return out;
}
json optional_number(const std::optional<double>& x) { return x ? number(*x) : json(nullptr); }
std::optional<double> optional_number(const json& j) {
    return j.is_null() ? std::nullopt : std::optional<double>(number(j));
}
json numbers(const std::vector<double>& v) {
    json out = json::array();
    for (double x : v) out.push_back(number(x));
    return out;
}
std::vector<double> numbers(const json& j) {
    std::vector<double> out;
    for (const auto& x : j) out.push_back(number(x));
    return out;
}
json metrics_json(const Metrics& m) {
    json out = json::object();
    for (const auto& [k, v] : m) out[k] = number(v);
    return out;
}
Metrics metrics_from(const json& j) {
    Metrics m;
    for (const auto& [k, v] : j.items()) m[k] = number(v);
    return m;
}

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
// clang 14 (make fuzz) has no aggregate deduction (P1816): spell the guide out.
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

json comparison_json(const Comparison& c) {
    json j = std::visit(
        Overloaded{
            [](const comparison::Relative& r) { return json{{"predicted", number(r.predicted)}, {"rtol", r.rtol}}; },
            [](const comparison::AtMost& a) { return json{{"bound", number(a.bound)}, {"rtol", a.rtol}}; },
            [](const comparison::AtLeast& a) { return json{{"bound", number(a.bound)}, {"rtol", a.rtol}}; },
            [](const comparison::Interval& i) { return json{{"lo", number(i.lo)}, {"hi", number(i.hi)}}; },
            [](const comparison::Count& c) {
                return json{{"violations", c.violations}, {"allowed", c.allowed},
                            {"condition", c.condition}, {"range", c.range}};
            },
            [](const comparison::Probability& p) {
                const WilsonInterval w = wilson_interval(p.successes, p.trials);
                return json{{"successes", p.successes}, {"trials", p.trials},
                            {"threshold", p.threshold}, {"wilson95", {w.lo, w.hi}}};
            }},
        c);
    j["kind"] = kind_name(c);
    return j;
}

Comparison comparison_from(const json& j) {
    const std::string kind = j.at("kind");
    if (kind == "relative") return comparison::Relative{number(j.at("predicted")), j.at("rtol")};
    if (kind == "at_most") return comparison::AtMost{number(j.at("bound")), j.at("rtol")};
    if (kind == "at_least") return comparison::AtLeast{number(j.at("bound")), j.at("rtol")};
    if (kind == "interval") return comparison::Interval{number(j.at("lo")), number(j.at("hi"))};
    if (kind == "count")
        return comparison::Count{integer(j.at("violations")), integer(j.at("allowed")),
                                 j.at("condition"), j.at("range")};
    if (kind == "probability")
        return comparison::Probability{integer(j.at("successes")), integer(j.at("trials")),
                                       j.at("threshold")};
    throw InputError("unknown comparison kind '" + kind + "'");
}

Verdict verdict_from(const std::string& s) {
    for (Verdict v : {Verdict::pass, Verdict::fail, Verdict::out_of_scope, Verdict::undetermined})
        if (to_string(v) == s) return v;
    throw InputError("unknown verdict '" + s + "'");
}

Outcome outcome_from(const std::string& s) {
    for (Outcome o : {Outcome::converged, Outcome::diverged, Outcome::bounded, Outcome::stalled})
        if (to_string(o) == s) return o;
    throw InputError("unknown outcome '" + s + "'");
}

json trajectory_json(const Trajectory& t) {
    json probes = json::object();
    for (std::size_t p = 0; p < t.probe_names.size(); ++p) probes[t.probe_names[p]] = numbers(t.probe_values[p]);
    return {{"step", t.step}, {"loss", numbers(t.loss)}, {"grad_norm", numbers(t.grad_norm)},
            {"distance", numbers(t.distance)}, {"probes", probes},
            {"outcome", to_string(t.outcome)}, {"steps", t.steps},
            {"initial_loss", number(t.initial_loss)}};
}

Trajectory trajectory_from(const json& j) {
    Trajectory t;
    t.step = integers(j.at("step"));
    t.loss = numbers(j.at("loss"));
    t.grad_norm = numbers(j.at("grad_norm"));
    t.distance = numbers(j.at("distance"));
    for (const auto& [name, values] : j.at("probes").items()) {
        t.probe_names.push_back(name);
        t.probe_values.push_back(numbers(values));
    }
    t.outcome = outcome_from(j.at("outcome"));
    t.steps = integer(j.at("steps"));
    t.initial_loss = number(j.at("initial_loss"));
    return t;
}

}  // namespace

json runs_to_json(const std::vector<Run>& runs) {
    json out = json::array();
    for (const Run& r : runs)
        out.push_back({{"label", r.label}, {"parameters", metrics_json(r.parameters)},
                       {"metrics", metrics_json(r.metrics)}, {"trajectory", trajectory_json(r.trajectory)}});
    return out;
}

std::vector<Run> runs_from_json(const json& runs) {
    std::vector<Run> out;
    for (const auto& r : runs)
        out.push_back(Run{r.at("label"), metrics_from(r.at("parameters")),
                          trajectory_from(r.at("trajectory")), metrics_from(r.at("metrics"))});
    return out;
}

std::string spec_hash(const ResultSpec& spec) {
    const json j{{"scenario", spec.scenario}, {"parameters", spec.parameters},
                 {"profile", spec.profile}, {"seed", spec.seed},
                 {"schema_version", kSchemaVersion}, {"data_sha256", spec.data_sha256}};
    return sha256_hex(canonical(j));
}

json result_to_json(const ResultSpec& spec, const ScenarioResult& result,
                    const std::map<std::string, std::string>& environment, double wall_seconds) {
    json claims = json::array();
    for (const Claim& c : result.claims)
        claims.push_back({{"id", c.id}, {"statement", c.statement}, {"paper_ref", c.paper_ref},
                          {"why", c.why}, {"observed", optional_number(c.observed)},
                          {"predicted", optional_number(c.predicted)},
                          {"comparison", comparison_json(c.comparison)},
                          {"verdict", to_string(c.verdict)}});
    json file{{"schema_version", kSchemaVersion},
              {"scenario", spec.scenario},
              {"family", spec.family},
              {"paper", spec.paper},
              {"spec", {{"parameters", spec.parameters}, {"profile", spec.profile},
                        {"seed", spec.seed}, {"data_sha256", spec.data_sha256}}},
              {"spec_hash", spec_hash(spec)},
              {"complete", true},
              {"environment", environment},
              {"runs", runs_to_json(result.runs)},
              {"metrics", metrics_json(result.metrics)},
              {"claims", claims},
              {"notes", result.notes},
              {"timings", {{"wall_seconds", wall_seconds}}}};
    file["digest"] = result_digest(file);
    return file;
}

ScenarioResult result_from_json(const json& file) {
    ScenarioResult result;
    result.runs = runs_from_json(file.at("runs"));
    result.metrics = metrics_from(file.at("metrics"));
    for (const auto& c : file.at("claims")) {
        Claim claim{c.at("id"), c.at("statement"), c.at("paper_ref"), c.at("why"),
                    optional_number(c.at("observed")), optional_number(c.at("predicted")),
                    comparison_from(c.at("comparison"))};
        claim.verdict = verdict_from(c.at("verdict"));
        result.claims.push_back(std::move(claim));
    }
    result.notes = file.at("notes").get<std::vector<std::string>>();
    return result;
}

std::filesystem::path result_path(const std::filesystem::path& dir, const std::string& scenario) {
    return dir / (scenario + ".json");
}

namespace {
// Written only by the thread that writes results, read by signal handlers.
char pending_path[4096] = "";
}  // namespace

const char* pending_result_file() { return pending_path; }

void write_result_atomically(const std::filesystem::path& path, const json& file) {
    // fmt rather than "." + string: g++ 12 warns falsely (-Wrestrict) on that concatenation.
    const std::filesystem::path tmp =
        path.parent_path() / fmt::format(".{}.tmp.{}", path.filename().string(), getpid());
    std::snprintf(pending_path, sizeof pending_path, "%s", tmp.c_str());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) {
            pending_path[0] = '\0';
            throw InputError(tmp.string() + ": cannot write (is the directory writable?)");
        }
        out << file.dump(1) << '\n';
        out.flush();
        if (!out) {
            std::filesystem::remove(tmp);
            pending_path[0] = '\0';
            throw InputError(tmp.string() + ": write failed (disk full?)");
        }
    }
    std::filesystem::rename(tmp, path);
    pending_path[0] = '\0';
}

json read_result_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(name + ": cannot open result file");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) throw InputError(name + ": read error");
    return parse_result_file(bytes.str(), name);
}

json parse_result_file(std::string_view bytes, const std::string& name) {
    // A result file nests 6 deep; dump() (the digest) recurses once per level, so a file
    // nested a million deep would overflow the stack: refuse it while parsing.
    constexpr int kMaxDepth = 64;
    const auto shallow = [&](int depth, json::parse_event_t, json&) {
        if (depth > kMaxDepth)
            throw InputError(name + ": JSON nested deeper than " + std::to_string(kMaxDepth) +
                             " levels: not a result file");
        return true;
    };
    json file;
    try {
        file = json::parse(bytes, shallow);
    } catch (const json::exception& e) {
        // parse_error, and out_of_range for a number beyond double's range (1e2603: found
        // by make fuzz; it was an internal error, exit 70).
        throw InputError(name + ": not valid JSON (truncated or corrupt): " + e.what());
    }
    if (!file.is_object() || !file.contains("schema_version"))
        throw InputError(name + ": not a ratebench result file (no schema_version)");
    if (file["schema_version"] != kSchemaVersion)
        throw InputError(name + ": schema version " + file["schema_version"].dump() +
                         ", this ratebench reads version " + std::to_string(kSchemaVersion));
    for (const char* key : {"scenario", "family", "spec", "spec_hash", "complete", "runs",
                            "metrics", "claims", "notes", "digest"})
        if (!file.contains(key)) throw InputError(name + ": missing field '" + key + "'");
    if (file["digest"] != result_digest(file))
        throw InputError(name + ": digest mismatch: the file was changed or corrupted");
    try {
        result_from_json(file);
    } catch (const json::exception& e) {
        throw InputError(name + ": malformed content: " + e.what());
    } catch (const InputError& e) {
        throw InputError(name + ": malformed content: " + e.what());
    }
    return file;
}

}  // namespace ratebench
