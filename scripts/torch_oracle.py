#!/usr/bin/python3
# PyTorch as the oracle for RNN Lab's engine: builds torch.nn.RNN/LSTM/GRU/Linear from
# an "rnnlab-model" JSON file, runs forward + MSE backward and prints outputs and
# gradients as JSON; or writes the fixed reference files tests/data/torch/*.json that
# tst_core_gradcheck compares Model<double> against (the tests never run Python).
#
# Usage (not part of ctest; needs python3-torch):
#   /usr/bin/python3 scripts/torch_oracle.py run MODEL.json [--input IN.json] [--T 12 --B 4 --seed 1] [--full]
#       IN.json: {"T":..,"B":..,"input":[[..]] (input_size x T*B, column t*B+b),
#                 "target":[[..]] (horizon x B)}; without it a seeded N(0,1) batch is used.
#   /usr/bin/python3 scripts/torch_oracle.py make-refs tests/data/torch
# "layer N" in the output is 0-based (the index into the file's "layers"); the engine's
# TensorInfo::label() counts from 1.
import argparse
import json
import math
import sys

import torch

torch.set_default_dtype(torch.float64)


def as_tensor(value, shape):
    """A JSON tensor (nested rows, or a flat list for a bias) as a float64 tensor."""
    t = torch.tensor(value, dtype=torch.float64)
    return t.reshape(shape)


def activation_fn(name):
    return {
        "linear": lambda x: x,
        "tanh": torch.tanh,
        "relu": torch.relu,
        "sigmoid": torch.sigmoid,
    }[name]


class SigmoidRnn(torch.nn.Module):
    """torch.nn.RNN has no sigmoid nonlinearity: the same cell written out, same layout."""

    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.weight_ih_l0 = torch.nn.Parameter(torch.zeros(hidden_size, input_size))
        self.weight_hh_l0 = torch.nn.Parameter(torch.zeros(hidden_size, hidden_size))
        self.bias_ih_l0 = torch.nn.Parameter(torch.zeros(hidden_size))
        self.bias_hh_l0 = torch.nn.Parameter(torch.zeros(hidden_size))

    def forward(self, x, h):
        outs = []
        h = h[0]
        for t in range(x.shape[0]):
            h = torch.sigmoid(x[t] @ self.weight_ih_l0.T + self.bias_ih_l0 + h @ self.weight_hh_l0.T + self.bias_hh_l0)
            outs.append(h)
        out = torch.stack(outs)
        return out, out[-1:]


