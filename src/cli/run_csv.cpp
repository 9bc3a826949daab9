// A run directory's shared files (see run_csv.h).
#include "run_csv.h"

#include "data/time_axis.h"
#include "forecasting/metrics.h"

#include <cmath>
#include <cstdio>

namespace rnnlab::cli {

std::string csvNumber(double x)
{
    if (!std::isfinite(x)) {
        return "";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

std::string csvQuote(const std::string &s)
{
    if (s.find_first_of(",\"\n") == std::string::npos) {
        return s;
    }
    std::string out = "\"";
    for (char c : s) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

EpochCsv::EpochCsv(int lookback)
    : m_metrics("epoch,train_loss,val_loss,grad_norm,grad_norm_clipped,seconds\n"), m_grads("epoch,layer")
{
    for (int t = 0; t < lookback; ++t) {
        m_grads += ",t" + std::to_string(t);
    }
    m_grads += '\n';
}

void EpochCsv::add(const EpochStats &st)
{
    m_metrics += std::to_string(st.epoch) + ',' + csvNumber(st.trainLoss) + ',' + (st.valLoss ? csvNumber(*st.valLoss) : "")
        + ',' + csvNumber(st.gradNorm) + ',' + csvNumber(st.gradNormClipped) + ',' + csvNumber(st.seconds) + '\n';
    for (std::size_t l = 0; l < st.hiddenGradNorms.size(); ++l) {
        m_grads += std::to_string(st.epoch) + ',' + std::to_string(l + 1);
        for (double v : st.hiddenGradNorms[l]) {
            m_grads += ',' + csvNumber(v);
        }
        m_grads += '\n';
    }
}

AllWindows allWindows(const Windows &windows)
{
    AllWindows all;
    for (auto [starts, name] : {std::pair{&windows.train, "train"}, std::pair{&windows.val, "val"},
                                std::pair{&windows.test, "test"}}) {
        for (int s : *starts) {
            all.starts.push_back(s);
            all.split.push_back(name);
        }
    }
    return all;
}

std::string predictionsCsv(const Series &series, const Windows &windows, const AllWindows &all,
                           const Eigen::MatrixXd &pred, const std::vector<BaselineForecast> &baselines)
{
    const Eigen::MatrixXd actual = actualsMatrix(series, windows, all.starts);
    std::string csv = "time,actual,split,model";
    for (const BaselineForecast &b : baselines) {
        if (!b.skipped()) {
            csv += ',' + csvQuote(b.name);
        }
    }
    csv += '\n';
    for (std::size_t n = 0; n < all.starts.size(); ++n) {
        const Eigen::Index i = Eigen::Index(n);
        csv += csvQuote(timeLabel(series, all.starts[n] + windows.lookback)) + ',' + csvNumber(actual(0, i)) + ','
            + all.split[n] + ',' + csvNumber(pred(0, i));
        for (const BaselineForecast &b : baselines) {
            if (!b.skipped()) {
                csv += ',' + csvNumber(b.pred(0, i));
            }
        }
        csv += '\n';
    }
    return csv;
}

nlohmann::json trainingJson(const ModelSpec &spec, const TrainConfig &train, int epochs)
{
    return {{"model", formatModelSpec(spec)},
            {"loss", toString(train.loss)},
            {"optimizer", toString(train.optimizer.kind)},
            {"lr", train.optimizer.lr},
            {"batch", train.batchSize},
            {"epochs", epochs},
            {"seed", train.seed},
            {"gain", train.init.recurrentGain}};
}

} // namespace rnnlab::cli
