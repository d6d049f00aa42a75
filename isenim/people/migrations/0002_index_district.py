"""Two changes to the search index, one pass over every person:

- the name key now reads Karakalpak ў as Russian documents write it (Айсулыў = Айсулу, Қуўаныш = Куаныш)
  and MVD's SAYERA as ICAO's SAIERA, so every person's keyed hashes are computed again;
- each index row carries the person's home district, and the lookup index holds (digest, district,
  person): the duplicate check reads a district's namesakes without visiting the people table.

Rows are replaced person by person, in batches; running it again gives the same rows."""

import json

import django.db.models.deletion
from django.db import migrations, models

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
    dependencies = [("geo", "0001_initial"), ("people", "0001_initial")]

    operations = [
        migrations.RemoveIndex(model_name="personindex", name="people_index_lookup"),
        migrations.AddField(
            model_name="personindex",
            name="home_district",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="geo.adminunit",
            ),
        ),
        migrations.RunPython(reindex_everyone, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="personindex",
            index=models.Index(fields=["digest", "home_district", "person"], name="people_index_lookup"),
        ),
    ]
