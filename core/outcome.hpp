#pragma once
// How a run ended, judged from loss AND gradient norm together (THEORY.md "linear and lr"):
// a loss at its floor with a gradient that is not small is no minimum, and a tiny gradient
// with the loss above its floor is a critical point that is no minimum (the origin of a deep
// scalar chain, a net whose ReLU units are all dead). It refines train()'s stop reason with
// the last K steps of a run that spent its budget: a bounded run either sits on an orbit or
// in chaos (its loss has no trend) or is still descending (power-law slow near eta*): the
// latter is "unsettled", a bounded run, never counted as converged.
#include "core/train.hpp"

#include <span>

namespace ratebench {

struct OutcomeThresholds {
    double loss_floor = 0.0;   // converged needs loss <= loss_floor ...
    double grad_floor = 0.0;   // ... and |grad| <= grad_floor
    // stalled: (mean late |grad|)^2 <= stall_ratio x mean late loss with the loss above its floor: a
    // gradient far too small for the loss it has, the mark of a critical point that is no
    // minimum, also while it is approached (power-law slow, as the origin of a deep chain is)
    double stall_ratio = 0.0;
    double blowup_loss = 1e300;  // diverged: any late loss above it (or not finite)
};

struct Classification {
    Outcome outcome = Outcome::bounded;
    bool unsettled = false;       // bounded and still descending over the tail
    double late_loss = 0.0;       // mean over the tail (the final values when there is none)
    double late_grad_norm = 0.0;  // mean over the tail: for a period-2 orbit, K even, the orbit's mean
};

// stop: train()'s outcome; final_*: at the last iterate; tail_*: loss and |grad| of the K steps
// after it (empty for a run that stopped early). Rules in order: diverged (train said so, or a
// non-finite or blown-up tail); converged (final loss and gradient both at their floors);
// stalled (late |grad|^2 <= stall_ratio x late loss, the loss above its floor); else
// bounded, unsettled when the tail's loss falls at every second step (a descent, oscillating or
// not: an orbit repeats, chaos has no such order).
Classification classify_outcome(Outcome stop, double final_loss, double final_grad_norm,
                                std::span<const double> tail_loss, std::span<const double> tail_grad_norm,
                                const OutcomeThresholds& thresholds);

}  // namespace ratebench
