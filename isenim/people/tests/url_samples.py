"""URL arguments of the name-equivalents pages for the generated URL test (tests/test_url_policy.py)."""


def samples(staff) -> dict:
    from isenim.people.models import NameEquivalent

    row = NameEquivalent.objects.create(canonical="Тилеўберген", form="Тлеуберген", source="a list")
    return {"people:name_equivalent_withdraw": {"pk": row.pk}}
