"""The reintegration sustainability score of a follow-up (docs/reintegration.md).

Each indicator is answered 0–4. A dimension's score is the mean of its three answers divided by 4 (0 to 1);
the composite score is the mean of the three dimension scores. Rounded to two decimals for showing.
"""

from dataclasses import dataclass

from isenim.reintegration.choices import INDICATORS, MAX_SCORE, Dimension


@dataclass(frozen=True)
class Scores:
    economic: float
    social: float
    psychosocial: float

    @property
    def composite(self) -> float:
        return round((self.economic + self.social + self.psychosocial) / 3, 2)

    def as_dict(self) -> dict[str, float]:
        return {
            "economic": self.economic,
            "social": self.social,
            "psychosocial": self.psychosocial,
            "composite": self.composite,
        }


def dimension_score(answers: dict[str, int], dimension: str) -> float:
    values = [answers[item.field] for item in INDICATORS if item.dimension == dimension]
    return round(sum(values) / (len(values) * MAX_SCORE), 2)


def scores_of(record) -> Scores:
    """The scores of a follow-up (any object with the indicator fields as attributes, or a dict)."""
    answers = (
        record
        if isinstance(record, dict)
        else {item.field: getattr(record, item.field) for item in INDICATORS}
    )
    return Scores(
        economic=dimension_score(answers, Dimension.ECONOMIC),
        social=dimension_score(answers, Dimension.SOCIAL),
        psychosocial=dimension_score(answers, Dimension.PSYCHOSOCIAL),
    )
