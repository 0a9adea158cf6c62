#include "core/outcome.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace ratebench {
namespace {

double mean(std::span<const double> x) {
    return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

bool all_finite(std::span<const double> x) {
    return std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); });
}

}  // namespace

Classification classify_outcome(Outcome stop, double final_loss, double final_grad_norm,
                                std::span<const double> tail_loss, std::span<const double> tail_grad_norm,
                                const OutcomeThresholds& t) {
    if (tail_loss.size() != tail_grad_norm.size())
        throw std::invalid_argument("classify_outcome: tail loss and gradient norms differ in length");
    Classification c;
    const bool tail = !tail_loss.empty();
    c.late_loss = tail ? mean(tail_loss) : final_loss;
    c.late_grad_norm = tail ? mean(tail_grad_norm) : final_grad_norm;
    const bool finite = std::isfinite(final_loss) && std::isfinite(final_grad_norm) && all_finite(tail_loss) &&
                        all_finite(tail_grad_norm);
    const bool blown = final_loss > t.blowup_loss ||
                       std::any_of(tail_loss.begin(), tail_loss.end(), [&](double l) { return l > t.blowup_loss; });
    if (stop == Outcome::diverged || !finite || blown) {
        c.outcome = Outcome::diverged;
        return c;
    }
    if (final_loss <= t.loss_floor && final_grad_norm <= t.grad_floor) {
        c.outcome = Outcome::converged;
        return c;
    }
    if (c.late_loss > t.loss_floor && c.late_grad_norm * c.late_grad_norm <= t.stall_ratio * c.late_loss) {
        c.outcome = Outcome::stalled;
        return c;
    }
    c.outcome = Outcome::bounded;
    // Still descending: the loss falls at every second step over the whole tail (on even and on
    // odd steps, so a period-2 oscillation on the way down counts; an orbit repeats within
    // round-off and chaos has no such order).
    bool descending = tail_loss.size() >= 4;
    for (std::size_t k = 2; k < tail_loss.size(); ++k) descending = descending && tail_loss[k] < tail_loss[k - 2];
    c.unsettled = descending;
    return c;
}

}  // namespace ratebench
