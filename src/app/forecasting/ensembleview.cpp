// The ensemble's median and spread (see ensembleview.h).
#include "forecasting/ensembleview.h"

#include "forecasting/ensemble.h"
#include "forecasting/forecast.h"

namespace rnnlab {

EnsembleView ensembleView(const std::vector<Model<float> *> &models, const std::vector<std::uint64_t> &seeds,
                          const Windows &w, const std::vector<int> &starts, const std::function<bool()> &interrupted)
{
    std::vector<Eigen::MatrixXd> preds;
    EnsembleView v;
    for (Model<float> *m : models) {
        if (interrupted && interrupted()) {
            return {};
        }
        preds.push_back(openLoopPredict(*m, w, starts));
        v.params.emplace_back(m->params().data(), m->params().data() + m->params().size());
    }
    v.members = int(models.size());
    v.seeds = seeds;
    v.starts = starts;
    // The core's quantile, so the median is the CLI's ensemble forecast to the bit.
    v.median = elementwiseQuantile(preds, 0.5);
    v.low = elementwiseQuantile(preds, 0.0);
    v.high = elementwiseQuantile(preds, 1.0);
    return v;
}

} // namespace rnnlab
