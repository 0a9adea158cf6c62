#pragma once
// The balanced period-2 orbit of GD on 1/2 (xy - c)^2 just above eta* = 1/|c| (THEORY.md
// "linear and lr"). With x = sqrt|c| u, y = sign(c) sqrt|c| v, GD at eta is GD on
// 1/2 (uv - 1)^2 at rho = eta |c|; on the balanced line u = v it is the map
// g(u) = u (1 + rho - rho u^2), whose 2-cycle {u_a, u_b} has u_a u_b = 1/rho and
// u_a,b = (S +- D)/2, S = sqrt(1 + 3/rho), D = sqrt(1 - 1/rho) (a flip bifurcation at rho = 1).
// The cycle's multiplier g'(u_a) g'(u_b) = 9 - 2 (1 + rho)^2 is inside (-1, 1) for
// 1 < rho < sqrt 5 - 1; off the balanced line x^2 - y^2 contracts by 1 - eta^2 (xy - c)^2.
namespace ratebench {

// The upper end of rho = eta / eta* where the balanced 2-cycle attracts.
double toy_period2_stable_limit();

// Mean of |grad L| over the two points of the cycle, for target c and eta (eta |c| in
// (1, toy_period2_stable_limit())); NaN outside (1, inf) where the cycle does not exist.
double toy_period2_grad_norm(double c, double eta);

}  // namespace ratebench
