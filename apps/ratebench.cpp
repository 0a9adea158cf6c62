// ratebench's command line: parsing only (CLI11); the work is in driver/.
#include "core/errors.hpp"
#include "apps/run_options.hpp"
#include "driver/commands.hpp"
#include "suites/catalogue.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

int main(int argc, char** argv) {
    using namespace ratebench;
    CLI::App app{"ratebench: checks convergence claims about gradient methods by running them"};
    app.require_subcommand(1);

    ListOptions list;
    auto* list_cmd = app.add_subcommand("list", "Show the catalogue: id, family, paper, claim, parameters");
    list_cmd->add_option("--suite", list.suites, "Only this family (relu2, deep, linear, lr; repeatable)");
    list_cmd->add_option("--filter", list.filter, "Only ids matching this regular expression");
    list_cmd->add_flag("--json", list.json, "Machine-readable output");
    list_cmd->add_flag("--markdown", list.markdown, "A Markdown table (the README's catalogue)");

    RunOptions run;
    add_run_subcommand(app, run);
    ReportOptions report;
    auto* report_cmd = app.add_subcommand("report", "Write report.md and report.html from result files (runs nothing)");
    report_cmd->add_option("results", report.inputs, "Result directories or files (and Google Benchmark JSON)")
        ->required();
    report_cmd->add_option("--out", report.out, "Directory for the report")->capture_default_str();

    CompareCommandOptions compare;
    auto* compare_cmd = app.add_subcommand(
        "compare", "Compare result files with a baseline: exit 1 on a regression (changed verdict or moved value)");
    compare_cmd->add_option("baseline", compare.baseline, "Baseline result directory (or a kernel JSON file)")->required();
    compare_cmd->add_option("current", compare.current, "Current result directory (or a kernel JSON file)")->required();
    compare_cmd->add_option("--rtol", compare.compare.rtol, "Relative tolerance on claim values")->capture_default_str();
    compare_cmd->add_flag("--timings", compare.compare.timings,
                          "Also compare wall times and kernel timings (noise-aware; they vary across machines)");
    compare_cmd->add_option("--time-ratio", compare.compare.time_ratio,
                            "With --timings: slower when median time ratio exceeds this")
        ->capture_default_str();
    compare_cmd->footer("\nExit codes: 0 no regression, 1 a regression, 2 bad input.");

    MergeOptions merge;
    auto* merge_cmd = app.add_subcommand(
        "merge", "Combine the partial files of `run --shard K/N` into complete result files (judges all runs)");
    merge_cmd->add_option("shards", merge.inputs, "Directories (or files) holding all N shards' partial files")
        ->required();
    merge_cmd->add_option("--out", merge.out, "Directory for the complete result files")->capture_default_str();
    merge_cmd->footer("\nExit codes: 0 no claim failed, 1 a claim failed, 2 bad input (a shard missing, twice, "
                      "of another spec or commit, or corrupt: nothing written).");

    // CLI11 would only say "a subcommand is required"; name the word it did not know.
    const std::string first = argc > 1 ? argv[1] : "";
    std::string known;
    bool is_known = false;
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        known += (known.empty() ? "" : ", ") + sub->get_name();
        is_known |= sub->get_name() == first;
    }
    if (!first.empty() && first[0] != '-' && !is_known) {
        std::cerr << "ratebench: error: unknown subcommand '" << first << "' (known: " << known
                  << "; see --help)\n";
        return 2;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "ratebench: error: " << e.what() << " (see --help)\n";
        return 2;
    }
    try {
        if (list_cmd->parsed()) return list_command(list, std::cout);
        if (report_cmd->parsed()) return report_command(report, std::cout, std::cerr);
        if (compare_cmd->parsed()) return compare_command(compare, std::cout, std::cerr);
        if (merge_cmd->parsed()) return merge_command(merge, std::cout, std::cerr);
        return run_command(run, std::cout, std::cerr);
    } catch (const InputError& e) {
        std::cerr << "ratebench: error: " << e.what() << '\n';
        return 2;
    } catch (const std::filesystem::filesystem_error& e) {
        // The disk or the --out directory failed us mid-run: finished results are kept.
        std::cerr << "ratebench: error: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        // Anything else is a bug in ratebench, not bad input: say so, and use EX_SOFTWARE.
        std::cerr << "ratebench: internal error (please report): " << e.what() << '\n';
        return 70;
    }
}
