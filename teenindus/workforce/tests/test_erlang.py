"""Erlang C and A against values computed independently of teenindus.workforce.erlang: exact
rational arithmetic (Fractions / 60-digit Decimals) for Erlang C, pyworkforce 0.5.1's ErlangC,
and for Erlang A a truncated CTMC solved with numpy plus the tagged caller's chain through
scipy's matrix exponential."""

import math
from decimal import Decimal, getcontext
from fractions import Fraction

import numpy as np
import pytest
from scipy.linalg import expm

from teenindus.workforce import erlang


def exact_erlang_c(calls, aht, interval, agents, threshold):
    """P(wait), SL and ASA from A^N/N! summed exactly (Fractions), no recursion tricks."""
    a = Fraction(calls) * Fraction(aht) / Fraction(interval)
    n = agents
    top = a**n / math.factorial(n) * Fraction(n, 1) / (n - a)
    below = sum(a**k / math.factorial(k) for k in range(n))
    p_wait = top / (below + top)
    sl = 1 - float(p_wait) * math.exp(-float(n - a) * threshold / aht)
    asa = float(p_wait) * aht / float(n - a)
    return float(p_wait), sl, asa


def decimal_erlang_c_sl(calls, aht, interval, agents, threshold):
    """The same with 60-digit Decimals and the inverse Erlang B recursion (for big N)."""
    getcontext().prec = 60
    a = Decimal(calls) * Decimal(aht) / Decimal(interval)
    inv_b = Decimal(1)
    for k in range(1, agents + 1):
        inv_b = 1 + inv_b * k / a
    b = 1 / inv_b
    c = agents * b / (agents - a * (1 - b))
    return 1 - float(c) * math.exp(-float(agents - a) * threshold / aht), float(c)


def least_agents(sl_of, start, target):
    n = start
    while sl_of(n) < target:
        n += 1
    return n


# --- Erlang C ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "calls,aht,interval,threshold,target",
    [
        (360, 240, 3600, 20, 0.8),  # the classic: 24 Erlangs
        (100, 180, 1800, 20, 0.8),  # 10 Erlangs
        (90, 240, 900, 20, 0.8),
        (12, 300, 900, 30, 0.9),
        (200, 420, 900, 60, 0.95),
        (3, 600, 900, 20, 0.5),
    ],
)
def test_erlang_c_matches_exact_arithmetic(calls, aht, interval, threshold, target):
    load = Fraction(calls * aht, interval)
    first = math.floor(load) + 1
    expected_n = least_agents(lambda n: exact_erlang_c(calls, aht, interval, n, threshold)[1], first, target)
    got = erlang.required_agents(calls, aht, interval, target, threshold)
    assert got.agents == expected_n
    p_wait, sl, asa = exact_erlang_c(calls, aht, interval, expected_n, threshold)
    assert got.service_level == pytest.approx(sl, rel=1e-9)
    assert got.asa_seconds == pytest.approx(asa, rel=1e-9)
    assert got.occupancy == pytest.approx(float(load) / expected_n, rel=1e-12)
    assert got.abandon_share is None
    # and every N in range, not just the answer
    for n in range(first, expected_n + 5):
        s, q, _occ, pw = erlang.erlang_c_metrics(calls / interval, aht, n, threshold)
        p_exact, sl_exact, asa_exact = exact_erlang_c(calls, aht, interval, n, threshold)
        assert float(pw) == pytest.approx(p_exact, rel=1e-9)
        assert float(s) == pytest.approx(sl_exact, rel=1e-9, abs=1e-12)
        assert float(q) == pytest.approx(asa_exact, rel=1e-9)


def test_erlang_c_table_value():
    # Erlang C tables: 10 Erlangs on 11 agents wait with probability 0.6821.
    assert float(erlang.erlang_c_metrics(10 / 180, 180, 11, 20)[3]) == pytest.approx(0.6821, abs=5e-5)


def test_max_occupancy_caps_the_answer():
    # 24 Erlangs: SL 80 % in 20 s needs 29 agents (occupancy 82.8 %); at most 80 % occupancy needs 30.
    free = erlang.required_agents(360, 240, 3600, 0.8, 20)
    capped = erlang.required_agents(360, 240, 3600, 0.8, 20, max_occupancy=0.8)
    assert capped.agents == 30 > free.agents
    assert capped.occupancy <= 0.8


