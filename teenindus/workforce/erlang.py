"""Erlang C (M/M/N) and Erlang A (M/M/N+M, callers with exponential patience): the service level,
speed of answer, occupancy and abandons for N agents, and the fewest agents meeting a target.

Pure numpy/scipy, vectorised over intervals; nothing here overflows for thousands of agents:

- Erlang B enters as R = 1/B(N, A) = Σ_{n≤N} N!/(n!·A^(N−n)), kept as log R: for N > A from the
  regularised upper incomplete gamma (e^A·Q(N+1, A)·N!/A^N, Q ≥ ~½ there), for N ≤ A from its
  series, whose terms fall geometrically.
- Erlang A is the birth–death chain (birth λ, death min(n, N)μ + max(n − N, 0)θ), its stationary
  weights taken relative to π_N: the states below N weigh R − 1, the state N + j weighs
  q_j = (λ/θ)^j / Π_{k=1..j}(Nμ/θ + k) (log-gamma, so no powers or factorials are formed).
- A caller who finds j others waiting is answered after S_j, a sum of exponentials with rates
  Nμ + kθ (k = 0..j), unless their own patience (rate θ) runs out first. With x = Nμ/θ, S_j is
  distributed as −ln(B)/θ with B ~ Beta(x, j + 1) (a product of Beta(x + k, 1)), so
      P(answered within t | j) = ∫_0^t e^{−θs} f_{S_j}(s) ds = x/(x + j + 1) · I_{1−e^{−θt}}(j + 1, x + 1)
  with I the regularised incomplete beta function: one vectorised scipy call for every j at once.

The service level of Erlang A is the share of ALL offered calls answered within the threshold
(abandoned calls count against it); ASA is the mean wait over all callers (E[queue]/λ, Little).
"""

from dataclasses import dataclass

import numpy as np
from scipy.special import betainc, gammaincc, gammaln, logsumexp

EPS = 1e-9  # a target met to within rounding is met
MAX_AGENTS = 1_000_000


@dataclass(frozen=True)
class Staffing:
    agents: int
    service_level: float  # 0..1
    asa_seconds: float
    occupancy: float  # 0..1
    abandon_share: float | None  # Erlang A only


def _validate(calls, aht, interval, target_sl, threshold, max_occupancy, patience) -> None:
    calls, aht = np.asarray(calls, dtype=float), np.asarray(aht, dtype=float)
    if not np.all(np.isfinite(calls)) or np.any(calls < 0):
        raise ValueError("calls must be zero or more")
    if not np.all(np.isfinite(aht)) or np.any(aht <= 0):
        raise ValueError("aht must be more than zero")
    if not np.isfinite(interval) or interval <= 0:
        raise ValueError("interval must be more than zero")
    if target_sl is not None and not (0 < target_sl <= 1):
        raise ValueError("target_sl must be more than 0 and at most 1 (100 %)")
    if not np.isfinite(threshold) or threshold <= 0:
        raise ValueError("threshold must be more than zero")
    if not (0 < max_occupancy <= 1):
        raise ValueError("max_occupancy must be more than 0 and at most 1 (100 %)")
    if patience is not None and (not np.isfinite(patience) or patience <= 0):
        raise ValueError("patience must be more than zero")


def log_inverse_erlang_b(agents, load):
    """log(1/B(N, A)) for arrays of N ≥ 0 (ints) and A > 0 (Erlangs)."""
    n = np.asarray(agents, dtype=float)
    a = np.asarray(load, dtype=float)
    n, a = np.broadcast_arrays(n, a)
    out = np.zeros(n.shape)
    above = n > a
    if np.any(above):
        na, aa = n[above], a[above]
        out[above] = aa - na * np.log(aa) + gammaln(na + 1) + np.log(gammaincc(na + 1, aa))
    below = ~above & (n > 0)
    if np.any(below):
        nb, ab = n[below], a[below]
        k_max = int(np.max(np.minimum(nb, np.ceil(12 * np.sqrt(ab)) + 40)))
        k = np.arange(k_max + 1, dtype=float)[None, :]
        terms = (
            gammaln(nb[:, None] + 1) - gammaln(np.maximum(nb[:, None] - k, 0) + 1) - k * np.log(ab)[:, None]
        )
        terms = np.where(k <= nb[:, None], terms, -np.inf)
        out[below] = logsumexp(terms, axis=1)
    return out


