"""A small pivot source for the analysis page's tests (no facts to build): records with a cause, a
district and a sex, counted as ``core.pivot`` asks. Labels carry Karakalpak letters, so the files are
checked to render them. No test here: the fixtures are imported by test_analysis*, test_saved*,
test_exports*."""

from collections import Counter

import pytest

from isenim.core import pivot as core_pivot
from isenim.core.pivot import Dimension, PivotSource, UnknownDimension

NAME = "hb-fake"
# Karakalpak letters in the labels (every one of Ә Ғ Қ Ң Ө Ү Ў Ҳ): the files must show them.
KARAKALPAK_LETTERS = "әғқңөүўҳ"
CAUSES = {"legal": "Ҳуқықый билим жетиспеўшилиги", "debt": "Қарыз", "work": "Басқа (әғқңөүўҳ)"}
DISTRICTS = {"moynaq": "Мойнақ", "nukus": "Нөкис", "kungrad": "Қоңырат"}
SEXES = {"f": "Ҳаял", "m": "Еркек"}

# (cause, district, sex) → how many: rows legal and debt are large; "work" is small everywhere.
RECORDS = {
    ("legal", "moynaq", "f"): 20,
    ("legal", "moynaq", "m"): 12,
    ("legal", "nukus", "f"): 9,
    ("legal", "nukus", "m"): 8,
    ("legal", "kungrad", "f"): 3,
    ("debt", "moynaq", "f"): 14,
    ("debt", "nukus", "m"): 30,
    ("debt", "kungrad", "m"): 6,
    ("debt", "kungrad", "f"): 6,
    ("work", "moynaq", "m"): 2,
    ("work", "nukus", "f"): 1,
}


class FakeSource(PivotSource):
    name = NAME
    label = "Fake appeals"

    def dimensions(self):
        return [
            Dimension("cause", "Main cause", lambda: CAUSES),
            Dimension("district", "Home district", lambda: DISTRICTS),
            Dimension("sex", "Sex", lambda: SEXES),
        ]

    def count(self, request, *, user=None):
        names = ("cause", "district", "sex")
        for name in (request.rows, request.cols, *request.filters):
            if name and name not in names:
                raise UnknownDimension(name)
        counts: Counter = Counter()
        for key, n in RECORDS.items():
            record = dict(zip(names, key, strict=True))
            if any(record[d] not in values for d, values in request.filters.items()):
                continue
            counts[(record[request.rows], record[request.cols] if request.cols else None)] += n
        return dict(counts)


@pytest.fixture
def fake_source():
    core_pivot.register_source(NAME, FakeSource)
    yield NAME
    core_pivot._SOURCES.pop(NAME, None)


def expected(rows: str, cols: str | None = None, **filters) -> dict:
    """Raw counts, recomputed here independently of the pivot."""
    names = ("cause", "district", "sex")
    out: Counter = Counter()
    for key, n in RECORDS.items():
        record = dict(zip(names, key, strict=True))
        if any(record[d] not in values for d, values in filters.items()):
            continue
        out[(record[rows], record[cols] if cols else None)] += n
    return dict(out)
