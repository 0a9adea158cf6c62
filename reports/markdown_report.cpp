#include "reports/markdown_report.hpp"

#include "reports/escape.hpp"
#include "reports/number_text.hpp"
#include "reports/report_tables.hpp"
#include "reports/scenario_figures.hpp"

#include <fmt/format.h>

namespace ratebench {

namespace {

std::string markdown_table(const Table& t) {
    std::string out;
    auto row = [&out](const std::vector<std::string>& cells) {
        out += '|';
        for (const std::string& c : cells) out.append(" ").append(markdown_cell(c)).append(" |");
        out += '\n';
    };
    row(t.header);
    out += '|';
    for (std::size_t i = 0; i < t.header.size(); ++i) out += "---|";
    out += '\n';
    for (const auto& r : t.rows) row(r);
    return out;
}

}  // namespace

std::string markdown_report(const ResultSet& set, const std::vector<std::vector<Figure>>& figures) {
    std::string md = "# ratebench report\n\n";
    md += fmt::format("**{}** Run time {} in total (sum over scenarios).\n\n", summary_sentence(set),
                      seconds_text(total_seconds(set)));
    md += "Verdicts: *pass* and *fail* judge the observed value against the prediction by the stated "
          "tolerance; *out of scope*: the theorem's assumptions do not hold here (the *why* column says "
          "which); *undetermined*: the measurement cannot decide. Only a failed claim makes `ratebench run` "
          "exit 1.\n\n";
    if (!set.results.empty()) md += markdown_table(scenario_table(set)) + "\n";

    if (!set.results.empty()) md += "## Provenance\n\n" + markdown_table(provenance_table(set)) + "\n";

    if (!set.kernels.empty()) {
        md += "## Kernel throughput\n\n";
        for (const KernelFile& k : set.kernels)
        {
            md += fmt::format("`{}` ({}):\n\n", k.path.filename().string(), markdown_cell(kernel_context(k)));
            if (const Table speed = speed_table(k); !speed.rows.empty())
                md += "Kernels against the same products through the in-run references (share: reference "
                      "time over kernel time; above 1 the kernel is faster):\n\n" + markdown_table(speed) + "\n";
            if (const Table work = workload_table(k); !work.rows.empty())
                md += "Whole workloads:\n\n" + markdown_table(work) + "\n";
            md += "Every benchmark:\n\n" + markdown_table(kernel_table(k)) + "\n";
        }
    }

    for (std::size_t i = 0; i < set.results.size(); ++i) {
        const LoadedResult& r = set.results[i];
        md += fmt::format("## {}\n\n", r.scenario);
        md += fmt::format("Family {}; {}. Profile {}, seed {}, {}; file `{}`.\n\n", markdown_cell(r.family),
                          markdown_cell(r.paper), r.profile, r.seed, seconds_text(r.wall_seconds),
                          r.path.filename().string());
        md += fmt::format("Parameters: {}.\n\n", markdown_cell(parameters_text(r)));
        for (const Figure& f : figures[i])
            md += fmt::format("![{}]({})\n\n*{}*\n\n", f.slug, figure_file_name(r.scenario, f),
                              markdown_cell(f.caption));
        md += markdown_table(claims_table(r.result)) + "\n";
        if (!r.result.notes.empty()) {
            md += "Notes:\n\n";
            for (const std::string& n : r.result.notes) md.append("- ").append(markdown_cell(n)).append("\n");
            md += "\n";
        }
    }
    return md;
}

}  // namespace ratebench
