"""Property tests (issue 16): a name keeps its key across every spelling scheme the reference tables
describe (core/data/translit_tables.json: Karakalpak Cyrillic and Latin 2016, the old apostrophe Latin,
Uzbek Latin with each of its apostrophes, Russian-style Cyrillic, ICAO 9303 and MVD passports), and its
father's name whatever the patronymic's form."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import names_set
from bench.names import POOLS, Name, patronymic, surname
from isenim.people.names import fields_tokens, is_father

GROUPS = ("kaa", "uz")


@st.composite
def people(draw):
    group = draw(st.sampled_from(GROUPS))
    sex = draw(st.sampled_from("MF"))
    pools = POOLS[group]
    father = draw(st.sampled_from(pools["M"].items))
    return (
        group,
        sex,
        surname(draw(st.sampled_from(pools["surname"].items)), sex),
        draw(st.sampled_from(pools[sex].items)),
        father,
    )


STYLES = {"kaa": ("russian", "turkic", "uzbek"), "uz": ("russian", "uzbek", "turkic")}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people(), st.sampled_from(names_set.SCHEMES), st.sampled_from(names_set.SCHEMES), st.data())
def test_a_name_keeps_its_key_in_every_scheme_and_patronymic_form(person, scheme, other, data):
    group, sex, last, first, father = person
    one_style, other_style = (
        data.draw(st.sampled_from(STYLES[group])),
        data.draw(st.sampled_from(STYLES[group])),
    )
    rng = __import__("random").Random(data.draw(st.integers(0, 10_000)))
    written = names_set.written(
        Name(group, sex, last, first, patronymic(father, sex, one_style)), scheme, rng
    )
    again = names_set.written(Name(group, sex, last, first, patronymic(father, sex, other_style)), other, rng)
    assert fields_tokens(*written) == fields_tokens(*again), (written, again)


@settings(max_examples=200, deadline=None)
@given(people(), st.sampled_from(names_set.SCHEMES), st.data())
def test_a_fathers_name_never_becomes_a_given_name(person, scheme, data):
    group, sex, last, first, father = person
    rng = __import__("random").Random(0)
    style = data.draw(st.sampled_from(STYLES[group]))
    last_w, first_w, middle_w = names_set.written(
        Name(group, sex, last, first, patronymic(father, sex, style)), scheme, rng
    )
    # A man named as the father is not the father's name: no token in common where the father stands.
    fathers = [token for token in fields_tokens(last_w, first_w, middle_w) if is_father(token)]
    named_like = fields_tokens(last_w, names_set.written(Name(group, "M", last, father, ""), scheme, rng)[1])
    assert len(fathers) == 1
    assert fathers[0] not in named_like
    assert not any(is_father(token) for token in named_like)
