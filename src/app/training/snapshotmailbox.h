// The one-slot mailbox between the training worker and the GUI. The worker posts
// snapshots as fast as it likes; the GUI takes them when it gets to them, merged into
// one (epochs appended, everything else latest-wins). However slow the GUI, at most one
// notification is ever queued, so the view cannot fall behind the worker by more than
// the GUI's own handling time of one merged snapshot.
#pragma once
#include "training/trainingsnapshot.h"

#include <mutex>
#include <optional>

namespace rnnlab {

class SnapshotMailbox {
public:
    // Worker thread. Returns true when the reader must be told (the box was empty);
    // false when the snapshot was merged into one still waiting.
    bool post(TrainingSnapshot snapshot);
    // GUI thread. Everything posted since the last take, merged; nullopt when empty.
    std::optional<TrainingSnapshot> take();
    // How many snapshots the largest merge held (1: the GUI kept up every time).
    int maxMerged() const;
    void clear();

private:
    mutable std::mutex m_mutex;
    std::optional<TrainingSnapshot> m_pending;
    int m_merged = 0;
    int m_maxMerged = 0;
};

} // namespace rnnlab
