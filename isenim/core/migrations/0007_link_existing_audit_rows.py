"""Link the audit and access rows written before the chain existed, oldest first (core.audit_chain)."""

from django.db import migrations

BATCH = 5000


def link_existing(apps, schema_editor):
    from isenim.core.audit_chain import GENESIS, link_of
    from isenim.core.crypto import key_ring

    key_id = key_ring().active_id
    ChainHead = apps.get_model("core", "ChainHead")
    for name in ("AuditEvent", "AccessEvent"):
        model = apps.get_model("core", name)
        previous, count, batch = GENESIS, 0, []
        for event in model.objects.order_by("id").iterator(chunk_size=BATCH):
            event.key_id = key_id
            event.link = link_of(event, previous, key_id)
            previous = event.link
            count += 1
            batch.append(event)
            if len(batch) == BATCH:
                model.objects.bulk_update(batch, ["link", "key_id"])
                batch = []
        model.objects.bulk_update(batch, ["link", "key_id"])
        ChainHead.objects.update_or_create(
            log=model._meta.label_lower, defaults={"last_link": previous if count else "", "rows": count}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0006_audit_chain")]

    operations = [migrations.RunPython(link_existing, migrations.RunPython.noop)]
