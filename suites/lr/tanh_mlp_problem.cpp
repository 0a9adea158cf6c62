#include "suites/lr/tanh_mlp_problem.hpp"

#include "core/activation.hpp"

namespace ratebench::lr {

std::shared_ptr<const TanhMlpProblem> make_tanh_mlp_problem(const ScenarioContext& ctx) {
    Stream s = ctx.stream(0, "data");
    Dataset data;
    data.X = unit_sphere_points(ctx.integer("n"), ctx.integer("d"), s);
    data.Y = gaussian_targets(ctx.integer("n"), 1, s);
    Mlp net(MlpShape{ctx.integer("d"), {ctx.integer("width")}, 1, false, true}, tanh_activation(),
            LossConvention::half_mean, MlpInit{MlpInit::Scheme::fan_in, ctx.real("init_scale")});
    return std::make_shared<const TanhMlpProblem>(TanhMlpProblem{std::move(data), std::move(net)});
}

std::vector<Parameter> tanh_mlp_parameters(double width, double init_scale) {
    return {{"n", 4, 4, "points", true, 1, 1000},
            {"d", 4, 4, "input dimension (d >= n: generic points, so the net interpolates)", true, 1, 1000},
            {"width", width, width, "hidden tanh units (8 or more: over 40 parameters, so the sharpness is by Lanczos)", true, 1, 1000},
            {"init_scale", init_scale, init_scale, "weights N(0, init_scale^2 / fan_in)", false, 1e-6, 100}};
}

std::vector<std::string> tanh_mlp_conventions() {
    return {
        "model: tanh MLP d -> width -> 1, no hidden bias, output bias; loss 1/(2n) sum_i e_i^2 (bias Hessian entry 1)",
        "data: n points uniform on the unit sphere of R^d, N(0, 1) targets, fixed by the seed",
        "init: weights N(0, init_scale^2 / fan_in), bias 0; the same init per replicate at every eta",
        "sharpness = top Hessian eigenvalue by Lanczos on exact HVPs (above 40 parameters; dense below), residual "
        "and products recorded",
    };
}

}  // namespace ratebench::lr
