#include "core/env.hpp"
#include "core/errors.hpp"
#include "driver/commands.hpp"
#include "driver/data_file.hpp"
#include "driver/interrupt.hpp"
#include "driver/memory_check.hpp"
#include "driver/run_plan.hpp"
#include "reports/digest.hpp"
#include "reports/partial_file.hpp"
#include "reports/result_file.hpp"
#include "suites/catalogue.hpp"

#include <chrono>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <numeric>
#include <omp.h>
#include <ostream>
#include <unistd.h>

namespace ratebench {
namespace fs = std::filesystem;

namespace {

std::string format_value(const std::optional<double>& x) {
    return x ? fmt::format("{:.6g}", *x) : "-";
}

bool resumable(const fs::path& path, const std::string& hash, std::ostream& err) {
    if (!fs::exists(path)) return false;
    try {
        const auto file = read_result_file(path);
        if (is_partial(file)) {
            err << "ratebench: " << path.string() << ": a shard's partial result, not a complete one; running it again\n";
            return false;
        }
        return file.at("spec_hash") == hash;
    } catch (const InputError& e) {
        err << "ratebench: " << e.what() << "; running it again\n";
        return false;
    }
}

}  // namespace

void require_writable_dir(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    const fs::path probe = dir / (".ratebench-write-test." + std::to_string(getpid()));
    std::ofstream test(probe);
    if (ec || !test)
        throw InputError("--out " + dir.string() + ": cannot create or write this directory");
    test.close();
    fs::remove(probe);
}

int print_verdicts(const std::vector<std::pair<std::string, ScenarioResult>>& results, std::ostream& out) {
    bool any_failed = false;
    out << fmt::format("{:<24} {:<28} {:>13} {:>13}  {}\n", "scenario", "claim", "observed",
                       "predicted", "verdict");
    for (const auto& [id, result] : results)
        for (const auto& c : result.claims) {
            any_failed |= c.verdict == Verdict::fail;
            out << fmt::format("{:<24} {:<28} {:>13} {:>13}  {}\n", id, c.id, format_value(c.observed),
                               format_value(c.predicted), to_string(c.verdict));
        }
    return any_failed ? 1 : 0;
}

// Everything is checked, and every unit planned, before anything is run or written: a bad
// input costs nothing.
RunPlan plan_run(const RunOptions& o) {
    if (o.profile != "quick" && o.profile != "full")
        throw InputError("--profile " + o.profile + ": must be quick or full");
    if (o.threads < 1) throw InputError("--threads " + std::to_string(o.threads) + ": must be >= 1");
    const Profile profile = o.profile == "quick" ? Profile::quick : Profile::full;
    RunPlan plan;
    if (!o.shard.empty()) plan.shard = parse_shard(o.shard);
    std::optional<Dataset> data;
    std::string data_hash;
    if (!o.data.empty()) {
        DataFile file = read_data_file(o.data);
        data = std::move(file.data);
        data_hash = std::move(file.sha256);
    }
    const double available = available_memory_bytes();
    for (const Scenario* s : select_scenarios(o.ids, o.suites, o.filter, o.all)) {
        ParameterValues params = resolve_parameters(*s, profile, o.sets);
        ResultSpec spec{s->id, s->family, s->paper, std::string(to_string(profile)), params,
                        o.seed, data_hash};
        ScenarioContext ctx{s->id, std::move(params), profile, o.seed, o.threads, data, o.data, {}};
        require_memory(*s, ctx, available);
        std::vector<UnitSpec> units = s->plan(ctx);
        plan.scenarios.push_back({s, std::move(spec), std::move(ctx), std::move(units)});
    }
    require_writable_dir(o.out);
    return plan;
}

UnitRuns LocalRunner::run(const PlannedScenario& p, const ScenarioContext& ctx, UnitStore& store) {
    std::vector<std::size_t> all(p.units.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    return store.run(p, ctx, all, UnitStore::LastBatch::skip);  // the result file follows at once
}

int execute_run(const RunOptions& o, const RunPlan& plan, UnitRunner& runner, std::ostream& out,
                std::ostream& err) {
    omp_set_num_threads(o.threads);
    remove_pending_result_on_signal();
    const bool writer = runner.writer();
    const bool live = writer && isatty(STDERR_FILENO);
    const auto started = std::chrono::steady_clock::now();
    auto seconds_since = [](auto t0) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };

    UnitStore store(o.out, runner.commit(o.threads), o.resume, runner.name(), writer, err);
    std::vector<std::pair<std::string, ScenarioResult>> results;
    const std::size_t total = plan.scenarios.size();
    for (std::size_t i = 0; i < total; ++i) {
        const PlannedScenario& p = plan.scenarios[i];
        const fs::path path = result_path(o.out, p.scenario->id);
        const std::string tag = fmt::format("[{}/{}] {}", i + 1, total, p.scenario->id);
        const std::string hash = spec_hash(p.spec);
        if (runner.agree(writer && o.resume && resumable(path, hash, err))) {
            if (!writer) continue;
            store.remove_scenario(p.scenario->id);  // left if an earlier run died right after writing
            err << tag << ": complete with the same spec, skipped (--resume)\n";
            results.emplace_back(p.scenario->id, result_from_json(read_result_file(path)));
            continue;
        }
        const double elapsed_before = seconds_since(started);
        ScenarioContext ctx = p.ctx;
        if (live)
            ctx.progress = [&](const std::string& status) {
                const double eta = i > 0 ? elapsed_before / i * (total - i) : 0.0;
                err << fmt::format("\r\033[K{}: {} ({:.0f} s{})", tag, status,
                                   seconds_since(started),
                                   i > 0 ? fmt::format(", ETA {:.0f} s", eta) : "")
                    << std::flush;
            };
        const auto t0 = std::chrono::steady_clock::now();
        ScenarioResult result;
        try {
            UnitRuns done = runner.run(p, ctx, store);
            if (!writer) continue;
            if (done.reused > 0)
                err << (live ? "\r\033[K" : "")
                    << fmt::format("{}: {} of {} units read back from checkpoints (--resume)\n", tag, done.reused,
                                   p.units.size());
            result = p.scenario->judge(ctx, std::move(done.runs));
        } catch (const InputError& e) {
            err << (live ? "\n" : "") << runner.name() << ": error: " << p.scenario->id << ": " << e.what() << '\n';
            return runner.fail(2);
        }
        const double wall = seconds_since(t0);
        write_result_atomically(path, result_to_json(p.spec, result, runner.environment(o.threads), wall));
        store.remove_scenario(p.scenario->id);
        std::size_t failed = 0;
        for (const auto& c : result.claims) failed += c.verdict == Verdict::fail;
        err << (live ? "\r\033[K" : "")
            << fmt::format("{}: {} claims, {} failed, {:.1f} s -> {}\n", tag, result.claims.size(),
                           failed, wall, path.string());
        results.emplace_back(p.scenario->id, std::move(result));
    }
    if (!writer) return 0;
    store.remove_root_if_empty();
    return print_verdicts(results, out);
}

int run_command(const RunOptions& o, std::ostream& out, std::ostream& err) {
    RunPlan plan;
    try {
        plan = plan_run(o);
    } catch (const InputError& e) {
        err << "ratebench: error: " << e.what() << '\n';
        return 2;
    }
    if (plan.shard) return run_shard(o, plan, out, err);
    LocalRunner runner;
    return execute_run(o, plan, runner, out, err);
}

}  // namespace ratebench