def test_against_pyworkforce_erlang_c_on_a_grid():
    from pyworkforce.queuing import ErlangC

    checked = 0
    for calls in (5, 17, 40, 85, 150, 320, 700):
        for aht in (120, 240, 375, 600):
            for threshold in (10, 20, 60):
                for target in (0.7, 0.8, 0.9):
                    for occ in (1.0, 0.85):
                        peer = ErlangC(transactions=calls, aht=aht / 60, asa=threshold / 60, interval=15)
                        expected = peer.required_positions(service_level=target, max_occupancy=occ)
                        ours = erlang.required_agents(calls, aht, 900, target, threshold, max_occupancy=occ)
                        assert ours.agents == expected["raw_positions"], (calls, aht, threshold, target, occ)
                        checked += 1
    assert checked == 7 * 4 * 3 * 3 * 2


def test_large_traffic_hundreds_of_agents():
    # 5,000 calls in 15 minutes at 300 s: 1,667 Erlangs.
    got = erlang.required_agents(5000, 300, 900, 0.8, 20)
    sl, c = decimal_erlang_c_sl(5000, 300, 900, got.agents, 20)
    sl_below, _ = decimal_erlang_c_sl(5000, 300, 900, got.agents - 1, 20)
    assert sl >= 0.8 > sl_below
    assert got.service_level == pytest.approx(sl, rel=1e-9)
    assert all(math.isfinite(v) for v in (got.service_level, got.asa_seconds, got.occupancy))
    # and far above the load: tiny probabilities, nothing overflows
    s, q, occ, pw = erlang.erlang_c_metrics(5000 / 900, 300, 3000, 20)
    assert float(s) == 1.0 and 0 <= float(pw) < 1e-100 and math.isfinite(float(q))
    # far below the load (Erlang B's series side)
    assert np.isfinite(erlang.log_inverse_erlang_b(10, 1666.7))
    assert float(erlang.log_inverse_erlang_b(2000, 1.5)) > 700  # 1/B is beyond any float, its log is not


def test_many_equals_one_by_one():
    calls = np.array([0, 3, 40, 120, 260, 0.5])
    aht = np.array([300, 200, 250, 310, 280, 600])
    many = erlang.required_agents_many(calls, aht, 900, 0.8, 20, max_occupancy=0.9)
    assert [s.agents for s in many] == [
        erlang.required_agents(c, h, 900, 0.8, 20, max_occupancy=0.9).agents
        for c, h in zip(calls, aht, strict=True)
    ]
    assert many[0].agents == 0 and many[0].service_level == 1.0


# --- Erlang A ----------------------------------------------------------------------------------


def brute_force_erlang_a(calls, aht, interval, agents, threshold, patience, states=600):
    """Truncated M/M/N+M generator solved with numpy; the tagged caller's chain (k ahead →
    answered / abandoned) through scipy.linalg.expm."""
    lam, mu, theta, n = calls / interval, 1 / aht, 1 / patience, agents
    q = np.zeros((states, states))
    for i in range(states):
        if i + 1 < states:
            q[i, i + 1] = lam
        if i > 0:
            q[i, i - 1] = min(i, n) * mu + max(i - n, 0) * theta
        q[i, i] = -q[i].sum()
    a = np.vstack([q.T, np.ones(states)])
    b = np.zeros(states + 1)
    b[-1] = 1
    pi = np.linalg.lstsq(a, b, rcond=None)[0]
    waiting = np.arange(states) - n
    queue = float(np.sum(pi[n:] * waiting[n:]))
    p_wait = float(pi[n:].sum())
    # tagged caller: states 0..K (callers ahead), K+1 answered, K+2 abandoned
    k_max = states - n
    g = np.zeros((k_max + 2, k_max + 2))
    for k in range(k_max):
        if k > 0:
            g[k, k - 1] = n * mu + k * theta
        else:
            g[k, k_max] = n * mu
        g[k, k_max + 1] = theta
        g[k, k] = -g[k].sum()
    answered_by_t = expm(g * threshold)[:k_max, k_max]
    sl = float(pi[:n].sum() + np.sum(pi[n:states] * answered_by_t[: states - n]))
    abandon = theta * queue / lam
    return {
        "sl": sl,
        "asa": queue / lam,
        "abandon": abandon,
        "p_wait": p_wait,
        "occupancy": lam * (1 - abandon) / (n * mu),
    }


