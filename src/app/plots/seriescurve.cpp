// A Series column as a decimated curve without copies (see seriescurve.h).
#include "plots/seriescurve.h"

#include "data/time_axis.h"
#include "plots/decimator.h"

#include <span>
#include <vector>

namespace rnnlab {

void showSeriesColumn(DecimatedGraph &graph, std::shared_ptr<const Series> series, int column)
{
    const Series &s = *series;
    const std::span<const double> values(s.values.col(column).data(), std::size_t(s.rows()));
    if (s.timeKind != TimeKind::Index && s.time.size() == std::size_t(s.rows())) {
        graph.setCurve(series, s.time, values);
        return;
    }
    // Row numbers as the axis: made here, owned with the series.
    struct Owned {
        std::shared_ptr<const Series> series;
        std::vector<double> keys;
    };
    auto owned = std::make_shared<Owned>(Owned{std::move(series), std::vector<double>(std::size_t(s.rows()))});
    for (int r = 0; r < s.rows(); ++r) {
        owned->keys[std::size_t(r)] = timeAt(s, r);
    }
    const std::span<const double> keys(owned->keys);
    graph.setCurve(std::shared_ptr<const Owned>(owned), keys, values);
}

} // namespace rnnlab
