#include "suites/lr/cases.hpp"

#include "core/activation.hpp"
#include "core/models/scalar_chain.hpp"
#include "core/sharpness_min.hpp"
#include "suites/linear/problem.hpp"
#include "suites/lr/gd_run.hpp"
#include "suites/lr/tanh_s_min.hpp"

#include <cmath>
#include <memory>

namespace ratebench::lr {
namespace {

RunSettings settings(const ScenarioContext& ctx, double eta, double s_min) {
    return {eta, s_min, ctx.integer("max_steps"), ctx.integer("tail_steps")};
}

Instance scalar_instance(const ScenarioContext& ctx, int depth, double target, bool toy) {
    auto data = std::make_shared<Dataset>();
    data->X = Eigen::MatrixXd::Ones(1, 1);
    data->Y = Eigen::MatrixXd::Constant(1, 1, target);
    const ScalarChain model(depth, ctx.real("init_sigma"));
    Instance in;
    in.s_min = toy ? s_min_scalar_toy(target) : s_min_scalar_chain(depth, target);
    in.s_min_method = toy ? "the toy closed form s_min = 2|c|" : "the scalar-chain closed form N |y|^(2-2/N)";
    in.toy_target = toy ? target : 0.0;
    in.run = [ctx, data, model, s = in.s_min](double eta, std::uint64_t replicate, const std::string& purpose) {
        Stream init = ctx.stream(replicate, "init");
        Stream lanczos = ctx.stream(replicate, "lanczos " + purpose);
        return run_gd(model, *data, model.init(init), settings(ctx, eta, s), lanczos);
    };
    return in;
}

Instance anisotropic_instance(const ScenarioContext& ctx) {
    const linear::Shape shape{linear::DataKind::anisotropic, 2, ctx.integer("width")};
    Dataset data = linear::problem_data(ctx, shape);
    Instance in;
    // The minimum set {P = W*}, s_min and eta* need X^T X invertible (n >= d, independent
    // columns): without it there is no eta* to sweep across.
    if (const InputRank rank = input_rank(data.X.transpose() * data.X / static_cast<double>(data.n()));
        rank.finite && rank.rank < data.d()) {
        in.s_min = NAN;
        in.s_min_method = "nothing: X^T X is singular";
        in.out_of_scope = rank_deficiency_text(rank, data.n(), data.d()) +
                          "; the theory assumes X^T X invertible (THEORY.md linear): without it the minima are not "
                          "{P = W*} and s_min, eta* are not defined as stated, so there is no eta* to sweep across "
                          "(no GD run)";
        return in;
    }
    auto p = std::make_shared<linear::Problem>(linear::make_problem(ctx, shape, std::move(data)));
    in.s_min = s_min_depth2_single_output(p->lp.sigma, p->lp.target.row(0).transpose()).value;
    in.s_min_method = "the depth-2 single-output 1-D search min_a lambda_max((a^2 I + b b^T/a^2) Sigma)";
    in.run = [ctx, p, s = in.s_min](double eta, std::uint64_t replicate, const std::string& purpose) {
        Stream init = ctx.stream(replicate, "init");
        Stream lanczos = ctx.stream(replicate, "lanczos " + purpose);
        return run_gd(p->net, p->data, p->net.init(init), settings(ctx, eta, s), lanczos);
    };
    return in;
}

// One tanh neuron a tanh(w x) on the point x = 1, loss 1/2 e^2, both weights i.i.d. N(0, init_sigma^2).
Instance tanh_neuron_instance(const ScenarioContext& ctx) {
    auto data = std::make_shared<Dataset>();
    data->X = Eigen::MatrixXd::Constant(1, 1, 1.0);
    data->Y = Eigen::MatrixXd::Constant(1, 1, ctx.real("y"));
    auto net = std::make_shared<Mlp>(MlpShape{1, {1}, 1, false, false}, tanh_activation(), LossConvention::half_mean,
                                     MlpInit{MlpInit::Scheme::iid, ctx.real("init_sigma")});
    Instance in;
    in.s_min = tanh_neuron_s_min(*net, *data).value;
    in.s_min_method = "a golden-section search of the top Hessian eigenvalue along the minimum curve a = y / tanh(w x)";
    in.s_min_closed = tanh_neuron_s_min_closed(data->X(0, 0), data->Y(0, 0));
    in.run = [ctx, data, net, s = in.s_min](double eta, std::uint64_t replicate, const std::string& purpose) {
        Stream init = ctx.stream(replicate, "init");
        Stream lanczos = ctx.stream(replicate, "lanczos " + purpose);
        return run_gd(*net, *data, net->init(init), settings(ctx, eta, s), lanczos);
    };
    return in;
}

}  // namespace

Instance make_instance(const ScenarioContext& ctx, CaseKind kind) {
    switch (kind) {
        case CaseKind::toy: return scalar_instance(ctx, 2, ctx.real("c"), true);
        case CaseKind::chain: return scalar_instance(ctx, static_cast<int>(ctx.integer("depth")), ctx.real("y"), false);
        case CaseKind::anisotropic: return anisotropic_instance(ctx);
        case CaseKind::tanh_neuron: return tanh_neuron_instance(ctx);
    }
    return {};
}

}  // namespace ratebench::lr
