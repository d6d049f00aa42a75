"""The name key now reads Karakalpak ў as Russian documents write it (Айсулыў = Айсулу, Қуўаныш = Куаныш)
and MVD's SAYERA as ICAO's SAIERA: every person's keyed hashes are computed again, so that people
registered before find and are found by the new keys. Resumable in effect: rows are replaced person by
person, in batches, and running it again gives the same rows."""

import json

from django.db import migrations

BATCH = 2000


def reindex_everyone(apps, schema_editor):
    from isenim.core.crypto import decrypt_text
    from isenim.people.matching import index_rows
    from isenim.people.models import IDENTITY_CONTEXT

    Person = apps.get_model("people", "Person")
    PersonIndex = apps.get_model("people", "PersonIndex")
    last = 0
    while True:
        batch = list(
            Person.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "sealed_identity")[:BATCH]
        )
        if not batch:
            return
        rows = []
        for pk, sealed in batch:
            identity = json.loads(decrypt_text(sealed, context=IDENTITY_CONTEXT)) if sealed else {}
            rows += [
                PersonIndex(person_id=pk, kind=kind, digest=digest) for kind, digest in index_rows(identity)
            ]
        PersonIndex.objects.filter(person_id__in=[pk for pk, _sealed in batch]).delete()
        PersonIndex.objects.bulk_create(rows, batch_size=5000)
        last = batch[-1][0]


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(reindex_everyone, migrations.RunPython.noop, elidable=True)]
