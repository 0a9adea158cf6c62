#include "core/errors.hpp"
#include "driver/commands.hpp"
#include "reports/result_set.hpp"
#include "suites/scenario.hpp"

#include <ostream>

namespace ratebench {

int compare_command(const CompareCommandOptions& o, std::ostream& out, std::ostream& err) {
    try {
        if (!(o.compare.rtol >= 0)) throw InputError("--rtol " + format_number(o.compare.rtol) + ": must be >= 0");
        if (!(o.compare.time_ratio > 1))
            throw InputError("--time-ratio " + std::to_string(o.compare.time_ratio) + ": must be > 1");
        const ResultSet baseline = load_result_set({o.baseline}), current = load_result_set({o.current});
        for (const auto& [set, name] : {std::pair{&baseline, &o.baseline}, std::pair{&current, &o.current}})
            if (set->results.empty() && !(o.compare.timings && !set->kernels.empty()))
                throw InputError(*name + ": no result files" +
                                 (set->kernels.empty() ? std::string()
                                                       : " (only Google Benchmark files: add --timings to compare them)"));
        const CompareReport report = compare_result_sets(baseline, current, o.compare);
        print_compare_report(report, o.compare, out);
        return report.regressions() ? 1 : 0;
    } catch (const InputError& e) {
        err << "ratebench: error: " << e.what() << '\n';
        return 2;
    }
}

}  // namespace ratebench
