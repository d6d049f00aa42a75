"""Reading comparison datasets: who may read them is Perm.VIEW_INSIGHTS (checked by the views)."""

from django.http import Http404

from isenim.comparison.models import ComparisonDataset
from isenim.core.access import Perm, require

# The analyses a dataset page offers (rows, cols): CTDC's own column names.
PRESET_PIVOTS = (
    ("yearOfRegistration", None),
    ("citizenship", "CountryOfExploitation"),
    ("gender", "ageBroad"),
    ("typeOfExploitation", "gender"),
    ("citizenshipRegion", "exploitationRegion"),
)


def datasets(user):
    require(user, Perm.VIEW_INSIGHTS)
    return ComparisonDataset.objects.select_related("imported_by").order_by("name")


def dataset_get(user, name: str) -> ComparisonDataset:
    require(user, Perm.VIEW_INSIGHTS)
    dataset = ComparisonDataset.objects.select_related("imported_by").filter(name=name).first()
    if dataset is None:
        raise Http404
    return dataset


def analysis_links(dataset: ComparisonDataset) -> list[tuple[str, str | None, str]]:
    """(rows, cols, query string of the analysis page) for the preset pivots the dataset's columns allow."""
    from urllib.parse import urlencode

    from isenim.comparison.sources import PREFIX, resolve

    source = resolve(dataset.name)
    names = {dimension.name for dimension in source.dimensions()} if source else set()
    links = []
    for rows, cols in PRESET_PIVOTS:
        if rows in names and (cols is None or cols in names):
            pairs = [("source", f"{PREFIX}:{dataset.name}"), ("rows", rows)]
            if cols:
                pairs.append(("cols", cols))
            pairs.append(("period", "all"))
            links.append((rows, cols, urlencode(pairs)))
    return links
