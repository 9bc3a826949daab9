// See stored_normalization.h.
#include "stored_normalization.h"

#include <stdexcept>

namespace rnnlab {

void renormalize(const Series &series, const Windows &stored, Windows &w)
{
    if (stored.inputNorms.size() != w.inputColumns.size()) {
        throw std::invalid_argument("the model has " + std::to_string(stored.inputNorms.size())
                                    + " input normalisers for " + std::to_string(w.inputColumns.size()) + " input columns");
    }
    for (size_t k = 0; k < w.inputColumns.size(); ++k) {
        const Normalizer &n = stored.inputNorms[k];
        for (int r = 0; r < w.rows; ++r) {
            w.inputs(Eigen::Index(k), r) = float(n.apply(series.values(r, w.inputColumns[k])));
        }
    }
    for (int r = 0; r < w.rows; ++r) {
        w.target(r) = float(stored.targetNorm.apply(series.values(r, w.targetColumn)));
    }
    w.inputNorms = stored.inputNorms;
    w.targetNorm = stored.targetNorm;
}

} // namespace rnnlab
