// The training loop of the GUI: Trainer::runEpoch() driven on a worker thread with
// stop/pause/step flags, live learning-rate and clipping changes, throttled snapshots
// and open-loop predictions whose cost is kept to a few percent of training time and
// which never delay Stop, Pause or Quit by more than one chunk of windows.
#include "training/trainingworker.h"

#include "forecasting/forecast.h"
#include "runs/run_trainer.h"
#include "uitrace.h"

#include <algorithm>
#include <future>
#include <memory>
#include <optional>
#include <cmath>
#include <new>
#include <thread>

namespace rnnlab {

namespace {
constexpr double kMinEmitInterval = 0.05; // seconds: at most ~20 snapshots per second
constexpr double kPredictionBudget = 0.05; // predictions may take 5% of the run's time
// Windows per prediction chunk: the engine's evaluation batch, so a chunk is one forward
// pass (about a third of a training step of the same size) between two flag checks.
constexpr int kPredictionChunk = 256;

double secondsSince(TrainingWorker::Clock::time_point t)
{
    return std::chrono::duration<double>(TrainingWorker::Clock::now() - t).count();
}
} // namespace

QString toDisplayString(TrainingState s)
{
    switch (s) {
    case TrainingState::Running: return QStringLiteral("training");
    case TrainingState::Paused: return QStringLiteral("paused");
    case TrainingState::Finished: return QStringLiteral("finished");
    case TrainingState::Stopped: return QStringLiteral("stopped");
    case TrainingState::EarlyStopped: return QStringLiteral("early-stopped (best weights restored)");
    case TrainingState::Diverged: return QStringLiteral("diverged");
    }
    return {};
}

QString snapshotProgressText(const TrainingSnapshot &s)
{
    QString text = QObject::tr("epoch %1/%2 · batch %3/%4").arg(s.epoch).arg(s.epochs).arg(s.batch).arg(s.batchCount);
    if (s.members > 1) {
        text += QObject::tr(" · member %1/%2").arg(std::max(1, s.member)).arg(s.members);
    }
    return text;
}

void TrainingWorker::prepare(int runId, bool pauseAfterFirstEpoch)
{
    m_runId = runId;
    m_stop = false;
    m_paused = false;
    m_pauseAfterEpoch = pauseAfterFirstEpoch;
    std::lock_guard lock(m_settingsMutex);
    m_lrSet = false;
    m_clipSet = false;
    m_settingsDirty = false;
}

void TrainingWorker::setLearningRate(double lr)
{
    std::lock_guard lock(m_settingsMutex);
    m_lr = lr;
    m_lrSet = true;
    m_settingsDirty = true;
}

void TrainingWorker::setClip(const ClipConfig &clip)
{
    std::lock_guard lock(m_settingsMutex);
    m_clip = clip;
    m_clipSet = true;
    m_settingsDirty = true;
}

void TrainingWorker::applyLiveSettings(Trainer &trainer)
{
    if (!m_settingsDirty.exchange(false)) {
        return;
    }
    std::lock_guard lock(m_settingsMutex);
    if (m_lrSet) {
        trainer.setLearningRate(m_lr);
    }
    if (m_clipSet) {
        trainer.setClip(m_clip);
    }
}

void TrainingWorker::emitSnapshot(TrainingSnapshot &snapshot)
{
    snapshot.newEpochs = std::move(m_pending);
    m_pending.clear();
    snapshot.runId = m_runId;
    if (m_mailbox->post(snapshot)) {
        uitrace::snapshotEmitted(); // a notification queued (merged posts queue nothing)
        emit snapshotPosted();
    }
    // Predictions and weights travel once; progress fields stay for the next one.
    snapshot.newEpochs.clear();
    snapshot.predictionStarts.clear();
    snapshot.predictions.resize(0, 0);
    snapshot.params.clear();
    snapshot.ensemble = {};
    snapshot.nonFiniteMessage.clear();
    m_lastEmit = Clock::now();
}

bool TrainingWorker::waitWhilePaused(TrainingSnapshot &progress)
{
    if (!m_paused || m_stop) {
        return !m_stop;
    }
    const TrainingState before = progress.state;
    progress.state = TrainingState::Paused;
    progress.stepsPerSecond = 0;
    emitSnapshot(progress);
    const auto pausedAt = Clock::now();
    // The paused view shows what the current weights predict: after the paused state
    // is on screen, and abandoned as soon as Resume or Stop arrives.
    if (m_trainer && m_windows && m_predictedAt != m_stepsDone
        && fillPredictions(*m_trainer, *m_windows, progress, [this] { return !m_paused || m_stop; })) {
        emitSnapshot(progress);
    }
    // A short sleep keeps Stop within a few milliseconds without a condition variable
    // that every flag setter would have to notify.
    while (m_paused && !m_stop) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    m_pausedSeconds += secondsSince(pausedAt);
    progress.state = before == TrainingState::Paused ? TrainingState::Running : before;
    if (!m_stop) {
        emitSnapshot(progress);
    }
    return !m_stop;
}

bool TrainingWorker::fillPredictions(Trainer &trainer, const Windows &w, TrainingSnapshot &snapshot,
                                     const std::function<bool()> &interrupted)
{
    const std::span<const int> all(m_allStarts);
    Eigen::MatrixXf p(trainer.model().horizon(), Eigen::Index(all.size()));
    for (std::size_t first = 0; first < all.size(); first += kPredictionChunk) {
        if (interrupted && interrupted()) {
            return false;
        }
        const std::size_t n = std::min<std::size_t>(kPredictionChunk, all.size() - first);
        p.middleCols(Eigen::Index(first), Eigen::Index(n)) = trainer.predict(all.subspan(first, n));
    }
    m_predictedAt = m_stepsDone;
    snapshot.predictionStarts = m_allStarts;
    // Back to original units through the engine's one inverse (normalisation and transform).
    snapshot.predictions = toLevels(w, m_allStarts, p);
    snapshot.predictionEpoch = trainer.epochsRun();
    const auto &params = trainer.model().params();
    snapshot.params.assign(params.data(), params.data() + params.size());
    return true;
}

void TrainingWorker::hand(TrainingJob job)
{
    std::lock_guard lock(m_jobMutex);
    m_handed = std::move(job);
}

void TrainingWorker::runHanded()
{
    std::optional<TrainingJob> job;
    {
        std::lock_guard lock(m_jobMutex);
        job.swap(m_handed);
    }
    if (job) {
        run(*job);
    }
}

std::vector<EnsembleMember> TrainingWorker::trainOtherMembers(const TrainingJob &job, const ModelSpec &spec,
                                                              const Windows &w, TrainingSnapshot &snap)
{
    std::vector<std::uint64_t> seeds;
    for (int k = 1; k < job.ensemble; ++k) {
        seeds.push_back(job.train.seed + std::uint64_t(k));
    }
    // Written by the members' threads, read here: the latest member started and its batch.
    std::atomic<int> started{0}, epoch{0}, batch{0}, batches{0};
    const MemberProgress progress = [&](std::size_t k, int e, int b, int count) {
        int s = started.load();
        while (int(k) + 1 > s && !started.compare_exchange_weak(s, int(k) + 1)) {
        }
        epoch = e;
        batch = b;
        batches = count;
        while (m_paused && !m_stop) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return !m_stop.load();
    };
    const int workers = std::max(1, int(std::thread::hardware_concurrency()));
    auto members = std::async(std::launch::async, [&] {
        return trainMembers(spec, job.train, w, seeds, workers, progress);
    });
    const int ownEpoch = snap.epoch, ownBatch = snap.batch, ownCount = snap.batchCount;
    snap.members = job.ensemble;
    while (members.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
        snap.member = 1 + std::max(1, started.load());
        snap.epoch = std::max(0, epoch - 1); // epochs completed by that member
        snap.batch = batch;
        snap.batchCount = batches;
        if (m_paused && !m_stop) {
            waitWhilePaused(snap); // the members wait in their progress callback
        } else {
            emitSnapshot(snap);
        }
    }
    snap.epoch = ownEpoch;
    snap.batch = ownBatch;
    snap.batchCount = ownCount;
    return members.get(); // rethrows a member's error
}

void TrainingWorker::run(const TrainingJob &job)
{
    m_pending.clear();
    m_pausedSeconds = 0;
    m_stepsDone = 0;
    m_predictedAt = -1;
    m_cancelSettling = false;
    m_lastEmit = Clock::now() - std::chrono::seconds(1);
    const int runId = m_runId;
    TrainingSnapshot snap;
    snap.epochs = job.train.epochs;
    TrainingState endState = TrainingState::Finished;
    std::optional<Windows> windows;
    std::unique_ptr<Trainer> trainer;
    std::optional<RunRecord> record;
    std::optional<Series> seriesForMetrics; // the prepared series, kept for the record's test metrics
    std::vector<EnsembleMember> members;     // members 2..N of a seed ensemble
    try {
        // The same preparation as the core's trainRun, so the run record replays.
        seriesForMetrics = preparedSeries(job.series, job.data);
        const Series &series = *seriesForMetrics;
        windows = makeWindows(series, job.data);
        const Windows &w = *windows;
        ModelSpec spec = job.spec;
        spec.inputSize = w.features();
        trainer = std::make_unique<Trainer>(spec, job.train, w);
        if (!job.initialParams.empty() && Eigen::Index(job.initialParams.size()) == trainer->model().params().size()) {
            trainer->model().params() = Eigen::Map<const Vec<float>>(job.initialParams.data(),
                                                                     Eigen::Index(job.initialParams.size()));
        }
        m_trainer = trainer.get();
        m_windows = &w;
        m_allStarts.clear();
        m_allStarts.insert(m_allStarts.end(), w.train.begin(), w.train.end());
        m_allStarts.insert(m_allStarts.end(), w.val.begin(), w.val.end());
        m_allStarts.insert(m_allStarts.end(), w.test.begin(), w.test.end());
        std::sort(m_allStarts.begin(), m_allStarts.end());

        const auto started = Clock::now();
        double predictionSeconds = 0;
        auto updateRate = [&](int epochsLeftAfterThis) {
            const double active = std::max(1e-9, secondsSince(started) - m_pausedSeconds);
            snap.stepsPerSecond = double(m_stepsDone) / active;
            const double left = double(epochsLeftAfterThis) * snap.batchCount + (snap.batchCount - snap.batch);
            snap.secondsLeft = snap.stepsPerSecond > 0 ? left / snap.stepsPerSecond : 0;
        };
        const auto stopOrPause = [this] { return m_stop || m_paused; };

        // The state goes out first; the untrained model's predictions follow when they
        // are ready (and a Stop in between skips them).
        emitSnapshot(snap);
        {
            const auto t0 = Clock::now();
            if (fillPredictions(*trainer, w, snap, stopOrPause)) {
                emitSnapshot(snap);
            }
            predictionSeconds += secondsSince(t0);
        }

        std::vector<EpochStats> logged; // every epoch as the core logs it, for the run record
        int divergedAt = 0; // the first epoch with a non-finite value
        std::string divergedMessage;
        bool plannedStop = false;
        for (int e = 1; e <= job.train.epochs && !m_stop; ++e) {
            if (!waitWhilePaused(snap)) {
                break;
            }
            const bool lastPlanned = job.stopAfterEpochs >= 0 && e == job.stopAfterEpochs;
            auto onBatch = [&](int batch, int count) {
                if (lastPlanned && batch + 1 >= job.stopAfterBatches) {
                    plannedStop = true;
                    return false;
                }
                snap.batch = batch + 1;
                snap.batchCount = count;
                ++m_stepsDone;
                applyLiveSettings(*trainer);
                if (m_stop) {
                    uitrace::event("worker stop-seen");
                    return false;
                }
                if (m_paused && !waitWhilePaused(snap)) {
                    return false;
                }
                if (secondsSince(m_lastEmit) >= kMinEmitInterval) {
                    updateRate(job.train.epochs - e);
                    emitSnapshot(snap);
                }
                return true;
            };
            // The validation pass at the epoch's end is asked too: Stop does not wait for
            // it, and Pause waits inside it (between its batches) like between training batches.
            auto interruptValidation = [&] {
                if (m_paused && !m_stop) {
                    waitWhilePaused(snap);
                }
                return m_stop.load();
            };
            const EpochStats st = trainer->runEpoch(onBatch, interruptValidation);
            logged.push_back(st);
            if (st.stopped || plannedStop) {
                break;
            }
            EpochRecord rec;
            rec.epoch = st.epoch;
            rec.trainLoss = st.trainLoss;
            rec.valLoss = st.valLoss ? *st.valLoss : std::numeric_limits<double>::quiet_NaN();
            rec.gradNorm = st.gradNorm;
            rec.gradNormClipped = st.gradNormClipped;
            rec.clipThreshold = trainer->config().clip.kind == ClipKind::Norm ? trainer->config().clip.threshold : 0;
            rec.spectralRadius = st.spectralRadius;
            rec.spectralRadiusEpoch = st.spectralRadiusEpoch;
            rec.hiddenGradNorms = st.hiddenGradNorms;
            rec.seconds = st.seconds;
            m_pending.push_back(std::move(rec));
            snap.epoch = st.epoch;
            uitrace::event("worker epoch", st.epoch);
            snap.bestEpoch = trainer->bestEpoch();
            snap.batch = snap.batchCount;
            updateRate(job.train.epochs - e);

            if (st.nonFinite.found) {
                // As the CLI (exit 3) and the core's trainRun: a divergence ends the run;
                // the record says "diverged at epoch k" and keeps the history up to k.
                snap.nonFiniteMessage = QString::fromStdString(st.nonFinite.message());
                divergedAt = st.epoch;
                divergedMessage = st.nonFinite.message();
                endState = TrainingState::Diverged;
                break;
            }
            if (trainer->shouldStop()) {
                endState = TrainingState::EarlyStopped;
                break;
            }
            if (m_pauseAfterEpoch.exchange(false)) {
                m_paused = true;
            }
            // The epoch's numbers go out before any display work; a pause shows at once
            // and makes its predictions while paused (waitWhilePaused).
            emitSnapshot(snap);
            if (lastPlanned) {
                plannedStop = true; // a retrain of a run stopped between epochs ends here
                break;
            }
            const double elapsed = secondsSince(started);
            const bool last = e == job.train.epochs;
            if (!last && !m_paused && predictionSeconds <= kPredictionBudget * elapsed) {
                const auto t0 = Clock::now();
                if (fillPredictions(*trainer, w, snap, stopOrPause)) {
                    emitSnapshot(snap);
                }
                predictionSeconds += secondsSince(t0);
            }
        }
        if (m_stop || plannedStop) {
            endState = TrainingState::Stopped;
        }
        // As the core's trainRun: with early stopping on, the best weights are kept
        // however the run ended (but a divergence).
        if (divergedAt == 0 && job.train.patience > 0 && trainer->bestEpoch() > 0) {
            trainer->restoreBest();
        }
        if (job.ensemble > 1 && divergedAt == 0 && endState != TrainingState::Stopped) {
            members = trainOtherMembers(job, spec, w, snap);
            if (m_stop) {
                endState = TrainingState::Stopped;
            }
        }
        {
            RunRecord r;
            r.name = job.runName;
            r.settings = recordedSettings(RunSettings{job.dataIdentity, job.data, spec, job.train}, series, w);
            r.history = std::move(logged);
            r.endEpoch = r.history.empty() ? 0 : r.history.back().epoch;
            if (divergedAt > 0) {
                r.end = RunEnd::Diverged;
                r.endMessage = divergedMessage;
            } else if (endState == TrainingState::Stopped) {
                r.end = RunEnd::Stopped;
            } else if (endState == TrainingState::EarlyStopped) {
                r.end = RunEnd::EarlyStopped;
            }
            if (divergedAt == 0 && job.train.patience > 0 && trainer->bestEpoch() > 0) {
                r.bestEpoch = trainer->bestEpoch();
            }
            const auto &p = trainer->model().params();
            r.params.assign(p.data(), p.data() + p.size());
            r.wallSeconds = secondsSince(started);
            record = std::move(r);
        }
        snap.state = endState;
        snap.bestEpoch = trainer->bestEpoch();
        snap.secondsLeft = 0;
        // The final weights travel with the final state, so a Save right after the run
        // ends stores them even while the final predictions are still being made.
        const auto &params = trainer->model().params();
        snap.params.assign(params.data(), params.data() + params.size());
        emitSnapshot(snap);
    } catch (const std::bad_alloc &) {
        emit failed(tr("out of memory: the model, lookback or batch is too large for this machine"));
    } catch (const std::exception &e) {
        emit failed(QString::fromStdString(e.what()));
        endState = TrainingState::Stopped;
        trainer.reset();
    }
    m_trainer = nullptr;
    m_windows = nullptr;
    uitrace::event("worker finished", int(endState));
    // Training is over: Start is enabled from here. The final predictions are display
    // work, done after it and abandoned when a new job or Quit arrives.
    emit finished(int(endState));
    if (record) {
        // The record's test metrics fit every baseline (ETS takes a while): after
        // finished(), so a Stop is not held up by them.
        try {
            if (trainer && windows && seriesForMetrics && record->end != RunEnd::Diverged) {
                record->test = testMetrics(trainer->model(), *seriesForMetrics, *windows);
            }
        } catch (const std::exception &e) {
            emit failed(QString::fromStdString(e.what()));
        }
        emit runRecorded(runId, *record);
    }
    if (trainer && windows) {
        try {
            snap.finalPredictions = true;
            const auto cancelled = [this] { return bool(m_cancelSettling); };
            if (fillPredictions(*trainer, *windows, snap, cancelled)) {
                const bool complete = !members.empty() && std::none_of(members.begin(), members.end(),
                                                                       [](const EnsembleMember &m) { return m.stopped; });
                if (complete) {
                    std::vector<Model<float> *> models{&trainer->model()};
                    std::vector<std::uint64_t> seeds{job.train.seed};
                    for (EnsembleMember &m : members) {
                        models.push_back(&m.trainer->model());
                        seeds.push_back(m.seed);
                    }
                    snap.ensemble = ensembleView(models, seeds, *windows, m_allStarts, cancelled);
                }
                if (!cancelled()) {
                    emitSnapshot(snap);
                }
            }
        } catch (const std::exception &e) {
            emit failed(QString::fromStdString(e.what()));
        }
    }
    emit settled(runId);
}

} // namespace rnnlab
