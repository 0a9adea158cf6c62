// report.html is one self-contained file: no URL anywhere (the SVG namespace is left out of
// inline plots), text from result files escaped, every scenario with its figures and claims.
#include "reports/escape.hpp"
#include "reports/html_report.hpp"
#include "reports/scenario_figures.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <regex>

using namespace ratebench;
using Catch::Matchers::Contains;

namespace {

LoadedResult loaded(const std::string& id, const std::string& statement) {
    LoadedResult r;
    r.scenario = id;
    r.family = "relu2";
    r.profile = "quick";
    r.environment = {{"cpu", "CPU <b>&</b>"}};
    Run run;
    run.label = "replicate \"0\"";
    run.trajectory.step = {0, 10, 20};
    run.trajectory.loss = {1.0, 1e-5, 1e-10};
    run.trajectory.grad_norm = {1, 1e-3, 1e-5};
    run.trajectory.distance = {0, 1, 1};
    r.result.runs = {run};
    r.result.claims.push_back(make_claim("c", statement, "", "", 1.0, comparison::Relative{1.0, 0.1}));
    r.result.notes = {"note <i>"};
    return r;
}

}  // namespace

TEST_CASE("report.html makes no request and escapes text from result files", "[report]") {
    ResultSet set;
    set.results = {loaded("relu2.a", "L < 2/eta & <script>x</script>"), loaded("relu2.b", "plain")};
    std::vector<std::vector<Figure>> figures;
    for (const auto& r : set.results) figures.push_back(scenario_figures(r.result));
    const std::string html = html_report(set, figures);

    CHECK_THAT(html, Contains("L &lt; 2/eta &amp; &lt;script&gt;x&lt;/script&gt;"));
    CHECK_THAT(html, Contains("CPU &lt;b&gt;&amp;&lt;/b&gt;"));
    CHECK_THAT(html, Contains("note &lt;i&gt;"));
    CHECK_THAT(html, Contains("replicate &quot;0&quot;"));
    CHECK(html.find("<script") == std::string::npos);
    // No URL of any kind: only anchors inside the page and url(#clip) references.
    CHECK(html.find("http:") == std::string::npos);
    CHECK(html.find("https:") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    const std::regex href(R"re(href="([^"]*)")re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it)
        CHECK((*it)[1].str().rfind("#s-", 0) == 0);
    const std::regex url(R"(url\(([^)]*)\))");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator(); ++it)
        CHECK((*it)[1].str().rfind("#", 0) == 0);
    // One inline plot per scenario, and clip-path ids unique across the page.
    const std::regex svg("<svg");
    CHECK(std::distance(std::sregex_iterator(html.begin(), html.end(), svg), std::sregex_iterator()) == 2);
    CHECK_THAT(html, Contains("id=\"f0-0-area\""));
    CHECK_THAT(html, Contains("id=\"f1-0-area\""));
    // Verdicts carry a word, not only a colour.
    CHECK_THAT(html, Contains("class=\"verdict\">\u2713 pass</td>"));
}

TEST_CASE("escaping for HTML and Markdown table cells", "[report]") {
    CHECK(html_escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
    CHECK(markdown_cell("a | b *c* `d` <e>\nf") == "a \\| b \\*c\\* \\`d\\` \\<e\\> f");
}
