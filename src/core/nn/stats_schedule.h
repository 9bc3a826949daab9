// How often an expensive per-epoch statistic is computed so that it costs at most a set
// share of the epoch's training steps. The spectral radius of W_hh needs an O(H^3)
// eigenvalue solve per gate block, which for LSTM 256 on a short series costs several
// epochs of training; it is computed at epoch 1 and then every k epochs, with k from an
// operation count (not a timer, so the schedule, like training, is the same every run).
#pragma once
#include "nn/model_spec.h"

namespace rnnlab {

// Work of one epoch's optimisation steps, in multiply-adds x 2: forward and backward
// (about 3x forward) of every recurrent layer over `lookback` steps for every window.
double epochStepFlops(const ModelSpec &spec, int lookback, long long trainWindows);
// The eigenvalue solves for every gate block of every W_hh, in the same units: the
// nonsymmetric QR algorithm does ~20 H^3 flops at roughly 1/15 of the GEMM speed of
// the steps (measured on LSTM 256: 0.11 s per 256x256 block against 37 GFLOP/s steps).
double spectralRadiusFlops(const ModelSpec &spec);
// ensures: >= 1; the interval k at which the radius costs <= budget x the steps.
int spectralRadiusInterval(const ModelSpec &spec, int lookback, long long trainWindows, double budget);

} // namespace rnnlab
