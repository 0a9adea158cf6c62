#include "reports/scenario_figures.hpp"

#include "reports/loss_figure.hpp"
#include "reports/series_figures.hpp"
#include "reports/sweep_figures.hpp"

namespace ratebench {

std::vector<Figure> scenario_figures(const ScenarioResult& result) {
    std::vector<Figure> figures;
    if (auto loss = loss_figure(result)) figures.push_back(std::move(*loss));
    for (Figure& f : sweep_figures(result)) figures.push_back(std::move(f));
    for (Figure& f : series_figures(result)) figures.push_back(std::move(f));
    return figures;
}

std::string figure_file_name(const std::string& scenario, const Figure& figure) {
    return scenario + "." + figure.slug + ".svg";
}

}  // namespace ratebench
