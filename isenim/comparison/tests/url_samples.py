"""URL arguments of the comparison pages for the generated URL test (tests/test_url_policy.py): one dataset
(its page, the page confirming its deletion)."""


def samples(staff) -> dict:
    from isenim.comparison.models import ComparisonDataset

    dataset = ComparisonDataset.objects.create(
        name="sample", file_name="sample.csv", file_format="csv", columns=["yearOfRegistration"]
    )
    return {
        "comparison:dataset_detail": {"name": dataset.name},
        "comparison:dataset_delete": {"name": dataset.name},
    }
