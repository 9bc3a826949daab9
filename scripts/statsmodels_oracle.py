#!/usr/bin/python3
# statsmodels as the oracle for RNN Lab's ETS and Theta (src/core/forecasting/ets.*,
# theta.*): for each bundled series, with the split the app uses (70/15/15, parameters
# fitted on the training rows only), writes tests/data/statsmodels/<series>.json with
# every ETS form's fit (ETSModel, additive error) and its one-step open-loop test MAE,
# and the Theta method's (ThetaModel, default two-step fit). tst_core_ets compares the
# engine with these fixed files; the tests never run Python.
#
# Usage (not part of ctest; needs python3-statsmodels, RNNLAB_WITH_STATSMODELS=1 scripts/install-deps):
#   /usr/bin/python3 scripts/statsmodels_oracle.py tests/data/statsmodels
import csv
import json
import math
import os
import sys
import warnings

import numpy as np
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.forecasting.theta import ThetaModel
from statsmodels.tsa.seasonal import seasonal_decompose

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
# file, target column, seasonal period (what RNN Lab's detector finds on the training
# rows; tst_core_ets checks that it still does). echo_lag20 is a teaching task whose
# target is a lagged input, not a series to smooth.
SERIES = [
    ("airpassengers.csv", None, 12),
    ("co2_mauna_loa.csv", None, 12),
    ("nottem.csv", None, 12),
    ("nile.csv", None, 0),
    ("eustockmarkets.csv", "DAX", 0),
    ("random_walk.csv", None, 0),
    ("sine.csv", None, 50),
]


def load(name, target):
    with open(os.path.join(ROOT, "sample_data", name)) as f:
        rows = list(csv.reader(f))
    header = rows[0]
    col = header.index(target) if target else 1
    return np.array([float(r[col]) for r in rows[1:]])


def split(n):
    # std::lround as in makeWindows: halves away from zero.
    train_end = int(math.floor(n * 0.7 + 0.5))
    val_end = int(math.floor(n * 0.85 + 0.5))
    return train_end, val_end


def forms(m, positive):
    out = []
    for trend, damped in ((None, False), ("add", False), ("add", True)):
        out.append((trend, damped, None))
        if 2 <= m <= 24:
            out.append((trend, damped, "add"))
            if positive:
                out.append((trend, damped, "mul"))
    return out


def form_name(trend, damped, seasonal):
    t = "N" if trend is None else ("Ad" if damped else "A")
    s = "N" if seasonal is None else ("A" if seasonal == "add" else "M")
    return "ETS(A,%s,%s)" % (t, s)


def ets_entry(y, train_end, val_end, m, trend, damped, seasonal):
    kw = dict(error="add", trend=trend, damped_trend=damped, seasonal=seasonal,
              seasonal_periods=m if seasonal else None)
    fit = ETSModel(y[:train_end], **kw).fit(disp=False, maxiter=10000)
    # The same parameters and initial states run over the whole series: one-step
    # forecasts of every row, of which the test rows are scored.
    full = ETSModel(y, **kw).smooth(fit.params)
    pred = np.asarray(full.fittedvalues)
    err = np.abs(y[val_end:] - pred[val_end:])
    return {
        "form": form_name(trend, damped, seasonal),
        "loglik": float(fit.llf),
        "aicc": float(fit.aicc),
        "sse": float(np.sum(np.asarray(fit.resid) ** 2)),
        "params": {k: float(v) for k, v in zip(fit.param_names, fit.params)},
        "test_mae": float(np.mean(err)),
        "first_test_pred": float(pred[val_end]),
    }


def theta_entry(y, train_end, val_end, m):
    mod = ThetaModel(y[:train_end], period=m if m >= 2 else 1, deseasonalize=m >= 2)
    res = mod.fit()
    alpha = float(res.params["alpha"])
    b0 = float(res.params["b0"])
    seasonal = None
    multiplicative = True
    if m >= 2 and mod._has_seasonality:
        multiplicative = mod.method.startswith("mul")
        dec = seasonal_decompose(y[:train_end], model="multiplicative" if multiplicative else "additive", period=m)
        seasonal = np.asarray(dec.seasonal[:m])

    def des(t):
        if seasonal is None:
            return y[t]
        return y[t] / seasonal[t % m] if multiplicative else y[t] - seasonal[t % m]

    # Open loop with statsmodels' parameters: the SES level over all rows, the drift
    # term of ThetaModelResults.forecast at each origin T.
    level = des(0)
    levels = []
    for t in range(len(y)):
        level += alpha * (des(t) - level)
        levels.append(level)

    def forecast(T):
        v = levels[T - 1] + 0.5 * b0 * (1.0 / alpha - (1 - alpha) ** T / alpha)
        if seasonal is not None:
            v = v * seasonal[T % m] if multiplicative else v + seasonal[T % m]
        return v

    # Self-check: at the training end the formula is statsmodels' own forecast.
    own = float(np.asarray(res.forecast(1))[0])
    assert abs(own - forecast(train_end)) < 1e-6 * max(1.0, abs(own)), (own, forecast(train_end))
    err = [abs(y[T] - forecast(T)) for T in range(val_end, len(y))]
    return {
        "alpha": alpha,
        "b0": b0,
        "deseasonalized": seasonal is not None,
        "multiplicative": bool(multiplicative),
        "test_mae": float(np.mean(err)),
        "first_test_pred": float(forecast(val_end)),
    }


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: statsmodels_oracle.py OUTDIR")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    warnings.simplefilter("ignore")
    for name, target, m in SERIES:
        y = load(name, target)
        train_end, val_end = split(len(y))
        positive = bool(np.min(y[:train_end]) > 0)
        entry = {
            "file": name,
            "target": target,
            "rows": len(y),
            "train_end": train_end,
            "val_end": val_end,
            "period": m,
            "ets": [ets_entry(y, train_end, val_end, m, *f) for f in forms(m, positive)],
            "theta": theta_entry(y, train_end, val_end, m),
        }
        naive = np.mean(np.abs(np.diff(y[:train_end])))
        entry["mase_scale"] = float(naive)
        best = min(entry["ets"], key=lambda e: e["aicc"])
        entry["ets_aicc_choice"] = best["form"]
        path = os.path.join(out_dir, os.path.splitext(name)[0] + ".json")
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(entry, f, indent=1)
            f.write("\n")
        os.replace(tmp, path)
        print("%s: %s; %s" % (name, ", ".join("%s %.4g" % (e["form"], e["test_mae"]) for e in entry["ets"]),
                              "Theta %.4g" % entry["theta"]["test_mae"]))


if __name__ == "__main__":
    main()