@pytest.mark.parametrize(
    "calls,aht,agents,threshold,patience",
    [
        (90, 240, 24, 20, 120),
        (90, 240, 20, 20, 60),  # overloaded: more offered than agents can take
        (40, 300, 14, 30, 300),
        (10, 180, 3, 20, 45),
        (150, 360, 55, 60, 600),
    ],
)
def test_erlang_a_matches_the_brute_force_chain(calls, aht, agents, threshold, patience):
    expected = brute_force_erlang_a(calls, aht, 900, agents, threshold, patience)
    sl, asa, occ, p_wait, abandon = erlang.erlang_a_metrics(calls / 900, aht, agents, threshold, patience)
    assert float(sl) == pytest.approx(expected["sl"], rel=1e-7)
    assert float(asa) == pytest.approx(expected["asa"], rel=1e-7)
    assert float(abandon) == pytest.approx(expected["abandon"], rel=1e-7)
    assert float(p_wait) == pytest.approx(expected["p_wait"], rel=1e-7)
    assert float(occ) == pytest.approx(expected["occupancy"], rel=1e-7)


def test_erlang_a_required_agents_is_the_least_by_brute_force():
    calls, aht, threshold, patience, target = 90, 240, 20, 120, 0.8
    got = erlang.required_agents(calls, aht, 900, target, threshold, patience_seconds=patience)
    above = brute_force_erlang_a(calls, aht, 900, got.agents, threshold, patience)
    below = brute_force_erlang_a(calls, aht, 900, got.agents - 1, threshold, patience)
    assert above["sl"] >= target > below["sl"]
    assert got.service_level == pytest.approx(above["sl"], rel=1e-7)
    assert got.abandon_share == pytest.approx(above["abandon"], rel=1e-7)


def test_erlang_a_without_impatience_is_erlang_c():
    for calls, aht in ((90, 240), (300, 280), (12, 300)):
        c = erlang.required_agents(calls, aht, 900, 0.8, 20)
        a = erlang.required_agents(calls, aht, 900, 0.8, 20, patience_seconds=1e7)
        assert a.agents == c.agents
        assert a.service_level == pytest.approx(c.service_level, abs=1e-4)
        assert a.asa_seconds == pytest.approx(c.asa_seconds, rel=1e-3)
        assert a.abandon_share < 1e-5


def test_erlang_a_large_traffic_is_finite_and_needs_fewer_agents():
    c = erlang.required_agents(5000, 300, 900, 0.8, 20)
    a = erlang.required_agents(5000, 300, 900, 0.8, 20, patience_seconds=180)
    assert 1000 < a.agents <= c.agents
    assert all(math.isfinite(v) for v in (a.service_level, a.asa_seconds, a.occupancy, a.abandon_share))
    assert a.service_level >= 0.8 and 0 < a.abandon_share < 1
    below = erlang.staffing_for([5000], [300], 900, [a.agents - 1], 20, 180)[0]
    assert below.service_level < 0.8


def test_a_full_service_level_target_is_reached():
    got = erlang.required_agents(40, 300, 900, 1.0, 20)
    assert got.service_level >= 1 - 1e-9


@pytest.mark.parametrize(
    "kwargs",
    [
        {"target_sl": 1.2},
        {"target_sl": 0},
        {"threshold_seconds": 0},
        {"threshold_seconds": -5},
        {"aht_seconds": 0},
        {"interval_seconds": 0},
        {"calls": -1},
        {"calls": float("nan")},
        {"max_occupancy": 0},
        {"max_occupancy": 1.5},
        {"patience_seconds": 0},
    ],
)
def test_bad_input_is_refused(kwargs):
    args = {
        "calls": 50,
        "aht_seconds": 300,
        "interval_seconds": 900,
        "target_sl": 0.8,
        "threshold_seconds": 20,
        "max_occupancy": 1.0,
        "patience_seconds": None,
    } | kwargs
    with pytest.raises(ValueError):
        erlang.required_agents(**args)
