"""Staffing for a week of 15-minute intervals (672): teenindus.workforce.erlang against peers on
the same inputs, measured in the same run.

1. Data: a realistic week — calls follow a day curve (quiet nights, a morning and an afternoon
   peak, lighter weekends) with noise, AHT varies between about 240 and 380 s. Every interval
   has at least one call (pyworkforce refuses zero).
2. Erlang C, target 80 % in 20 s, max occupancy 90 %: ours (`required_agents_many`, all 672
   at once) against pyworkforce 0.5.1 `ErlangC(...).required_positions(...)` per interval.
   Agent counts compared (mismatches printed), times and the ratio.
3. Erlang A, mean patience 120 s: pyworkforce 0.5.1 has no ErlangA, so the peer is the naive
   textbook computation written here independently: per interval, N = 1, 2, … until the target
   holds; for each N the birth–death chain's stationary distribution by its product formula, and
   for each queue position j a uniformisation of the tagged caller's chain (j ahead → answered /
   abandoned). It is slow, so it runs on every `--every`-th interval (default 8: 84 intervals);
   ours is timed on those same intervals and on the whole week. Agreement and the ratio printed.

Usage: python bench/erlang.py [--every 8] [--patience 120]   (no database needed)
"""

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from teenindus.workforce.erlang import required_agents_many  # noqa: E402

INTERVAL = 900
TARGET, THRESHOLD, MAX_OCC = 0.8, 20, 0.9


def week(seed: int = 13):
    rng = np.random.default_rng(seed)
    slots = np.arange(96)
    hours = slots / 4
    curve = 0.03 + np.exp(-((hours - 10.5) ** 2) / 3.5) + 0.8 * np.exp(-((hours - 14.5) ** 2) / 4)
    calls, aht = [], []
    for day in range(7):
        scale = (260, 230, 220, 215, 200, 70, 40)[day]
        mean = scale * curve
        calls.append(np.maximum(1, rng.poisson(mean)).astype(float))
        aht.append(np.clip(300 + 40 * np.sin(hours / 3 + day) + rng.normal(0, 20, 96), 240, 380))
    return np.concatenate(calls), np.concatenate(aht)


# --- the naive Erlang A (independent of teenindus) ------------------------------------------


def naive_erlang_a_sl(calls, aht, agents, threshold, patience):
    lam, mu, theta = calls / INTERVAL, 1 / aht, 1 / patience
    # stationary distribution: product of birth/death ratios, truncated when negligible
    weights = [1.0]
    n = 0
    while True:
        n += 1
        death = min(n, agents) * mu + max(n - agents, 0) * theta
        weights.append(weights[-1] * lam / death)
        if n > agents and weights[-1] < 1e-14 * max(weights):
            break
        if n > 100_000:
            break
    total = sum(weights)
    pi = [w / total for w in weights]
    sl = sum(pi[:agents])
    for j in range(len(pi) - agents):
        # tagged caller with j ahead: states k = j..0, answered, abandoned; uniformisation
        rate = agents * mu + (j + 1) * theta
        p = np.zeros(j + 1)
        p[j] = 1.0
        answered = 0.0
        term = math.exp(-rate * threshold)
        poisson_cdf = term
        step = 0
        result = 0.0
        while True:
            result += term * answered
            step += 1
            down = (agents * mu + np.arange(j + 1) * theta) / rate
            stay = 1 - down - theta / rate
            answered += p[0] * down[0]
            new = p * stay
            new[:-1] += p[1:] * down[1:]
            p = new
            term *= rate * threshold / step
            poisson_cdf += term
            if poisson_cdf > 1 - 1e-13 or step > 100_000:
                result += term * answered
                break
        sl += pi[agents + j] * result
    queue = sum(pi[agents + j] * j for j in range(len(pi) - agents))
    abandon = theta * queue / lam
    occupancy = lam * (1 - abandon) / (agents * mu)
    return sl, occupancy


def naive_required(calls, aht, target, threshold, patience, max_occupancy):
    n = 1
    while True:
        sl, occ = naive_erlang_a_sl(calls, aht, n, threshold, patience)
        if sl >= target - 1e-9 and occ <= max_occupancy + 1e-9:
            return n
        n += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--every", type=int, default=8)
    parser.add_argument("--patience", type=float, default=120)
    args = parser.parse_args()
    calls, aht = week()
    print(
        f"week: {calls.size} intervals, {int(calls.sum())} calls, peak {int(calls.max())} per 15 min, "
        f"AHT {aht.min():.0f}–{aht.max():.0f} s; target {TARGET:.0%} in {THRESHOLD} s, "
        f"max occupancy {MAX_OCC:.0%}"
    )

    from pyworkforce.queuing import ErlangC

    start = time.perf_counter()
    ours_c = [s.agents for s in required_agents_many(calls, aht, INTERVAL, TARGET, THRESHOLD, MAX_OCC)]
    t_ours_c = time.perf_counter() - start
    start = time.perf_counter()
    peer_c = [
        ErlangC(transactions=c, aht=h / 60, asa=THRESHOLD / 60, interval=INTERVAL / 60).required_positions(
            service_level=TARGET, max_occupancy=MAX_OCC
        )["raw_positions"]
        for c, h in zip(calls, aht, strict=True)
    ]
    t_peer_c = time.perf_counter() - start
    mismatches = sum(a != b for a, b in zip(ours_c, peer_c, strict=True))
    print(
        f"Erlang C: ours {t_ours_c * 1000:.1f} ms, pyworkforce 0.5.1 ErlangC {t_peer_c * 1000:.1f} ms "
        f"(ratio {t_peer_c / t_ours_c:.1f}x); agent-hours {sum(ours_c) / 4:.0f}; mismatches {mismatches}"
    )

    start = time.perf_counter()
    ours_a_all = required_agents_many(calls, aht, INTERVAL, TARGET, THRESHOLD, MAX_OCC, args.patience)
    t_ours_a_all = time.perf_counter() - start
    sample = np.arange(0, calls.size, args.every)
    start = time.perf_counter()
    ours_a = [
        s.agents
        for s in required_agents_many(
            calls[sample], aht[sample], INTERVAL, TARGET, THRESHOLD, MAX_OCC, args.patience
        )
    ]
    t_ours_a = time.perf_counter() - start
    start = time.perf_counter()
    peer_a = [naive_required(calls[i], aht[i], TARGET, THRESHOLD, args.patience, MAX_OCC) for i in sample]
    t_peer_a = time.perf_counter() - start
    mismatches_a = sum(a != b for a, b in zip(ours_a, peer_a, strict=True))
    assert [ours_a_all[i].agents for i in sample] == ours_a
    print(
        f"Erlang A (patience {args.patience:.0f} s): ours {t_ours_a_all * 1000:.1f} ms for all {calls.size} "
        f"intervals ({t_ours_a_all / calls.size * 1000:.2f} ms each); on {sample.size} sampled intervals "
        f"ours {t_ours_a * 1000:.1f} ms, naive textbook {t_peer_a * 1000:.0f} ms "
        f"({t_peer_a / sample.size * 1000:.0f} ms each; ratio {t_peer_a / t_ours_a:.0f}x); "
        f"mismatches {mismatches_a}; agent-hours A {sum(s.agents for s in ours_a_all) / 4:.0f} "
        f"vs C {sum(ours_c) / 4:.0f}"
    )


if __name__ == "__main__":
    main()
