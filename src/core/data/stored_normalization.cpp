// See stored_normalization.h. The stored transform is applied before the stored
// normalisers, exactly as makeWindows did during training.
#include "data/stored_normalization.h"

#include <stdexcept>

namespace rnnlab {

void renormalize(const Series &series, const Windows &stored, Windows &w)
{
    if (stored.inputNorms.size() != w.inputColumns.size()) {
        throw std::invalid_argument("the model has " + std::to_string(stored.inputNorms.size())
                                    + " input normalisers for " + std::to_string(w.inputColumns.size()) + " input columns");
    }
    if (stored.transform != w.transform) {
        throw std::invalid_argument(std::string("the model was trained with the ") + toString(stored.transform)
                                    + " transform but the windows use " + toString(w.transform));
    }
    if (stored.seasonalPeriod != w.seasonalPeriod) {
        throw std::invalid_argument("the model was trained with seasonal period " + std::to_string(stored.seasonalPeriod)
                                    + " but the windows use " + std::to_string(w.seasonalPeriod));
    }
    if (series.rows() != w.rows) {
        throw std::invalid_argument("the series has " + std::to_string(series.rows()) + " rows but the windows "
                                    + std::to_string(w.rows) + ": pass the series given to makeWindows");
    }
    const int first = w.firstRow();
    for (size_t k = 0; k < w.inputColumns.size(); ++k) {
        const Normalizer &n = stored.inputNorms[k];
        const Eigen::VectorXd x = transformColumn(series, w.inputColumns[k], w.transform, w.seasonalPeriod);
        for (int r = first; r < w.rows; ++r) {
            w.inputs(Eigen::Index(k), r) = float(n.apply(x[r]));
        }
    }
    const Eigen::VectorXd y = transformColumn(series, w.targetColumn, w.transform, w.seasonalPeriod);
    for (int r = first; r < w.rows; ++r) {
        w.target(r) = float(stored.targetNorm.apply(y[r]));
    }
    w.inputNorms = stored.inputNorms;
    w.targetNorm = stored.targetNorm;
}

} // namespace rnnlab
