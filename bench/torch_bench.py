#!/usr/bin/env python3
"""PyTorch autograd on chainrule's benchmark programs, for bench/run's tables.

float64, torch.set_num_threads(2). Each program is written as a PyTorch user would: vectorised
tensor code where the program is a vector computation (neuron, mlp, rosenbrock100, lj20), a Python
loop of scalar ops for the recurrence (chain1000), and the random program's statements run one by
one on 0-d tensors (random10000). Before timing, each result is checked against the generated
code's value and gradient at the same point (points.json, written by SelfCheck).

    torch_bench.py --points points.json --programs DIR --out torch.json [--quick]

The indexed programs' rows (examples/indexed: lj, rosenbrock, mlp784, oscillator, logreg at the
sizes of the JMH rows) read their inputs, value and gradient from indexed.json and the files of
doubles beside points.json (written by SelfCheck), and are written as a PyTorch user writes them:
tensor code over whole arrays (pairs of particles through triu_indices, a matrix-vector product
for the network, X @ w for the regression), and a Python loop over 0-d tensors for the recurrence.

Writes {"available": false, "reason": ...} when torch cannot be imported; never fails for that.
"""
import argparse
import json
import os
import platform
import re
import statistics
import sys
import time

BATCH = 1_000_000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", required=True)
    ap.add_argument("--programs", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    try:
        import torch
    except Exception as e:  # ImportError, or a broken install
        write(args.out, {"available": False, "reason": f"import torch failed: {e}"})
        print(f"torch: not available ({e})")
        return 0
    torch.set_num_threads(2)
    torch.set_default_dtype(torch.float64)
    budget = 0.6 if args.quick else 3.0  # seconds of measurement per case
    with open(args.points) as f:
        points = json.load(f)
    result = {
        "available": True,
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "mode": "quick" if args.quick else "full",
        "point": {},
        "batch": {},
    }
    programs = make_programs(torch, args.programs)
    for name, (fwd, make_grad) in programs.items():
        p = points[name]
        x = torch.tensor(p["x"])
        grad_fn = make_grad(x)
        value, grad = grad_fn()
        err = max_rel_diff([value] + list(grad), [p["value"]] + p["grad"])
        entry = {"check": err}
        if not err <= 1e-8:
            entry["error"] = f"disagrees with the generated code (max relative difference {err:.2e})"
            print(f"torch {name}: {entry['error']}")
            result["point"][name] = entry
            continue
        entry["forward_ns"] = timeit(lambda: fwd(x), budget)
        entry["gradient_ns"] = timeit(grad_fn, budget)
        result["point"][name] = entry
        print(f"torch {name:14s} forward {fmt(entry['forward_ns'])}, gradient {fmt(entry['gradient_ns'])} (check {err:.1e})")
    for name, (fwd, grad) in make_batches(torch, points).items():
        entry = {
            "samples": BATCH,
            "forward_ns_per_sample": timeit(fwd, budget, min_runs=3) / BATCH,
            "gradient_ns_per_sample": timeit(grad, budget, min_runs=3) / BATCH,
        }
        result["batch"][name] = entry
        print(f"torch batch {name:8s} loss {entry['forward_ns_per_sample']:.2f} ns/sample, "
              f"loss+gradient {entry['gradient_ns_per_sample']:.2f} ns/sample")
    indexed_path = os.path.join(os.path.dirname(os.path.abspath(args.points)), "indexed.json")
    if os.path.exists(indexed_path):
        result["indexed"] = run_indexed(torch, indexed_path, budget, args.quick)
    write(args.out, result)
    return 0


def write(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def fmt(ns):
    return f"{ns / 1000:.1f} us" if ns >= 1000 else f"{ns:.0f} ns"


def max_rel_diff(a, b):
    scale = max(1.0, max(abs(v) for v in b))
    return max(abs(float(u) - v) for u, v in zip(a, b)) / scale


def timeit(fn, budget, min_runs=5):
    """Median time of one call in ns: warm up, then batches of calls each ~budget/5 long."""
    start = time.perf_counter()
    fn()
    one = max(time.perf_counter() - start, 1e-7)
    # warm-up: about a third of the budget, at least two calls
    reps = max(2, int(budget / 3 / one))
    for _ in range(reps):
        fn()
    start = time.perf_counter()
    fn()
    one = max(time.perf_counter() - start, 1e-7)
    per_batch = max(1, int(budget / min_runs / one))
    samples = []
    for _ in range(min_runs):
        t0 = time.perf_counter_ns()
        for _ in range(per_batch):
            fn()
        samples.append((time.perf_counter_ns() - t0) / per_batch)
    return statistics.median(samples)


# ---- the programs, at one point ----------------------------------------------------------------

def make_programs(torch, programs_dir):
    """name -> (forward(x) without autograd, make_grad(x) -> () -> (value, gradient over wrt))."""

    def neuron_loss(X, Y, w, b):
        a = torch.sigmoid(X @ w + b)
        return -(Y * torch.log(a) + (1 - Y) * torch.log(1 - a)).sum()

    def neuron_split(x):
        return x[0:3].view(1, 3), x[3:4], x[4:8]

    def neuron_fwd(x):
        with torch.no_grad():
            X, Y, p = neuron_split(x)
            return neuron_loss(X, Y, p[0:3], p[3]).item()

    def neuron_grad(x):
        X, Y, p0 = neuron_split(x)

        def g():
            p = p0.detach().requires_grad_()
            L = neuron_loss(X, Y, p[0:3], p[3])
            (d,) = torch.autograd.grad(L, p)
            return L.item(), d.tolist()
        return g

    def mlp_loss(X, Y, p):
        rows = p[0:40].view(8, 5)
        H = torch.tanh(X @ rows[:, 0:4].T + rows[:, 4])
        yhat = H @ p[40:48] + p[48]
        return ((yhat - Y) ** 2 / 2).sum()

    def mlp_fwd(x):
        with torch.no_grad():
            return mlp_loss(x[0:4].view(1, 4), x[4:5], x[5:]).item()

    def mlp_grad(x):
        X, Y, p0 = x[0:4].view(1, 4), x[4:5], x[5:]

        def g():
            p = p0.detach().requires_grad_()
            L = mlp_loss(X, Y, p)
            (d,) = torch.autograd.grad(L, p)
            return L.item(), d.tolist()
        return g

    def rosen(x):
        a, b = x[:-1], x[1:]
        return (100 * (b - a ** 2) ** 2 + (1 - a) ** 2).sum()

    iu = torch.triu_indices(20, 20, offset=1)

    def lj(x):
        P = x.view(20, 3)
        d = P[iu[0]] - P[iu[1]]
        r2 = (d * d).sum(1)
        s6 = 1 / r2 ** 3
        return (4 * (s6 ** 2 - s6)).sum()

    def chain(x):
        v, a = x[0], x[1]
        for _ in range(1000):
            v = torch.sin(v) * a + 0.1 * v
        return v

    random10000 = compile_random(torch, f"{programs_dir}/random10000.chain")

    def whole(f):
        def fwd(x):
            with torch.no_grad():
                return f(x).item()

        def make_grad(x):
            def g():
                xx = x.detach().requires_grad_()
                L = f(xx)
                (d,) = torch.autograd.grad(L, xx)
                return L.item(), d.tolist()
            return g
        return fwd, make_grad

    return {
        "neuron": (neuron_fwd, neuron_grad),
        "mlp": (mlp_fwd, mlp_grad),
        "rosenbrock100": whole(rosen),
        "lj20": whole(lj),
        "chain1000": whole(chain),
        "random10000": whole(random10000),
    }


def compile_random(torch, path):
    """The random program's statements as one Python function over the 0-d tensors of x."""
    with open(path) as f:
        lines = [l.split("#")[0].strip() for l in f]
    lines = [l for l in lines if l]
    inputs = [n.strip() for n in lines[0][len("input "):].split(",")]
    body = [f"    {n} = x[{i}]" for i, n in enumerate(inputs)]
    for line in lines[1:]:
        name, expr = (s.strip() for s in line.split("=", 1))
        expr = expr.replace("^", "**")
        expr = re.sub(r"\b(sin|cos|tanh|log|sqrt|sigmoid)\(", r"torch.\1(", expr)
        body.append(f"    {name} = {expr}")
    body.append("    return L")
    src = "def f(x):\n" + "\n".join(body) + "\n"
    env = {"torch": torch}
    exec(compile(src, path, "exec"), env)
    return env["f"]


# ---- batched: the loss and gradient over 1,000,000 samples, vectorised -------------------------

def make_batches(torch, points):
    gen = torch.Generator().manual_seed(11)
    n = BATCH

    # neuron: x1..x3 uniform in [-1, 1], y drawn from a neuron, parameters at the benchmark point
    X = torch.rand(n, 3, generator=gen) * 2 - 1
    p_true = torch.sigmoid(X @ torch.tensor([0.8, -0.5, 0.3]) + 0.2)
    Y = (torch.rand(n, generator=gen) < p_true).double()
    wn = torch.tensor(points["neuron"]["x"][4:8])

    def neuron(p):
        a = torch.sigmoid(X @ p[0:3] + p[3])
        return -(Y * torch.log(a) + (1 - Y) * torch.log(1 - a)).sum()

    # mlp: x0..x3 uniform, y smooth plus noise
    Xm = torch.rand(n, 4, generator=gen) * 2 - 1
    Ym = torch.sin(Xm[:, 0]) + 0.5 * Xm[:, 1] * Xm[:, 2] - 0.25 * Xm[:, 3] + (torch.rand(n, generator=gen) - 0.5) * 0.1
    wm = torch.tensor(points["mlp"]["x"][5:])

    def mlp(p):
        rows = p[0:40].view(8, 5)
        H = torch.tanh(Xm @ rows[:, 0:4].T + rows[:, 4])
        yhat = H @ p[40:48] + p[48]
        return ((yhat - Ym) ** 2 / 2).sum()

    def case(f, p0):
        def fwd():
            with torch.no_grad():
                return f(p0).item()

        def grad():
            p = p0.detach().requires_grad_()
            L = f(p)
            (d,) = torch.autograd.grad(L, p)
            return L.item(), d
        return fwd, grad

    return {"neuron": case(neuron, wn), "mlp": case(mlp, wm)}


# ---- the indexed programs (examples/indexed), at the rows' sizes ---------------------------------

def run_indexed(torch, path, budget, quick):
    """row -> {check, forward_ns, gradient_ns[, samples]} for every row of indexed.json."""
    base = os.path.dirname(path)
    with open(path) as f:
        rows = json.load(f)
    out = {}
    for row, spec in rows.items():
        inputs = {}
        for name, v in spec["inputs"].items():
            if isinstance(v, dict):
                inputs[name] = read_doubles(torch, os.path.join(base, v["file"]), v["length"])
            else:
                inputs[name] = torch.tensor(float(v))
        expected = [spec["value"]] + read_doubles(torch, os.path.join(base, spec["grad"]), None).tolist()
        fwd, grad = make_indexed(torch, spec["program"], spec["sizes"], inputs)
        start = time.perf_counter_ns()
        value, g = grad()
        first = time.perf_counter_ns() - start
        err = max_rel_diff([value] + g.tolist(), expected)
        entry = {"check": err}
        if not err <= 1e-8:
            entry["error"] = f"disagrees with the generated code (max relative difference {err:.2e})"
            print(f"torch {row}: {entry['error']}")
            out[row] = entry
            continue
        # a call of seconds (the recurrence at T = 100000 runs its steps one Python statement
        # after another: about a minute for the gradient) is timed as the median of three single
        # calls; in quick mode, the checked call above is the gradient's one measurement
        if first > 0.5e9:
            entry["forward_ns"] = median_of_calls(fwd, 1 if quick else 3)
            entry["gradient_ns"] = first if quick else median_of_calls(grad, 3)
        else:
            entry["forward_ns"] = timeit(fwd, budget)
            entry["gradient_ns"] = timeit(grad, budget)
        if spec["program"] == "logreg":
            entry["samples"] = spec["sizes"]["m"]
        out[row] = entry
        print(f"torch {row:22s} forward {fmt(entry['forward_ns'])}, gradient {fmt(entry['gradient_ns'])} (check {err:.1e})")
    return out


def median_of_calls(fn, runs):
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - t0)
    return statistics.median(samples)


def read_doubles(torch, path, length):
    """A file of little-endian doubles as a float64 tensor (copied: the file is not kept open)."""
    import array
    a = array.array("d")
    with open(path, "rb") as f:
        a.frombytes(f.read())
    if sys.byteorder != "little":
        a.byteswap()
    if length is not None and len(a) != length:
        raise ValueError(f"{path}: {len(a)} doubles, expected {length}")
    return torch.frombuffer(a, dtype=torch.float64).clone()


def make_indexed(torch, program, sizes, inputs):
    """(forward() -> float without autograd, gradient() -> (value, gradient over wrt, flattened))."""
    F = torch.nn.functional
    if program == "lj":
        n = sizes["n"]
        iu = torch.triu_indices(n, n, offset=1)
        i, j = iu[0], iu[1]

        def f(x, y, z):
            r2 = (x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2 + (z[i] - z[j]) ** 2
            s6 = 1 / r2 ** 3
            return (4 * (s6 ** 2 - s6)).sum()
        wrt = ["x", "y", "z"]
    elif program == "rosenbrock":
        def f(x):
            a, b = x[:-1], x[1:]
            return (100 * (b - a ** 2) ** 2 + (1 - a) ** 2).sum()
        wrt = ["x"]
    elif program == "mlp784":
        d, h, k = sizes["d"], sizes["h"], sizes["k"]

        def f(x, label, W1, b1, W2, b2):
            a = torch.tanh(W1.view(h, d) @ x + b1)
            s = W2.view(k, h) @ a + b2
            return torch.logsumexp(s, 0) - (label * s).sum()
        wrt = ["W1", "b1", "W2", "b2"]
    elif program == "oscillator":
        steps = sizes["T"]

        def f(k, c, x0, v0, dt):
            x, v = x0, v0
            for _ in range(1, steps):
                x, v = x + dt * v, v - dt * (k * x + c * v)
            return x ** 2 + v ** 2
        wrt = ["k", "c", "x0", "v0", "dt"]
    elif program == "logreg":
        m, p = sizes["m"], sizes["p"]

        def f(X, y, w, b):
            z = X.view(m, p) @ w + b
            return (F.softplus(z) - y * z).mean()
        wrt = ["w", "b"]
    else:
        raise ValueError(f"no PyTorch version of {program}")
    names = list(inputs)

    def fwd():
        with torch.no_grad():
            return f(*inputs.values()).item()

    def grad():
        args = {n: (inputs[n].detach().requires_grad_() if n in wrt else inputs[n]) for n in names}
        L = f(*args.values())
        ds = torch.autograd.grad(L, [args[n] for n in wrt])
        return L.item(), torch.cat([d.reshape(-1) for d in ds])
    return fwd, grad


if __name__ == "__main__":
    sys.exit(main())
