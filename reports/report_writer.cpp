#include "reports/report_writer.hpp"

#include "core/errors.hpp"
#include "reports/html_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/scenario_figures.hpp"

#include <fmt/format.h>
#include <fstream>

namespace ratebench {

namespace fs = std::filesystem;

namespace {
void write_text(const fs::path& path, const std::string& text, std::vector<fs::path>& written) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw InputError(path.string() + ": cannot write (is the directory writable?)");
    written.push_back(path);
}
}  // namespace

std::vector<fs::path> write_report(const ResultSet& set, const fs::path& out_dir) {
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec) throw InputError(out_dir.string() + ": cannot create directory: " + ec.message());
    std::vector<fs::path> written;
    std::vector<std::vector<Figure>> figures;
    for (const LoadedResult& r : set.results) {
        figures.push_back(scenario_figures(r.result));
        for (const Figure& f : figures.back())
            write_text(out_dir / figure_file_name(r.scenario, f), render_svg(f.plot, f.slug, true) + "\n", written);
    }
    write_text(out_dir / "report.md", markdown_report(set, figures), written);
    write_text(out_dir / "report.html", html_report(set, figures), written);
    for (std::size_t i = 0; i < set.kernels.size(); ++i) {
        // Two inputs may both hold a kernels.json: later copies get a numbered name.
        const fs::path& from = set.kernels[i].path;
        const fs::path to = out_dir / (i == 0 ? from.filename().string()
                                              : fmt::format("{}-{}{}", from.stem().string(), i + 1,
                                                            from.extension().string()));
        if (fs::weakly_canonical(from) != fs::weakly_canonical(to)) {
            fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
            if (ec) throw InputError(to.string() + ": cannot copy " + from.string() + ": " + ec.message());
        }
        written.push_back(to);
    }
    return written;
}

}  // namespace ratebench
