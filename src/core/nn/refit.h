// Refitting on train + validation once early stopping has picked the epoch count, as the
// classical baselines may use every row before the test span. The normalisers stay
// those of the training rows, so a refitted model reads the data as the first did.
#pragma once
#include "nn/trainer.h"

#include <memory>

namespace rnnlab {

// The same windows with the validation starts moved into training (val becomes empty).
Windows withValidationInTraining(const Windows &w);

// A fresh model from config.seed trained for `epochs` epochs (no early stopping) on
// `merged` (from withValidationInTraining; it must outlive the trainer). An empty
// result string means it finished; else why it stopped (a non-finite step).
std::unique_ptr<Trainer> refit(const ModelSpec &spec, TrainConfig config, const Windows &merged, int epochs,
                               std::string &diverged);

} // namespace rnnlab
