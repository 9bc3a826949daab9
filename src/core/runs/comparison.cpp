// The comparison plan and its runner (see comparison.h). Workers take the next run
// index from an atomic counter; each run writes only its own slot of the results.
#include "runs/comparison.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <thread>

namespace rnnlab {

namespace {

std::string number(double x)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

// "lstm", or "lstm+gru" for a mixed stack: the cells a run is made of.
std::string cellName(const ModelSpec &spec)
{
    std::string out;
    for (const LayerSpec &l : spec.layers) {
        if (isRecurrent(l.type) && out.find(toString(l.type)) == std::string::npos) {
            out += (out.empty() ? "" : "+") + std::string(toString(l.type));
        }
    }
    return out;
}

template <class T>
void requireDistinct(const std::vector<T> &v, const char *what)
{
    for (std::size_t i = 0; i < v.size(); ++i) {
        for (std::size_t k = 0; k < i; ++k) {
            if (v[i] == v[k]) {
                throw std::invalid_argument(std::string(what) + ": a value is listed twice");
            }
        }
    }
}

} // namespace

ModelSpec withCell(const ModelSpec &spec, LayerType cell)
{
    if (!isRecurrent(cell)) {
        throw SpecError(std::string("\"") + toString(cell) + "\" is not a recurrent cell (expected rnn, lstm or gru)");
    }
    ModelSpec out = spec;
    for (LayerSpec &l : out.layers) {
        if (isRecurrent(l.type)) {
            l.type = cell;
            if (cell != LayerType::Rnn) {
                l.activation = Activation::Tanh;
            }
        }
    }
    validate(out);
    return out;
}

std::vector<PlannedRun> planComparison(const RunSettings &base, const ComparisonAxes &axes)
{
    for (LayerType c : axes.cells) {
        if (!isRecurrent(c)) {
            throw std::invalid_argument(std::string("cells: \"") + toString(c) + "\" is not a recurrent cell (expected rnn, lstm or gru)");
        }
    }
    for (double g : axes.gains) {
        if (!(g >= 0.0) || !std::isfinite(g)) {
            throw std::invalid_argument("gains: " + number(g) + " is not a finite number >= 0");
        }
    }
    for (double c : axes.clipNorms) {
        if (!(c >= 0.0) || !std::isfinite(c)) {
            throw std::invalid_argument("clip norms: " + number(c) + " is not a finite number >= 0 (0: off)");
        }
    }
    if (axes.clipAuto && std::find(axes.clipNorms.begin(), axes.clipNorms.end(), 0.0) == axes.clipNorms.end()) {
        throw std::invalid_argument("clip norms: auto needs 0 in the list too (the unclipped run it is measured on)");
    }
    requireDistinct(axes.cells, "cells");
    requireDistinct(axes.gains, "gains");
    requireDistinct(axes.clipNorms, "clip norms");
    const std::size_t count = std::max<std::size_t>(axes.cells.size(), 1) * std::max<std::size_t>(axes.gains.size(), 1)
        * std::max<std::size_t>(axes.clipNorms.size() + (axes.clipAuto ? 1 : 0), 1);
    if (count > 1000) {
        throw std::invalid_argument(std::to_string(count) + " runs in all; at most 1000");
    }
    // An unvaried axis contributes one "keep the base" entry.
    std::vector<std::optional<LayerType>> cells(axes.cells.begin(), axes.cells.end());
    std::vector<std::optional<double>> gains(axes.gains.begin(), axes.gains.end());
    std::vector<std::optional<double>> clips(axes.clipNorms.begin(), axes.clipNorms.end());
    for (auto *axis : {&gains, &clips}) {
        if (axis->empty()) {
            axis->push_back(std::nullopt);
        }
    }
    if (cells.empty()) {
        cells.push_back(std::nullopt);
    }
    std::vector<PlannedRun> plan;
    for (const auto &cell : cells) {
        for (const auto &gain : gains) {
            for (const auto &clip : clips) {
                PlannedRun p;
                p.settings = base;
                p.settings.train.threads = 1;
                if (cell) {
                    p.settings.spec = withCell(base.spec, *cell);
                }
                p.name = cellName(p.settings.spec);
                if (gain) {
                    p.settings.train.init.recurrentGain = *gain;
                    p.name += "_gain" + number(*gain);
                }
                if (clip) {
                    p.settings.train.clip = *clip > 0 ? ClipConfig{ClipKind::Norm, *clip} : ClipConfig{};
                    p.name += *clip > 0 ? "_clip" + number(*clip) : std::string("_noclip");
                }
                plan.push_back(std::move(p));
            }
            if (axes.clipAuto) {
                // The unclipped twin is the 0 entry of the clips just planned.
                const std::size_t zero = std::size_t(std::find(axes.clipNorms.begin(), axes.clipNorms.end(), 0.0)
                                                     - axes.clipNorms.begin());
                PlannedRun p = plan[plan.size() - clips.size() + zero];
                p.clipFrom = int(plan.size() - clips.size() + zero);
                p.name = p.name.substr(0, p.name.size() - std::string("_noclip").size()) + "_clipauto";
                plan.push_back(std::move(p));
            }
        }
    }
    return plan;
}

int comparisonWorkers(int runs, int cores)
{
    if (cores <= 0) {
        cores = int(std::thread::hardware_concurrency());
    }
    return std::max(1, std::min(runs, cores));
}

std::vector<RunRecord> runComparison(const std::vector<PlannedRun> &plan, const Series &series, int workers,
                                     const ComparisonHooks &hooks)
{
    const int n = int(plan.size());
    std::vector<RunRecord> results(plan.size());
    std::vector<std::exception_ptr> errors(plan.size());
    // Round 1: every run with a fixed setting; round 2: the auto clip runs.
    std::vector<int> order;
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < n; ++i) {
            if ((plan[std::size_t(i)].clipFrom >= 0) == (round == 1)) {
                order.push_back(i);
            }
        }
    }
    const int firstAuto = int(std::find_if(order.begin(), order.end(),
                                           [&](int i) { return plan[std::size_t(i)].clipFrom >= 0; })
                              - order.begin());
    std::vector<PlannedRun> resolved = plan;
    std::atomic<int> next{0};
    auto work = [&](int end) {
        for (int k = next.fetch_add(1); k < end; k = next.fetch_add(1)) {
            const int i = order[std::size_t(k)];
            const PlannedRun &run = resolved[std::size_t(i)];
            RunRecord &out = results[std::size_t(i)];
            const bool noThreshold = run.clipFrom >= 0 && run.settings.train.clip.kind == ClipKind::None;
            if ((hooks.cancel && hooks.cancel->load()) || noThreshold) {
                out.name = run.name;
                out.settings = run.settings;
                out.end = RunEnd::Stopped;
                if (noThreshold) {
                    out.endMessage = "no clipping threshold: " + plan[std::size_t(run.clipFrom)].name
                        + " completed no epoch";
                }
                continue;
            }
            try {
                RunHooks h;
                h.cancel = hooks.cancel;
                if (hooks.onEpoch) {
                    h.onEpoch = [&, i](const EpochStats &st) { hooks.onEpoch(i, st); };
                }
                out = trainRun(run.name, run.settings, series, h);
                if (hooks.onRunFinished) {
                    hooks.onRunFinished(i, out);
                }
            } catch (...) {
                errors[std::size_t(i)] = std::current_exception();
            }
        }
    };
    // Each run is single-threaded: settle Eigen's global thread count before the
    // workers start, so they only ever read it.
    Eigen::initParallel();
    Eigen::setNbThreads(1);
    auto round = [&](int begin, int end) {
        next = begin;
        const int k = std::min(std::max(workers, 1), std::max(end - begin, 1));
        if (k <= 1) {
            work(end);
            return;
        }
        std::vector<std::thread> threads;
        for (int t = 0; t < k; ++t) {
            threads.emplace_back(work, end);
        }
        for (std::thread &t : threads) {
            t.join();
        }
    };
    round(0, firstAuto);
    for (int k = firstAuto; k < n; ++k) {
        PlannedRun &run = resolved[std::size_t(order[std::size_t(k)])];
        const double c = errors[std::size_t(run.clipFrom)] ? std::nan("") : suggestedClipNorm(results[std::size_t(run.clipFrom)]);
        run.settings.train.clip = std::isfinite(c) && c > 0 ? ClipConfig{ClipKind::Norm, c} : ClipConfig{};
    }
    round(firstAuto, n);
    for (const std::exception_ptr &e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
    return results;
}

} // namespace rnnlab
