import os

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _owner_only_sqlite(sender, connection, **kwargs):
    """The SQLite database holds sealed personal data and its keyed hashes: readable by the service user
    only, whatever the umask of whoever started the server."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:"):
        return
    for path in (name, f"{name}-wal", f"{name}-shm"):
        if os.path.exists(path) and os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)


class CoreConfig(AppConfig):
    name = "isenim.core"
    label = "core"
    verbose_name = "Isenim core"

    def ready(self):
        connection_created.connect(_owner_only_sqlite, dispatch_uid="isenim-sqlite-0600")
        from isenim.core.daily import register_daily_task
        from isenim.core.tasks import forget_form_tokens

        register_daily_task("forget-form-tokens", forget_form_tokens)
