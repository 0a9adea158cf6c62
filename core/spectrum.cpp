#include "core/spectrum.hpp"

#include <limits>

namespace ratebench {

SpectrumSummary summarize_spectrum(const Eigen::MatrixXd& symmetric) {
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(symmetric,
                                                             Eigen::EigenvaluesOnly);
    SpectrumSummary s;
    s.eigenvalues = eig.eigenvalues();
    if (s.eigenvalues.size() == 0) return s;
    s.lambda_min = s.eigenvalues(0);
    s.lambda_max = s.eigenvalues(s.eigenvalues.size() - 1);
    s.kappa = s.lambda_min > 0 ? s.lambda_max / s.lambda_min
                               : std::numeric_limits<double>::infinity();
    return s;
}

}  // namespace ratebench