def erlang_c_metrics(rate, aht, agents, threshold):
    """Erlang C for arrays: rate λ (calls/s), AHT (s), N agents, threshold t (s) →
    (service level, ASA s, occupancy, P(wait)). N ≤ A is an unstable queue: SL 0, ASA ∞."""
    lam, aht, n = np.broadcast_arrays(
        np.asarray(rate, dtype=float), np.asarray(aht, dtype=float), np.asarray(agents, dtype=float)
    )
    a = lam * aht
    sl = np.zeros(a.shape)
    asa = np.full(a.shape, np.inf)
    pw = np.ones(a.shape)
    occ = np.where(n > 0, a / np.maximum(n, 1), np.inf)
    stable = (n > a) & (a > 0)
    if np.any(stable):
        ns, as_, hs = n[stable], a[stable], aht[stable]
        log_r = log_inverse_erlang_b(ns, as_)
        # C = N / (R(N − A) + A)
        log_c = np.log(ns) - np.logaddexp(log_r + np.log(ns - as_), np.log(as_))
        c = np.exp(log_c)
        pw[stable] = c
        sl[stable] = 1 - np.exp(log_c - (ns - as_) * threshold / hs)
        asa[stable] = c * hs / (ns - as_)
    idle = a == 0
    sl[idle], asa[idle], pw[idle], occ[idle] = 1.0, 0.0, 0.0, 0.0
    return sl, asa, occ, pw


def _queue_lengths(x, y):
    """How many waiting positions j = 0..J carry weight for x = Nμ/θ, y = λ/θ."""
    j0 = np.maximum(y - x, 0) + 12 * np.sqrt(y + 1) + 30
    ratio = y / (x + j0 + 1)
    tail = np.ceil(45 / -np.log(np.minimum(ratio, 1 - 1e-12)))
    return np.minimum(np.ceil(j0 + tail), 5_000_000).astype(np.int64)


def erlang_a_metrics(rate, aht, agents, threshold, patience):
    """Erlang A for arrays (rate λ calls/s, AHT s, N ≥ 1 agents, threshold s, mean patience s) →
    (service level, ASA s, occupancy, P(wait), P(abandon))."""
    lam, aht, n, pat = np.broadcast_arrays(
        np.asarray(rate, dtype=float),
        np.asarray(aht, dtype=float),
        np.asarray(agents, dtype=float),
        np.asarray(patience, dtype=float),
    )
    shape = lam.shape
    lam, aht, n, pat = (v.ravel() for v in (lam, aht, n, pat))
    if np.any(n < 1):
        raise ValueError("Erlang A needs at least one agent")
    mu, theta = 1 / aht, 1 / pat
    x, y = n * mu / theta, lam / theta
    lengths = _queue_lengths(x, y)
    j = np.arange(int(lengths.max()) + 1, dtype=float)[None, :]
    used = j <= lengths[:, None]
    with np.errstate(divide="ignore"):
        log_y = np.log(y)[:, None]
        log_q = np.where(used, j * log_y - (gammaln(x[:, None] + j + 1) - gammaln(x[:, None] + 1)), -np.inf)
        log_q[:, 0] = 0.0  # q_0 = 1 (also when λ = 0)
        log_r = log_inverse_erlang_b(n, np.maximum(lam * aht, 1e-300))
        log_z = np.logaddexp(log_r, logsumexp(log_q[:, 1:], axis=1))
        p_wait = np.exp(logsumexp(log_q, axis=1) - log_z)
        queue = np.exp(logsumexp(log_q[:, 1:] + np.log(j[:, 1:]), axis=1) - log_z)
        rows, cols = np.nonzero(used)
        z = -np.expm1(-theta * threshold)
        xr = x[rows]
        w = np.zeros(used.shape)
        w[rows, cols] = xr / (xr + cols + 1) * betainc(cols + 1.0, xr + 1, z[rows] if z.ndim else z)
        log_w = np.log(w)
        answered_waiting = np.exp(logsumexp(log_q + log_w, axis=1) - log_z)
    with np.errstate(invalid="ignore", divide="ignore"):
        abandon = np.where(lam > 0, theta * queue / lam, 0.0)
        asa = np.where(lam > 0, queue / lam, 0.0)
    sl = np.clip(1 - p_wait + answered_waiting, 0, 1)
    occ = lam * (1 - abandon) / (n * mu)
    return tuple(v.reshape(shape) for v in (sl, asa, occ, p_wait, abandon))