class TorchStack:
    """The engine's many-to-one stack built from torch modules, parameters copied in."""

    def __init__(self, model_json):
        if model_json.get("format") != "rnnlab-model" or model_json.get("version") != 1:
            raise ValueError("not an rnnlab-model version 1 file")
        self.layers = []  # (type, module, activation name)
        for index, layer in enumerate(model_json["layers"]):
            kind = layer["type"]
            tensors = layer["tensors"]
            if kind == "dense":
                n_in, n_out = layer["input_size"], layer["output_size"]
                mod = torch.nn.Linear(n_in, n_out)
                with torch.no_grad():
                    mod.weight.copy_(as_tensor(tensors["weight"], (n_out, n_in)))
                    mod.bias.copy_(as_tensor(tensors["bias"], (n_out,)))
                self.layers.append((kind, mod, layer.get("activation", "linear")))
                continue
            n_in, hidden = layer["input_size"], layer["hidden_size"]
            act = layer.get("activation", "tanh")
            if kind == "lstm":
                mod, gates = torch.nn.LSTM(n_in, hidden), 4
            elif kind == "gru":
                mod, gates = torch.nn.GRU(n_in, hidden), 3
            elif kind == "rnn" and act in ("tanh", "relu"):
                mod, gates = torch.nn.RNN(n_in, hidden, nonlinearity=act), 1
            elif kind == "rnn" and act == "sigmoid":
                mod, gates = SigmoidRnn(n_in, hidden), 1
            else:
                raise ValueError(f"layer {index}: unsupported type {kind} / activation {act}")
            with torch.no_grad():
                mod.weight_ih_l0.copy_(as_tensor(tensors["weight_ih"], (gates * hidden, n_in)))
                mod.weight_hh_l0.copy_(as_tensor(tensors["weight_hh"], (gates * hidden, hidden)))
                mod.bias_ih_l0.copy_(as_tensor(tensors["bias_ih"], (gates * hidden,)))
                mod.bias_hh_l0.copy_(as_tensor(tensors["bias_hh"], (gates * hidden,)))
            self.layers.append((kind, mod, act))

    def named_params(self):
        """[(layer index, engine tensor name, parameter)] in the engine's order."""
        out = []
        for index, (kind, mod, _) in enumerate(self.layers):
            if kind == "dense":
                out += [(index, "weight", mod.weight), (index, "bias", mod.bias)]
            else:
                out += [(index, name, getattr(mod, name + "_l0"))
                        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
        return out

    def forward_sequence(self, x):
        """x: (T, B, in). Whole-sequence module calls; returns (B, horizon)."""
        h = x
        for kind, mod, act in self.layers:
            if kind == "dense":
                h = activation_fn(act)(mod(h))
            else:
                out, _ = mod(h, None) if not isinstance(mod, SigmoidRnn) else mod(
                    h, torch.zeros(1, h.shape[1], mod.weight_hh_l0.shape[1]))
                h = out
                if self.is_last_recurrent(mod):
                    h = h[-1]
        return h

    def is_last_recurrent(self, mod):
        recurrent = [m for kind, m, _ in self.layers if kind != "dense"]
        return mod is recurrent[-1]

    def forward_steps(self, x):
        """The same computation one step at a time, keeping every h_t of every
        recurrent layer as a graph node so its .grad is the total dL/dh_t."""
        T, B = x.shape[0], x.shape[1]
        recurrent = [(kind, mod) for kind, mod, _ in self.layers if kind != "dense"]
        states = []
        for kind, mod in recurrent:
            hidden = mod.weight_hh_l0.shape[1]
            zero = torch.zeros(1, B, hidden)
            states.append((zero, zero.clone()) if kind == "lstm" else zero)
        hs = [[None] * T for _ in recurrent]
        for t in range(T):
            inp = x[t:t + 1]
            for l, (kind, mod) in enumerate(recurrent):
                if kind == "lstm":
                    out, (_, c) = mod(inp, states[l])
                    states[l] = (out, c)  # out, not h_n: the recurrence must pass through out
                else:
                    out, _ = mod(inp, states[l])
                    states[l] = out
                out.retain_grad()
                hs[l][t] = out
                inp = out
        h = hs[-1][-1][0]
        for kind, mod, act in self.layers:
            if kind == "dense":
                h = activation_fn(act)(mod(h))
        return h, hs


def engine_to_torch_input(X, T, B):
    """Engine layout (in x T*B, column t*B+b) -> torch (T, B, in)."""
    return torch.tensor(X, dtype=torch.float64).T.reshape(T, B, -1).contiguous()


def run(model_json, X, Y, T, B):
    stack = TorchStack(model_json)
    x = engine_to_torch_input(X, T, B).requires_grad_(True)
    target = torch.tensor(Y, dtype=torch.float64).T  # (B, horizon)

    # Step-by-step pass: loss, output, every gradient, and dL/dh_t per layer.
    y, hs = stack.forward_steps(x)
    loss = torch.nn.functional.mse_loss(y, target)
    loss.backward()
    grads = {(l, n): p.grad.clone() for l, n, p in stack.named_params()}
    input_grad = x.grad.clone()

    # Whole-sequence pass must agree: otherwise the step-wise wiring above is wrong.
    for _, _, p in stack.named_params():
        p.grad = None
    x2 = x.detach().clone().requires_grad_(True)
    y2 = stack.forward_sequence(x2)
    loss2 = torch.nn.functional.mse_loss(y2, target)
    loss2.backward()
    assert torch.allclose(y, y2, rtol=0, atol=1e-12), "step-wise and whole-sequence outputs differ"
    for l, n, p in stack.named_params():
        assert torch.allclose(grads[(l, n)], p.grad, rtol=0, atol=1e-12), f"layer {l} {n} grads differ"
    assert torch.allclose(input_grad, x2.grad, rtol=0, atol=1e-12)

    hidden_norms = [[float(h.grad.norm()) for h in layer_hs] for layer_hs in hs]
    return {
        "loss": float(loss),
        "output": y.detach().T.tolist(),  # horizon x B
        "grads": grads,
        "input_grad": input_grad.reshape(T * B, -1).T.tolist(),  # engine layout
        "hidden_grad_norms": hidden_norms,
    }


def cmd_run(args):
    with open(args.model) as f:
        model_json = json.load(f)
    layers = model_json["layers"]
    in_size = layers[0]["input_size"]
    horizon = layers[-1]["output_size"]
    if args.input:
        with open(args.input) as f:
            data = json.load(f)
        T, B, X, Y = data["T"], data["B"], data["input"], data["target"]
    else:
        T, B = args.T, args.B
        gen = torch.Generator().manual_seed(args.seed)
        X = torch.randn(in_size, T * B, generator=gen).tolist()
        Y = torch.randn(horizon, B, generator=gen).tolist()
    result = run(model_json, X, Y, T, B)
    out = {
        "loss": result["loss"],
        "output": result["output"],
        "input_grad_norm": math.sqrt(sum(v * v for row in result["input_grad"] for v in row)),
        "grad_norms": {f"layer {l} ({layers[l]['type']}) {n}": float(g.norm())
                       for (l, n), g in result["grads"].items()},
        "hidden_grad_norms": result["hidden_grad_norms"],
    }
    if args.full:
        out["input_grad"] = result["input_grad"]
        out["grads"] = {f"layer {l} {n}": g.tolist() for (l, n), g in result["grads"].items()}
    json.dump(out, sys.stdout, indent=1)
    print()


def random_model(spec, in_size, gen):
    """spec: [(type, units, activation)]; weights and biases U(-0.8, 0.8)."""
    def uniform(*shape):
        return ((torch.rand(*shape, generator=gen) * 1.6) - 0.8).tolist()
    layers = []
    n_in = in_size
    for kind, units, act in spec:
        if kind == "dense":
            layers.append({"type": "dense", "input_size": n_in, "output_size": units, "activation": act,
                           "tensors": {"weight": uniform(units, n_in), "bias": uniform(units)}})
        else:
            g = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
            layers.append({"type": kind, "input_size": n_in, "hidden_size": units, "activation": act,
                           "tensors": {"weight_ih": uniform(g * units, n_in),
                                       "weight_hh": uniform(g * units, units),
                                       "bias_ih": uniform(g * units), "bias_hh": uniform(g * units)}})
        n_in = units
    return {"format": "rnnlab-model", "version": 1, "layers": layers}


REFERENCES = {
    # name: (model spec string for the engine, [(type, units, activation)])
    "lstm_2_3": ("lstm:3,dense", [("lstm", 3, "tanh"), ("dense", 2, "linear")]),
    "gru_2_3": ("gru:3,dense", [("gru", 3, "tanh"), ("dense", 2, "linear")]),
    "rnn_tanh_2_3": ("rnn:3,dense", [("rnn", 3, "tanh"), ("dense", 2, "linear")]),
    "rnn_relu_2_3": ("rnn:3:relu,dense", [("rnn", 3, "relu"), ("dense", 2, "linear")]),
    "lstm_gru_dense": ("lstm:3,gru:4,dense:3:tanh,dense",
                       [("lstm", 3, "tanh"), ("gru", 4, "tanh"), ("dense", 3, "tanh"), ("dense", 2, "linear")]),
}


def cmd_make_refs(args):
    import os
    os.makedirs(args.outdir, exist_ok=True)
    T, B, in_size = 5, 2, 2
    for index, (name, (spec_text, spec)) in enumerate(REFERENCES.items()):
        gen = torch.Generator().manual_seed(1000 + index)
        model = random_model(spec, in_size, gen)
        horizon = spec[-1][1]
        X = torch.randn(in_size, T * B, generator=gen).tolist()
        Y = torch.randn(horizon, B, generator=gen).tolist()
        result = run(model, X, Y, T, B)
        grads = []
        for l, layer in enumerate(model["layers"]):
            grads.append({n: g.tolist() for (gl, n), g in result["grads"].items() if gl == l})
        model["oracle"] = {
            "about": "torch " + torch.__version__ + " float64, forward + mse_loss backward (scripts/torch_oracle.py)",
            "spec": spec_text, "input_size": in_size, "horizon": horizon, "T": T, "B": B,
            "input": X, "target": Y,
            "loss": result["loss"], "output": result["output"],
            "grads": grads, "input_grad": result["input_grad"],
            "hidden_grad_norms": result["hidden_grad_norms"],
        }
        path = os.path.join(args.outdir, name + ".json")
        with open(path, "w") as f:
            json.dump(model, f, indent=1)
            f.write("\n")
        print(f"wrote {path}: loss {result['loss']:.17g}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="forward + mse backward of a model file, JSON to stdout")
    p_run.add_argument("model")
    p_run.add_argument("--input")
    p_run.add_argument("--T", type=int, default=12)
    p_run.add_argument("--B", type=int, default=4)
    p_run.add_argument("--seed", type=int, default=1)
    p_run.add_argument("--full", action="store_true", help="also print every gradient")
    p_run.set_defaults(func=cmd_run)
    p_refs = sub.add_parser("make-refs", help="write the fixed reference files for the tests")
    p_refs.add_argument("outdir")
    p_refs.set_defaults(func=cmd_make_refs)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
