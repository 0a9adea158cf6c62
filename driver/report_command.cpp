#include "core/errors.hpp"
#include "driver/commands.hpp"
#include "reports/report_tables.hpp"
#include "reports/report_writer.hpp"
#include "reports/result_set.hpp"

#include <fmt/core.h>
#include <ostream>

namespace ratebench {

int report_command(const ReportOptions& o, std::ostream& out, std::ostream& err) {
    try {
        std::vector<std::filesystem::path> inputs(o.inputs.begin(), o.inputs.end());
        const ResultSet set = load_result_set(inputs);
        if (set.results.empty() && set.kernels.empty()) {
            std::string where;
            for (const std::string& i : o.inputs) where += (where.empty() ? "" : ", ") + i;
            throw InputError("no result files in " + where + " (write some with `ratebench run --out DIR`)");
        }
        const auto written = write_report(set, o.out);
        out << summary_sentence(set) << '\n';
        out << fmt::format("wrote {} files to {}: report.md, report.html\n", written.size(), o.out);
        return 0;
    } catch (const InputError& e) {
        err << "ratebench: error: " << e.what() << '\n';
        return 2;
    }
}

}  // namespace ratebench
