from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from isenim.core.db_grants import grant_statements


class Command(BaseCommand):
    help = (
        "PostgreSQL: print (or, with --apply, run as the owner) the privileges of the application's role: "
        "every table read and written, the audit and access logs only read and added to (docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, help="The role the service connects as.")
        parser.add_argument("--apply", action="store_true", help="Run the statements now (as the owner).")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("db-grants is for PostgreSQL; SQLite has no roles (see docs/deploy.md).")
        statements = grant_statements(options["role"])
        if not options["apply"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"{len(statements)} statements applied for role {options['role']}.")