def _search(ok, lo, guess, lo_proven):
    """The least N with ok(N) true, element-wise (ok monotone in N): `lo` is known to fail (proven
    by a probe or, when not `lo_proven`, just a floor such as 0 agents), `guess` the first probe.
    Gallops away from the guess by 1, 2, 4 … until the answer is bracketed, then bisects."""
    lo = np.asarray(lo, dtype=np.int64).copy()
    probe = np.maximum(np.asarray(guess, dtype=np.int64), lo + 1)
    proven = np.full(lo.shape, lo_proven)
    hi = np.full(lo.shape, -1, dtype=np.int64)  # −1: no N known to be enough yet
    step = np.ones(lo.shape, dtype=np.int64)
    while True:
        active = (hi < 0) | (hi - lo > 1)
        if not np.any(active):
            return hi
        if np.any(probe[active] > MAX_AGENTS):
            raise ValueError("the target cannot be met with any number of agents")
        idx = np.nonzero(active)[0]
        passed = np.asarray(ok(idx, probe[idx]), dtype=bool)
        hi[idx[passed]] = probe[idx[passed]]
        failed = idx[~passed]
        lo[failed] = probe[failed]
        proven[failed] = True
        upward = hi < 0
        bisect = ~upward & proven
        probe = np.where(upward, lo + step, np.where(bisect, (lo + hi) // 2, np.maximum(hi - step, lo + 1)))
        step = step * 2


def required_agents_many(
    calls,
    aht_seconds,
    interval_seconds: float,
    target_sl: float,
    threshold_seconds: float,
    max_occupancy: float = 1.0,
    patience_seconds: float | None = None,
) -> list[Staffing]:
    """The fewest agents per interval whose service level is at least `target_sl` (0..1) and
    whose occupancy is at most `max_occupancy` (0..1): Erlang A when a mean patience is given,
    else Erlang C. Zero calls need zero agents. Bad input raises ValueError."""
    _validate(
        calls, aht_seconds, interval_seconds, target_sl, threshold_seconds, max_occupancy, patience_seconds
    )
    calls = np.atleast_1d(np.asarray(calls, dtype=float))
    aht = np.broadcast_to(np.asarray(aht_seconds, dtype=float), calls.shape).astype(float)
    rate = calls / interval_seconds
    load = rate * aht
    busy = np.nonzero(calls > 0)[0]
    agents = np.zeros(calls.shape, dtype=np.int64)
    if busy.size:
        l_b, h_b, a_b = rate[busy], aht[busy], load[busy]

        def ok_c(idx, n):
            sl, _asa, occ, _pw = erlang_c_metrics(l_b[idx], h_b[idx], n, threshold_seconds)
            return (n > a_b[idx]) & (sl >= target_sl - EPS) & (occ <= max_occupancy + EPS)

        first = np.maximum(np.floor(a_b) + 1, np.ceil(a_b / max_occupancy - EPS)).astype(np.int64)
        erlang_c_agents = _search(ok_c, first - 1, first, True)
        if patience_seconds is None:
            agents[busy] = erlang_c_agents
        else:

            def ok_a(idx, n):
                sl, _asa, occ, _pw, _ab = erlang_a_metrics(
                    l_b[idx], h_b[idx], n, threshold_seconds, patience_seconds
                )
                return (sl >= target_sl - EPS) & (occ <= max_occupancy + EPS)

            agents[busy] = _search(ok_a, np.zeros(busy.shape), erlang_c_agents, False)
    return staffing_for(calls, aht, interval_seconds, agents, threshold_seconds, patience_seconds)


def staffing_for(calls, aht_seconds, interval_seconds, agents, threshold_seconds, patience_seconds=None):
    """The figures for given agents per interval (zero calls: SL 1, ASA 0, occupancy 0)."""
    calls = np.atleast_1d(np.asarray(calls, dtype=float))
    aht = np.broadcast_to(np.asarray(aht_seconds, dtype=float), calls.shape).astype(float)
    agents = np.broadcast_to(np.asarray(agents, dtype=np.int64), calls.shape)
    rate = calls / interval_seconds
    sl, asa, occ = np.ones(calls.shape), np.zeros(calls.shape), np.zeros(calls.shape)
    ab = np.zeros(calls.shape)
    busy = np.nonzero(calls > 0)[0]
    if busy.size:
        if patience_seconds is None:
            s, q, o, _pw = erlang_c_metrics(rate[busy], aht[busy], agents[busy], threshold_seconds)
        else:
            s, q, o, _pw, a = erlang_a_metrics(
                rate[busy], aht[busy], np.maximum(agents[busy], 1), threshold_seconds, patience_seconds
            )
            ab[busy] = a
        sl[busy], asa[busy], occ[busy] = s, q, o
    return [
        Staffing(
            agents=int(agents[i]),
            service_level=float(sl[i]),
            asa_seconds=float(asa[i]),
            occupancy=float(occ[i]),
            abandon_share=None if patience_seconds is None else float(ab[i]),
        )
        for i in range(calls.size)
    ]


def required_agents(
    calls: float,
    aht_seconds: float,
    interval_seconds: float,
    target_sl: float,
    threshold_seconds: float,
    max_occupancy: float = 1.0,
    patience_seconds: float | None = None,
) -> Staffing:
    """One interval: see required_agents_many."""
    if np.ndim(calls) or np.ndim(aht_seconds):
        raise ValueError("calls and aht must be single numbers")
    return required_agents_many(
        [calls],
        [aht_seconds],
        interval_seconds,
        target_sl,
        threshold_seconds,
        max_occupancy,
        patience_seconds,
    )[0]
