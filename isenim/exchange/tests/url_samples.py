"""URL arguments of the releases pages for the generated URL test (tests/test_url_policy.py)."""


def samples(staff) -> dict:
    from isenim.exchange.models import Release

    release = Release.objects.create(recipient="IOM", k=11, sha256="0" * 64)
    found = {"pk": release.pk}
    return {
        "exchange:release_detail": found,
        "exchange:release_download": found,
        "exchange:release_report": found,
    }
