#include "reports/html_report.hpp"

#include "reports/escape.hpp"
#include "reports/number_text.hpp"
#include "reports/report_tables.hpp"

#include <fmt/format.h>

namespace ratebench {

namespace {

// Verdicts have a colour and a word (and a symbol), never colour alone.
const char* const kStyle = R"(
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:1120px;margin:1.5em auto;padding:0 1.2em;
 color:#1b1b1b;line-height:1.45;font-size:15px;background:#fff}
h1{font-size:1.75em;margin:.2em 0 .3em}
h2{font-size:1.3em;border-bottom:1px solid #c8c8c8;padding-bottom:.2em;margin-top:2.2em}
h3{font-size:1.05em;margin:1.4em 0 .4em}
p.meta{color:#444;margin:.3em 0}
table{border-collapse:collapse;margin:.7em 0 1em;font-size:.88em}
th,td{border:1px solid #cfcfcf;padding:.3em .55em;text-align:left;vertical-align:top}
th{background:#f2f2f2;font-weight:600}
td.verdict{font-weight:700;white-space:nowrap}
tr.v-pass td.verdict{background:#e1f1e5;color:#125a2a}
tr.v-fail td.verdict{background:#fbe0de;color:#9c1c14}
tr.v-out-of-scope td.verdict{background:#ececec;color:#4a4a4a}
tr.v-undetermined td.verdict{background:#fdf0c8;color:#6e5200}
tr.v-fail td:first-child{border-left:4px solid #b3261e}
.counts span{display:inline-block;padding:.15em .6em;margin:0 .4em .3em 0;border-radius:3px;font-weight:700;
 border:1px solid #bbb}
.counts .pass{background:#e1f1e5;color:#125a2a}.counts .fail{background:#fbe0de;color:#9c1c14}
.counts .out-of-scope{background:#ececec;color:#4a4a4a}.counts .undetermined{background:#fdf0c8;color:#6e5200}
div.figures{display:flex;flex-wrap:wrap;gap:0 1.5em}
figure{margin:1.2em 0 1.2em;flex:1 1 500px;max-width:600px}
figcaption{font-size:.88em;color:#333;margin-top:.3em}
figcaption b{color:#000}
svg.plot{max-width:100%;height:auto;display:block}
ul.notes{font-size:.9em;color:#333}
code{font-size:.92em}
)";

// A "scenario" column links to that scenario's section; a "verdict" column is styled by the row's tag.
std::string html_table(const Table& t) {
    std::string out = "<table><thead><tr>";
    for (const std::string& h : t.header) out += "<th>" + html_escape(h) + "</th>";
    out += "</tr></thead><tbody>\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        out += r < t.row_tags.size() ? "<tr class=\"v-" + html_escape(t.row_tags[r]) + "\">" : std::string("<tr>");
        for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
            const std::string cell = html_escape(t.rows[r][c]);
            if (t.header[c] == "verdict") out += "<td class=\"verdict\">" + cell + "</td>";
            else if (t.header[c] == "scenario") out += "<td><a href=\"#s-" + cell + "\">" + cell + "</a></td>";
            else out += "<td>" + cell + "</td>";
        }
        out += "</tr>\n";
    }
    return out + "</tbody></table>\n";
}

std::string counts_html(const VerdictCounts& c) {
    return fmt::format("<p class=\"counts\"><span class=\"pass\">{} pass</span><span class=\"fail\">{} fail</span>"
                       "<span class=\"out-of-scope\">{} out of scope</span>"
                       "<span class=\"undetermined\">{} undetermined</span></p>\n",
                       c.pass, c.fail, c.out_of_scope, c.undetermined);
}

}  // namespace

std::string html_report(const ResultSet& set, const std::vector<std::vector<Figure>>& figures) {
    std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>ratebench report</title>\n<style>" +
                    std::string(kStyle) + "</style>\n</head>\n<body>\n<h1>ratebench report</h1>\n";
    h += "<p><b>" + html_escape(summary_sentence(set)) + "</b> Run time " + seconds_text(total_seconds(set)) +
         " in total (sum over scenarios).</p>\n";
    h += counts_html(count_verdicts(set));
    h += "<p class=\"meta\">Verdicts: <i>pass</i> and <i>fail</i> judge the observed value against the prediction "
         "by the stated tolerance; <i>out of scope</i>: the theorem's assumptions do not hold here (<i>why</i> says "
         "which); <i>undetermined</i>: the measurement cannot decide.</p>\n";
    if (!set.results.empty()) {
        h += html_table(scenario_table(set));
        h += "<h2>Provenance</h2>\n" + html_table(provenance_table(set));
    }
    if (!set.kernels.empty()) {
        h += "<h2>Kernel throughput</h2>\n";
        for (const KernelFile& k : set.kernels)
        {
            h += "<p class=\"meta\"><code>" + html_escape(k.path.filename().string()) + "</code> (" +
                 html_escape(kernel_context(k)) + ")</p>\n";
            if (const Table speed = speed_table(k); !speed.rows.empty())
                h += "<p>Kernels against the same products through the in-run references (share: reference "
                     "time over kernel time; above 1 the kernel is faster):</p>\n" + html_table(speed);
            if (const Table work = workload_table(k); !work.rows.empty())
                h += "<p>Whole workloads:</p>\n" + html_table(work);
            h += "<p>Every benchmark:</p>\n" + html_table(kernel_table(k));
        }
    }
    for (std::size_t i = 0; i < set.results.size(); ++i) {
        const LoadedResult& r = set.results[i];
        h += "<section id=\"s-" + html_escape(r.scenario) + "\">\n<h2>" + html_escape(r.scenario) + "</h2>\n";
        h += fmt::format("<p class=\"meta\">Family {}; {}. Profile {}, seed {}, {}; file <code>{}</code>.</p>\n",
                         html_escape(r.family), html_escape(r.paper), html_escape(r.profile), r.seed,
                         seconds_text(r.wall_seconds), html_escape(r.path.filename().string()));
        h += "<p class=\"meta\">Parameters: " + html_escape(parameters_text(r)) + ".</p>\n";
        h += counts_html(count_verdicts(r.result.claims));
        // Figures side by side where the window is wide enough, as in a paper's figure rows.
        h += "<div class=\"figures\">\n";
        for (std::size_t j = 0; j < figures[i].size(); ++j) {
            const Figure& f = figures[i][j];
            h += "<figure>" + render_svg(f.plot, fmt::format("f{}-{}", i, j), false) + "<figcaption><b>Figure " +
                 std::to_string(j + 1) + ".</b> " + html_escape(f.caption) + "</figcaption></figure>\n";
        }
        h += "</div>\n";
        h += "<h3>Claims</h3>\n" + html_table(claims_table(r.result));
        if (!r.result.notes.empty()) {
            h += "<h3>Notes</h3>\n<ul class=\"notes\">";
            for (const std::string& n : r.result.notes) h += "<li>" + html_escape(n) + "</li>";
            h += "</ul>\n";
        }
        h += "</section>\n";
    }
    return h + "</body>\n</html>\n";
}

}  // namespace ratebench
