"""The PostgreSQL privileges of the application's database role (docs/deploy.md).

The tables belong to an owner role that runs the migrations; the service runs as another role, which may
read and write every table but only read and add to the audit and access logs. Someone who takes over the
application (or its database password) then cannot rewrite the logs; ``verify-audit`` finds an edit made
by the owner.
"""

from django.db import connection

from isenim.core.models import AccessEvent, AuditEvent

APPEND_ONLY = (AuditEvent, AccessEvent)


def grant_statements(role: str) -> list[str]:
    quoted = connection.ops.quote_name(role)
    append_only = {model._meta.db_table for model in APPEND_ONLY}
    tables = sorted(connection.introspection.table_names())  # after `migrate`: every table there is
    statements = [f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}"]
    for table in tables:
        rights = "SELECT, INSERT" if table in append_only else "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f"GRANT {rights} ON {connection.ops.quote_name(table)} TO {quoted}")
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
    return statements
