// Optimizers with PyTorch's update rules and defaults (torch.optim SGD, RMSprop,
// Adam), over the flat parameter/gradient buffers. L2 weight decay is added to the
// gradient as PyTorch does (not AdamW's decoupled form).
#pragma once
#include "nn/tensor.h"

#include <string>

namespace rnnlab {

enum class OptimizerKind { Sgd, RmsProp, Adam };
const char *toString(OptimizerKind k);
OptimizerKind optimizerFromString(const std::string &s); // throws std::invalid_argument

struct OptimizerConfig {
    OptimizerKind kind = OptimizerKind::Adam;
    double lr = 1e-3;
    double momentum = 0.0;   // sgd, rmsprop
    bool nesterov = false;   // sgd
    double weightDecay = 0.0;
    double alpha = 0.99;     // rmsprop
    double beta1 = 0.9, beta2 = 0.999; // adam
    double eps = 1e-8;       // rmsprop, adam
};

template <class S>
class Optimizer {
public:
    Optimizer(const OptimizerConfig &config, Eigen::Index size);
    // p <- update(p, g). g may be modified (weight decay is folded into it).
    void step(Vec<S> &params, Vec<S> &grads);
    void setLearningRate(double lr) { m_config.lr = lr; }
    const OptimizerConfig &config() const { return m_config; }
    long long steps() const { return m_t; }
    void reset();

private:
    OptimizerConfig m_config;
    Vec<S> m_m, m_v; // sgd/rmsprop: momentum buffer in m_m; rmsprop square avg / adam 2nd moment in m_v
    long long m_t = 0;
};

enum class ClipKind { None, Norm, Value };
struct ClipConfig {
    ClipKind kind = ClipKind::None;
    double threshold = 1.0;
};
const char *toString(ClipKind k);

// torch.nn.utils.clip_grad_norm_ (coef = max/(norm + 1e-6), applied when < 1) or
// clip_grad_value_. Returns the global L2 norm before clipping.
template <class S>
double clipGradients(Vec<S> &grads, const ClipConfig &clip);

} // namespace rnnlab
