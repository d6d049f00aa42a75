"""The difference-in-differences estimate on constructed panels: it recovers a known effect, finds none
where there is none, its 95% interval covers the truth about 95 times in 100, and it equals the two-way
fixed-effects regression (district and month effects) it stands for."""

import random

import numpy as np
import pytest

from isenim.insights.did import NotEstimable, estimate, t_quantile

MONTHS = 24
POST = [t >= 12 for t in range(MONTHS)]


def panel(*, units=12, treated=4, effect=0.0, noise=1.0, seed=1):
    stream = random.Random(seed)
    level = {u: stream.uniform(5, 40) for u in range(units)}
    month = [stream.uniform(-3, 3) + 0.2 * t for t in range(MONTHS)]
    counts = {
        u: [
            level[u] + month[t] + (effect if (u < treated and POST[t]) else 0.0) + stream.gauss(0, noise)
            for t in range(MONTHS)
        ]
        for u in range(units)
    }
    return counts, set(range(treated))


def test_it_recovers_a_known_effect_exactly_without_noise():
    counts, treated = panel(effect=3.5, noise=0.0)
    result = estimate(counts, treated, POST)
    assert result.effect == pytest.approx(3.5)
    assert result.low == pytest.approx(3.5) and result.high == pytest.approx(3.5)


def test_it_recovers_a_known_effect_with_noise():
    counts, treated = panel(effect=6.0, noise=1.0, seed=4)
    result = estimate(counts, treated, POST)
    assert result.low <= 6.0 <= result.high
    assert abs(result.effect - 6.0) < 1.0
    assert not result.covers_zero
    assert result.p_value is not None and result.p_value < 0.05
    assert (result.treated_units, result.control_units, result.pre_periods, result.post_periods) == (
        4,
        8,
        12,
        12,
    )


def test_it_finds_no_effect_where_there_is_none():
    counts, treated = panel(effect=0.0, noise=0.0)
    assert estimate(counts, treated, POST).effect == pytest.approx(0.0, abs=1e-9)
    counts, treated = panel(effect=0.0, noise=1.0, seed=5)
    result = estimate(counts, treated, POST)
    assert result.covers_zero
    assert abs(result.effect) < 1.0


def test_the_interval_covers_the_true_effect_about_95_times_in_100():
    covered = 0
    runs = 400
    for seed in range(runs):
        counts, treated = panel(units=10, treated=3, effect=2.0, noise=2.0, seed=seed)
        result = estimate(counts, treated, POST)
        covered += result.low <= 2.0 <= result.high
    assert 0.91 <= covered / runs <= 0.99


def test_it_equals_the_two_way_fixed_effects_regression():
    counts, treated = panel(units=7, treated=2, effect=1.5, noise=1.5, seed=11)
    units = sorted(counts)
    rows, y = [], []
    for u in units:
        for t in range(MONTHS):
            x = [1.0 if u == v else 0.0 for v in units]  # district effects
            x += [1.0 if t == s else 0.0 for s in range(1, MONTHS)]  # month effects (the first is the base)
            x.append(1.0 if (u in treated and POST[t]) else 0.0)
            rows.append(x)
            y.append(counts[u][t])
    coef, *_ = np.linalg.lstsq(np.array(rows), np.array(y), rcond=None)
    assert estimate(counts, treated, POST).effect == pytest.approx(coef[-1])


def test_months_left_out_are_not_used():
    counts, treated = panel(effect=2.0, noise=0.0)
    counts[0][3] += 1000  # a month that is left out (say, a suppressed cell) changes nothing
    used = [t != 3 for t in range(MONTHS)]
    result = estimate(counts, treated, POST, used=used)
    assert result.effect == pytest.approx(2.0)
    assert result.pre_periods == 11


def test_a_single_treated_district_still_gets_an_interval():
    counts, treated = panel(units=8, treated=1, effect=4.0, noise=0.5, seed=2)
    result = estimate(counts, treated, POST)
    assert result.low < result.effect < result.high
    assert result.permutations == 8


def test_it_refuses_a_panel_it_cannot_estimate():
    counts, _ = panel(units=4)
    with pytest.raises(NotEstimable):
        estimate(counts, set(), POST)
    with pytest.raises(NotEstimable):
        estimate(counts, set(counts), POST)
    with pytest.raises(NotEstimable):
        estimate(counts, {0}, [False] * MONTHS)


def test_t_quantiles_match_the_tables():
    assert t_quantile(0.975, 1) == pytest.approx(12.706, abs=1e-3)
    assert t_quantile(0.975, 10) == pytest.approx(2.228, abs=1e-3)
    assert t_quantile(0.975, 1000) == pytest.approx(1.962, abs=1e-3)
    assert t_quantile(0.025, 5) == pytest.approx(-2.571, abs=1e-3)
