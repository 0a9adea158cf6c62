#pragma once
// One run of an optimiser on a relu2 problem, measured the way every rate claim of the family
// needs: slopes of ln L fitted in the early and late windows, the Gram caught at the start of
// the late window, and the theory's slope predicted from the window Gram, from H(0) and from
// H_inf. The judge reads only the metrics written here.
#include "core/predict.hpp"
#include "core/rates.hpp"
#include "core/train.hpp"
#include "suites/relu2/problem.hpp"

#include <optional>

namespace ratebench::relu2 {

// Relative floor below which the loss is round-off (DESIGN.md s.6).
inline constexpr double kRoundOffFloor = 1e-24;

// Writes window.NAME.{first_step,last_step,observed_slope,intercept,r2} when the run entered
// the window; returns whether it did.
bool record_window(Metrics& metrics, const std::string& name, const Trajectory& t,
                   LossWindow window);

// The slope a linear method's slowest mode predicts on a spectrum: 2 ln rho.
template <Optimizer O>
std::optional<double> root_modulus_slope(const O& optimizer, const SpectrumSummary& s) {
    const auto rho = predicted_contraction(optimizer, s.eigenvalues);
    return rho ? std::optional<double>(loss_slope(*rho)) : std::nullopt;
}

// predict(optimizer, spectrum) -> the predicted slope of ln L per step (std::optional: a law
// that needs more than a spectrum is computed by the caller).
template <Optimizer O, class Predict>
Run run_rate(const Problem& p, O optimizer, Predict predict, long max_steps,
             const StepObserver& also_observe = {}) {
    // Each window's prediction uses the Gram at the window's first step: the activation
    // pattern, and with it lambda0, drifts by a few % between init and then.
    double initial_loss = 0.0;
    std::optional<Eigen::VectorXd> early_theta, late_theta;
    const StepObserver observe = [&](long k, double loss, const Eigen::VectorXd& theta) {
        if (k == 0) initial_loss = loss;
        if (!early_theta && loss <= kEarlyWindow.hi * initial_loss) early_theta = theta;
        if (!late_theta && loss <= kLateWindow.hi * initial_loss) late_theta = theta;
        if (also_observe) also_observe(k, loss, theta);
    };
    Eigen::VectorXd theta = p.theta0;
    // Every step is sampled up to 5000 steps, so that short late windows still hold enough
    // points for a fit; longer runs get 5000 evenly spaced samples.
    const TrainConfig config{max_steps, {.relative_loss_floor = kRoundOffFloor},
                             {.log_points = 200, .even_points = 5000}};
    Run run;
    run.trajectory = train(p.model, p.data, optimizer, theta, config, {}, observe);
    run.parameters["eta"] = optimizer.params.eta;

    Metrics& m = run.metrics;
    record_spectrum(m, "H0", p.h0);
    record_spectrum(m, "Hinf", p.hinf);
    if (record_window(m, "early", run.trajectory, kEarlyWindow) && early_theta) {
        const SpectrumSummary he = summarize_spectrum(p.model.gram(*early_theta, p.data.X));
        record_spectrum(m, "Hearly", he);
        if (const auto predicted = predict(optimizer, he)) m["window.early.predicted_slope"] = *predicted;
    }
    if (record_window(m, "late", run.trajectory, kLateWindow) && late_theta) {
        const SpectrumSummary hw = summarize_spectrum(p.model.gram(*late_theta, p.data.X));
        record_spectrum(m, "Hwindow", hw);
        const double observed = m["window.late.observed_slope"];
        for (const auto& [name, spectrum] : {std::pair{"window", &hw}, {"H0", &p.h0}, {"Hinf", &p.hinf}}) {
            const auto predicted = predict(optimizer, *spectrum);
            if (!predicted) continue;
            m[std::string("predicted_slope.") + name] = *predicted;
            m[std::string("relative_error.") + name] = (observed - *predicted) / std::abs(*predicted);
        }
        if (m.count("predicted_slope.window"))
            m["window.late.predicted_slope"] = m["predicted_slope.window"];
    }
    return run;
}

}  // namespace ratebench::relu2
