"""URL arguments of the saved-analysis buttons, for the generated URL test (tests/test_url_policy.py reads
``isenim/insights/tests/url_samples.py``, which adds these). Renaming and deleting are buttons (post only):
a GET answers 405 once the permission is checked, before the saved view is looked up."""


def samples(staff) -> dict:
    from isenim.core.access import Role
    from isenim.insights.models import SavedView

    view = SavedView.objects.create(
        owner=staff[Role.ME_OFFICER], name="Sample", spec={"rows": "cause", "period": "all"}
    )
    return {"insights:saved_rename": {"pk": view.pk}, "insights:saved_delete": {"pk": view.pk}}
