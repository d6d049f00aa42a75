import sys

from django.core.management.base import BaseCommand

from isenim.core.audit_chain import verify
from isenim.core.models import AccessEvent, AuditEvent


class Command(BaseCommand):
    help = (
        "Check the hash chains of the audit and access logs: exit 0 when both hold, 1 naming the first "
        "broken link when a row was edited or removed (docs/protection.md)."
    )

    def handle(self, *args, **options):
        broken = False
        for model in (AuditEvent, AccessEvent):
            count, fault = verify(model)
            name = model._meta.label_lower
            if fault is None:
                self.stdout.write(f"{name}: {count} rows, the chain holds")
            else:
                broken = True
                self.stderr.write(f"{name}: BROKEN at {fault}")
        if broken:
            sys.exit(1)
