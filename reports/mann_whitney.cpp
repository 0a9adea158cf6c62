#include "reports/mann_whitney.hpp"

#include <algorithm>
#include <cmath>

namespace ratebench {

namespace {

// U = number of pairs with a_i > b_j, ties counted one half.
double u_statistic(const std::vector<double>& a, const std::vector<double>& b) {
    double u = 0;
    for (double x : a)
        for (double y : b) u += x > y ? 1.0 : x == y ? 0.5 : 0.0;
    return u;
}

bool has_ties(std::vector<double> all) {
    std::sort(all.begin(), all.end());
    return std::adjacent_find(all.begin(), all.end()) != all.end();
}

// counts[u] = number of orderings of n a's and m b's with U = u. The largest of the n + m
// values is either an a (beating all m b's) or a b: f(n, m, u) = f(n-1, m, u-m) + f(n, m-1, u).
std::vector<double> u_counts(std::size_t n, std::size_t m) {
    std::vector<std::vector<std::vector<double>>> f(n + 1, std::vector<std::vector<double>>(m + 1));
    for (std::size_t i = 0; i <= n; ++i)
        for (std::size_t j = 0; j <= m; ++j) {
            f[i][j].assign(i * j + 1, 0.0);
            if (i == 0 || j == 0) {
                f[i][j][0] = 1;
                continue;
            }
            for (std::size_t u = 0; u <= i * j; ++u) {
                if (u >= j && u - j <= (i - 1) * j) f[i][j][u] += f[i - 1][j][u - j];
                if (u <= i * (j - 1)) f[i][j][u] += f[i][j - 1][u];
            }
        }
    return f[n][m];
}

double exact_p(double u, std::size_t n, std::size_t m) {
    const auto counts = u_counts(n, m);
    double total = 0, below = 0, above = 0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        total += counts[k];
        if (k <= u) below += counts[k];
        if (k >= u) above += counts[k];
    }
    return std::min(1.0, 2 * std::min(below, above) / total);
}

double normal_p(const std::vector<double>& a, const std::vector<double>& b, double u) {
    const double n = a.size(), m = b.size(), total = n + m;
    std::vector<double> all(a);
    all.insert(all.end(), b.begin(), b.end());
    std::sort(all.begin(), all.end());
    double ties = 0;  // sum of t^3 - t over groups of t equal values
    for (std::size_t i = 0; i < all.size();) {
        std::size_t j = i;
        while (j < all.size() && all[j] == all[i]) ++j;
        const double t = static_cast<double>(j - i);
        ties += t * t * t - t;
        i = j;
    }
    const double sigma = std::sqrt(n * m / 12 * ((total + 1) - ties / (total * (total - 1))));
    if (!(sigma > 0)) return 1.0;
    const double z = std::max(0.0, std::abs(u - n * m / 2) - 0.5) / sigma;
    return std::erfc(z / std::sqrt(2.0));
}

}  // namespace

double mann_whitney_p(const std::vector<double>& a, const std::vector<double>& b) {
    const double u = u_statistic(a, b);
    std::vector<double> all(a);
    all.insert(all.end(), b.begin(), b.end());
    if (a.size() <= 20 && b.size() <= 20 && !has_ties(all)) return exact_p(u, a.size(), b.size());
    return normal_p(a, b, u);
}

}  // namespace ratebench
