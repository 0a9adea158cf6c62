#include "reports/report_tables.hpp"

#include "reports/claim_text.hpp"
#include "reports/number_text.hpp"

#include <fmt/format.h>
#include <set>

namespace ratebench {

VerdictCounts count_verdicts(const std::vector<Claim>& claims) {
    VerdictCounts c;
    for (const Claim& claim : claims) switch (claim.verdict) {
            case Verdict::pass: ++c.pass; break;
            case Verdict::fail: ++c.fail; break;
            case Verdict::out_of_scope: ++c.out_of_scope; break;
            case Verdict::undetermined: ++c.undetermined; break;
        }
    return c;
}

VerdictCounts count_verdicts(const ResultSet& set) {
    VerdictCounts total;
    for (const LoadedResult& r : set.results) {
        const VerdictCounts c = count_verdicts(r.result.claims);
        total.pass += c.pass;
        total.fail += c.fail;
        total.out_of_scope += c.out_of_scope;
        total.undetermined += c.undetermined;
    }
    return total;
}

std::string summary_sentence(const ResultSet& set) {
    const VerdictCounts c = count_verdicts(set);
    return fmt::format("{} scenario{}, {} claim{}: {} pass, {} fail, {} out of scope, {} undetermined.",
                       set.results.size(), set.results.size() == 1 ? "" : "s", c.total(), c.total() == 1 ? "" : "s",
                       c.pass, c.fail, c.out_of_scope, c.undetermined);
}

double total_seconds(const ResultSet& set) {
    double total = 0;
    for (const LoadedResult& r : set.results) total += r.wall_seconds;
    return total;
}

Table scenario_table(const ResultSet& set) {
    Table t{{"scenario", "family", "profile", "claims", "pass", "fail", "out of scope", "undetermined", "time"}, {}, {}};
    for (const LoadedResult& r : set.results) {
        const VerdictCounts c = count_verdicts(r.result.claims);
        t.rows.push_back({r.scenario, r.family, r.profile, std::to_string(c.total()), std::to_string(c.pass),
                          std::to_string(c.fail), std::to_string(c.out_of_scope), std::to_string(c.undetermined),
                          seconds_text(r.wall_seconds)});
        t.row_tags.push_back(c.fail ? "fail" : c.undetermined ? "undetermined" : "pass");
    }
    return t;
}

Table provenance_table(const ResultSet& set) {
    std::map<std::string, std::set<std::string>> values;
    for (const LoadedResult& r : set.results)
        for (const auto& [k, v] : r.environment) values[k].insert(v);
    Table t{{"field", "value"}, {}, {}};
    for (const auto& [k, v] : values) {
        std::string text;
        if (k == "date" && v.size() > 1) text = *v.begin() + " to " + *v.rbegin();  // ISO dates sort as text
        else
            for (const std::string& s : v) text += (text.empty() ? "" : " | ") + s;
        t.rows.push_back({k, text});
    }
    return t;
}

Table kernel_table(const KernelFile& file) {
    Table t{{"benchmark", "time per iteration", "GFLOP/s", "repetitions"}, {}, {}};
    for (const KernelBenchmark& b : file.benchmarks) {
        const auto flops = b.median_flops();
        t.rows.push_back({b.name, duration_text(b.median_seconds()), flops ? number_text(*flops / 1e9, 3) : "\u2013",
                          std::to_string(b.seconds.size())});
    }
    return t;
}

namespace {

// name with its first path segment `from` replaced by `to` ("kernel/x/n:1" -> "openblas/x/n:1").
std::string partner(const std::string& name, const std::string& from, const std::string& to) {
    return name.rfind(from, 0) == 0 ? to + name.substr(from.size()) : std::string();
}

// The reference's time over the kernel's: above 1 the kernel is faster.
std::string share_text(const KernelBenchmark& kernel, const KernelBenchmark* reference) {
    if (!reference) return "\u2013";
    return number_text(reference->median_seconds() / kernel.median_seconds(), 3);
}

}  // namespace

Table speed_table(const KernelFile& file) {
    Table t{{"kernel", "time per call", "GFLOP/s", "share of OpenBLAS", "share of Eigen"}, {}, {}};
    for (const KernelBenchmark& b : file.benchmarks) {
        if (b.name.rfind("kernel/", 0) != 0) continue;
        const auto flops = b.median_flops();
        t.rows.push_back({b.name.substr(7), duration_text(b.median_seconds()),
                          flops ? number_text(*flops / 1e9, 3) : "\u2013",
                          share_text(b, file.find(partner(b.name, "kernel/", "openblas/"))),
                          share_text(b, file.find(partner(b.name, "kernel/", "eigen/")))});
    }
    return t;
}

Table workload_table(const KernelFile& file) {
    Table t{{"workload", "time", "GFLOP/s", "same products through OpenBLAS", "time / OpenBLAS time"}, {}, {}};
    const std::string suffix = "/iterations:1/real_time";
    for (const KernelBenchmark& b : file.benchmarks) {
        if (b.name.rfind("workload/", 0) != 0 || b.name.find("_openblas/") != std::string::npos) continue;
        const std::size_t end = b.name.find('/', 9);
        const std::string workload = b.name.substr(9, end == std::string::npos ? std::string::npos : end - 9);
        const std::string rest = end == std::string::npos ? "" : b.name.substr(end);
        const KernelBenchmark* reference = file.find("workload/" + workload + "_openblas" + rest);
        const auto flops = b.median_flops();
        t.rows.push_back({workload, duration_text(b.median_seconds()), flops ? number_text(*flops / 1e9, 3) : "\u2013",
                          reference ? duration_text(reference->median_seconds()) : "\u2013",
                          reference ? number_text(b.median_seconds() / reference->median_seconds(), 3) : "\u2013"});
    }
    return t;
}

std::string kernel_context(const KernelFile& file) {
    auto field = [&](const char* k) {
        const auto it = file.context.find(k);
        return it == file.context.end() ? std::string("?") : it->second;
    };
    return fmt::format("host {}, {} CPUs at {} MHz, {}; {} OpenMP threads, OpenBLAS {} on {} threads, tanh {}",
                       field("host_name"), field("num_cpus"), field("mhz_per_cpu"), field("date"),
                       field("omp_threads"), field("openblas_corename"), field("openblas_threads"), field("tanh"));
}

Table claims_table(const ScenarioResult& result) {
    Table t{{"claim", "statement", "observed", "predicted", "tolerance", "verdict", "why"}, {}, {}};
    for (const Claim& c : result.claims) {
        const ClaimText text = claim_text(c);
        t.rows.push_back({c.id, c.statement, text.observed, text.predicted, text.tolerance, text.verdict, c.why});
        t.row_tags.push_back(std::string(to_string(c.verdict)));
    }
    return t;
}

std::string parameters_text(const LoadedResult& r) {
    std::string text;
    for (const auto& [k, v] : r.parameters) text += (text.empty() ? "" : ", ") + k + " = " + number_text(v, 10);
    return text;
}

}  // namespace ratebench
