// The worker-to-GUI mailbox (see snapshotmailbox.h).
#include "training/snapshotmailbox.h"

#include <algorithm>

namespace rnnlab {

bool SnapshotMailbox::post(TrainingSnapshot s)
{
    std::lock_guard lock(m_mutex);
    if (!m_pending || m_pending->runId != s.runId) {
        // A snapshot of another run replaces whatever was left of the old one.
        m_pending = std::move(s);
        m_merged = 1;
        m_maxMerged = std::max(m_maxMerged, m_merged);
        return true;
    }
    TrainingSnapshot &p = *m_pending;
    // Epochs accumulate; predictions, a non-finite message and progress are latest-wins.
    p.newEpochs.insert(p.newEpochs.end(), std::make_move_iterator(s.newEpochs.begin()),
                       std::make_move_iterator(s.newEpochs.end()));
    s.newEpochs = std::move(p.newEpochs);
    if (!s.hasPredictions() && p.hasPredictions()) {
        s.predictionStarts = std::move(p.predictionStarts);
        s.predictions = std::move(p.predictions);
        s.predictionEpoch = p.predictionEpoch;
        s.ensemble = std::move(p.ensemble); // an ensemble travels with its predictions
    }
    if (s.params.empty()) {
        s.params = std::move(p.params); // the newest weights win, with or without predictions
    }
    if (s.nonFiniteMessage.isEmpty()) {
        s.nonFiniteMessage = p.nonFiniteMessage;
    }
    p = std::move(s);
    ++m_merged;
    m_maxMerged = std::max(m_maxMerged, m_merged);
    return false;
}

std::optional<TrainingSnapshot> SnapshotMailbox::take()
{
    std::lock_guard lock(m_mutex);
    std::optional<TrainingSnapshot> out = std::move(m_pending);
    m_pending.reset();
    m_merged = 0;
    return out;
}

int SnapshotMailbox::maxMerged() const
{
    std::lock_guard lock(m_mutex);
    return m_maxMerged;
}

void SnapshotMailbox::clear()
{
    std::lock_guard lock(m_mutex);
    m_pending.reset();
    m_merged = 0;
    m_maxMerged = 0;
}

} // namespace rnnlab
