"""Difference in differences on a panel of monthly counts per district (docs/insights.md, "Campaigns
compared").

Plain Python: the panels are small (tens of districts, tens of months), so nothing here needs numpy.

The model: ``y[i, t] = a[i] + b[t] + effect * treated[i] * post[t] + e[i, t]``, district effects ``a``,
month effects ``b``, one start month shared by every treated district. On a balanced panel (every district
counted in the same months) the least-squares ``effect`` of that two-way regression is exactly

    mean over treated i of d[i]  -  mean over control i of d[i],   d[i] = mean(post y[i]) - mean(pre y[i])

so the estimate is computed that way: each district collapsed to its own change. The interval treats the
districts, not the district-months, as the independent observations (Bertrand, Duflo & Mullainathan 2004:
monthly counts of one district are correlated, and a district-month regression with the usual standard
errors is far too sure of itself; collapsing to pre and post is their remedy that holds up with few
districts). It is the two-sample t interval on the ``d[i]`` with a pooled variance and N−2 degrees of
freedom (it works with a single campaign district, whose own variance cannot be estimated). A permutation
p-value (randomisation inference: the same statistic for every other choice of as many districts as
"treated") is given beside it; it does not assume normal errors.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

LEVEL = 0.95
MOST_PERMUTATIONS = 5000
PERMUTATION_SEED = 17


class NotEstimable(ValueError):
    """The panel cannot give an estimate (no control district, no month before or after…)."""


@dataclass(frozen=True)
class Estimate:
    effect: float  # per district and month, in the unit of the counts
    low: float
    high: float
    standard_error: float
    degrees_of_freedom: int
    p_value: float | None  # permutation; None when fewer than 2 assignments exist
    permutations: int
    treated_units: int
    control_units: int
    pre_periods: int
    post_periods: int
    level: float = LEVEL

    @property
    def smallest_p_value(self) -> float | None:
        """The smallest p-value the permutation test can give (1 / the number of assignments)."""
        return 1 / self.permutations if self.permutations else None

    @property
    def covers_zero(self) -> bool:
        return self.low <= 0 <= self.high


def changes(
    counts: Mapping[Hashable, Sequence[float]], post: Sequence[bool], used: Sequence[bool] | None = None
) -> dict[Hashable, float]:
    """Each unit's mean over the used post periods minus its mean over the used pre periods."""
    used = [True] * len(post) if used is None else list(used)
    pre_idx = [t for t, (p, u) in enumerate(zip(post, used, strict=True)) if u and not p]
    post_idx = [t for t, (p, u) in enumerate(zip(post, used, strict=True)) if u and p]
    if not pre_idx or not post_idx:
        raise NotEstimable("at least one period before and one after are needed")
    out = {}
    for unit, series in counts.items():
        if len(series) != len(post):
            raise ValueError(f"unit {unit!r} has {len(series)} periods for {len(post)}")
        out[unit] = sum(series[t] for t in post_idx) / len(post_idx) - sum(series[t] for t in pre_idx) / len(
            pre_idx
        )
    return out


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _statistic(d: Mapping[Hashable, float], treated: frozenset) -> float:
    return _mean([v for u, v in d.items() if u in treated]) - _mean(
        [v for u, v in d.items() if u not in treated]
    )


def estimate(
    counts: Mapping[Hashable, Sequence[float]],
    treated,
    post: Sequence[bool],
    *,
    used: Sequence[bool] | None = None,
    level: float = LEVEL,
) -> Estimate:
    """The difference-in-differences estimate with its ``level`` interval (module doc).

    ``counts[unit]`` is the unit's series over the periods; ``post[t]`` whether period t is after the
    start; ``used[t]`` whether period t takes part (False for a month left out, in every unit)."""
    treated = frozenset(treated) & frozenset(counts)
    controls = [u for u in counts if u not in treated]
    if not treated:
        raise NotEstimable("no treated unit")
    if not controls:
        raise NotEstimable("no control unit")
    if len(counts) < 3:
        raise NotEstimable("at least three units are needed")
    d = changes(counts, post, used)
    n_t, n_c = len(treated), len(controls)
    effect = _statistic(d, treated)
    mean_t = _mean([d[u] for u in treated])
    mean_c = _mean([d[u] for u in controls])
    ss = sum((d[u] - mean_t) ** 2 for u in treated) + sum((d[u] - mean_c) ** 2 for u in controls)
    df = n_t + n_c - 2
    se = math.sqrt(ss / df) * math.sqrt(1 / n_t + 1 / n_c)
    half = t_quantile(0.5 + level / 2, df) * se
    p_value, permutations = permutation_p_value(d, treated)
    used_list = [True] * len(post) if used is None else list(used)
    return Estimate(
        effect=effect,
        low=effect - half,
        high=effect + half,
        standard_error=se,
        degrees_of_freedom=df,
        p_value=p_value,
        permutations=permutations,
        treated_units=n_t,
        control_units=n_c,
        pre_periods=sum(1 for p, u in zip(post, used_list, strict=True) if u and not p),
        post_periods=sum(1 for p, u in zip(post, used_list, strict=True) if u and p),
        level=level,
    )


def permutation_p_value(d: Mapping[Hashable, float], treated: frozenset) -> tuple[float | None, int]:
    """The share of assignments of as many units as "treated" whose statistic is at least as far from 0
    as the real one (two-sided). Every assignment when there are at most MOST_PERMUTATIONS, else that many
    drawn with a fixed seed (the page shows the same p-value every time)."""
    units = list(d)
    n_t = len(treated)
    total = math.comb(len(units), n_t)
    if total < 2:
        return None, 0
    observed = abs(_statistic(d, treated))
    tolerance = 1e-9 * max(1.0, observed)
    if total <= MOST_PERMUTATIONS:
        assignments = (frozenset(c) for c in itertools.combinations(units, n_t))
        count = total
    else:
        stream = random.Random(PERMUTATION_SEED)
        assignments = (frozenset(stream.sample(units, n_t)) for _ in range(MOST_PERMUTATIONS))
        count = MOST_PERMUTATIONS
    extreme = sum(1 for s in assignments if abs(_statistic(d, s)) >= observed - tolerance)
    return extreme / count, count


# --- Student's t ------------------------------------------------------------------------------------------


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """Lentz's continued fraction for the incomplete beta function (Numerical Recipes, betacf)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def regularized_beta(a: float, b: float, x: float) -> float:
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1 - x) / b


def t_cdf(t: float, df: int) -> float:
    tail = 0.5 * regularized_beta(df / 2, 0.5, df / (df + t * t))
    return 1 - tail if t >= 0 else tail


def t_quantile(p: float, df: int) -> float:
    """The p-quantile of Student's t with ``df`` degrees of freedom (bisection on the distribution)."""
    if df < 1:
        raise NotEstimable("no degrees of freedom left")
    if not 0 < p < 1:
        raise ValueError("p is between 0 and 1")
    if p < 0.5:
        return -t_quantile(1 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12:
            break
    return (low + high) / 2
