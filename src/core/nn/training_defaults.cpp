// The rules of training_defaults.h.
#include "nn/training_defaults.h"

namespace rnnlab {

int defaultPatience(int trainWindows)
{
    return trainWindows < 1000 ? 20 : 10;
}

int defaultLookback(int seasonalPeriod, int trainRows)
{
    return seasonalPeriod > 12 && seasonalPeriod <= trainRows / 4 ? seasonalPeriod : 12;
}

} // namespace rnnlab
