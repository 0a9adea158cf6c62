#pragma once
// Claims: a statement from a paper, what was observed, what the theory predicts, and how the
// two are compared. The comparison is data (DESIGN.md s.4): reports and `compare` read its
// kind; nothing else encodes how a claim is judged.
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace ratebench {

enum class Verdict {
    pass,
    fail,
    out_of_scope,  // the theorem's assumptions are not met (why says which)
    undetermined,  // the measurement cannot decide
};
std::string_view to_string(Verdict v);

namespace comparison {
struct Relative {     // |observed - predicted| <= rtol |predicted|
    double predicted, rtol;
};
struct AtMost {       // observed <= bound (1 + rtol)
    double bound, rtol = 0.0;
};
struct AtLeast {      // observed >= bound (1 - rtol)
    double bound, rtol = 0.0;
};
struct Interval {     // lo <= observed <= hi
    double lo, hi;
};
struct Count {        // violations <= allowed, of `condition`, counted over `range`
    long violations, allowed;
    std::string condition, range;
};
struct Probability {  // successes / trials, Wilson 95% interval against threshold
    long successes, trials;
    double threshold;
};
}  // namespace comparison

using Comparison = std::variant<comparison::Relative, comparison::AtMost, comparison::AtLeast,
                                comparison::Interval, comparison::Count, comparison::Probability>;
std::string_view kind_name(const Comparison& c);

// Wilson score interval at 95% for successes out of trials.
struct WilsonInterval {
    double lo, hi;
};
WilsonInterval wilson_interval(long successes, long trials);

struct Claim {
    std::string id;         // e.g. "gd-rate.late-slope"
    std::string statement;  // the claim in words
    std::string paper_ref;
    std::string why;        // what it rests on, or why out of scope / undetermined
    std::optional<double> observed;   // absent: nothing to observe (not run, window not reached)
    std::optional<double> predicted;  // for display; the comparison holds the judged value
    Comparison comparison;
    Verdict verdict = Verdict::undetermined;
};

// Judges `observed` by `comparison`: pass or fail, undetermined when nothing was observed (or
// it is not finite), and for probabilities undetermined while the interval straddles the
// threshold.
Verdict judge(const std::optional<double>& observed, const Comparison& comparison);

// Builds a judged claim.
Claim make_claim(std::string id, std::string statement, std::string paper_ref, std::string why,
                 std::optional<double> observed, Comparison comparison);

// A claim whose theorem does not apply here; nothing is judged.
Claim out_of_scope_claim(std::string id, std::string statement, std::string paper_ref,
                         std::string why, Comparison comparison);

}  // namespace ratebench
