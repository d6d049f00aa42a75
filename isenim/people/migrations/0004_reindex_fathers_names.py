"""The name key reads a father's name in every form as one token (people.names): Бахтиярович, Бахтияр
улы, Baxtiyor oʻgʻli and a middle-name field holding "Бахтияр" alone all give ``bahtiar~``, which no given
name has. Every person's keyed hashes are computed again, person by person, in batches; running it again
gives the same rows."""

import json

from django.db import migrations

BATCH = 2000


def reindex_everyone(apps, schema_editor):
    from isenim.core.crypto import decrypt_text
    from isenim.people.matching import index_rows
    from isenim.people.models import IDENTITY_CONTEXT

    Person = apps.get_model("people", "Person")
    PersonIndex = apps.get_model("people", "PersonIndex")
    people = Person.objects.order_by("pk").values_list("pk", "sealed_identity", "home_district_id")
    last = 0
    while batch := list(people.filter(pk__gt=last)[:BATCH]):
        rows = []
        for pk, sealed, district in batch:
            identity = json.loads(decrypt_text(sealed, context=IDENTITY_CONTEXT)) if sealed else {}
            rows += [
                PersonIndex(person_id=pk, kind=kind, digest=digest, home_district_id=district)
                for kind, digest in index_rows(identity)
            ]
        PersonIndex.objects.filter(person_id__in=[pk for pk, _sealed, _district in batch]).delete()
        PersonIndex.objects.bulk_create(rows, batch_size=5000)
        last = batch[-1][0]


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_approximate_index")]

    operations = [migrations.RunPython(reindex_everyone, migrations.RunPython.noop, elidable=True)]
