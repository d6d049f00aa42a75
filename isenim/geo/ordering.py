"""Countries in the order a reader looks for them (issue 18): the usual destinations of the region's labour
migrants first, then every other country by its name in the reader's alphabet (core.collation)."""

from isenim.core.collation import sort_key

# Where people from Karakalpakstan go to work (the destinations of the shipped safe-migration guide).
USUAL_DESTINATIONS = ("RU", "KZ", "TR", "KR", "AE")


def by_reader(countries, *, usual_first: bool = True) -> list:
    usual = {iso2: rank for rank, iso2 in enumerate(USUAL_DESTINATIONS)} if usual_first else {}
    return sorted(
        countries,
        key=lambda country: (usual.get(country.iso2, len(usual)), sort_key(country.name())),
    )
