"""What every benchmark shares: its scratch database, the child process that measures in it, and the
small helpers the children report with.

A benchmark never opens the database the settings point at. ``handle`` in ``bench/<name>.py``:

1. ``scratch_database(options, file_stem=…, pg_name=…)`` names a fresh SQLite file or PostgreSQL database
   (each benchmark its own name, so two benchmarks can run at once) and ``refuse_real_database`` checks it
   is not the configured one, before anything is created or deleted;
2. ``run_child("bench.<name>", config, url, data_key, stderr)`` runs ``python -m bench.<name> CONFIG`` with
   ``DATABASE_URL`` pointing at it and a data key made for the run, streams its output and returns the
   JSON result the child wrote (the child calls ``child_main(run)``);
3. the clean-up drops the database unless ``--keep``.

``measure_in_scratch`` does the three steps; ``report`` prints the result as every benchmark does.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"


class ScratchError(Exception):
    """Raised on the command side; each benchmark turns it into its own BenchError."""


def add_scratch_arguments(parser, *, pg_name: str, file_pattern: str, reusable: bool = False) -> None:
    """--database, --json, --keep, --scratch-dir, --postgres-server (every benchmark has them); --reuse
    where the benchmark can measure again in the data a ``--keep`` run left."""
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--json", action="store_true", help="Print one JSON object (the table goes to stderr)."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database afterwards.")
    if reusable:
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Measure again in the scratch database a --keep run left (same sizes), without making "
            "the data again; the database is kept.",
        )
    parser.add_argument(
        "--scratch-dir",
        default="",
        help=f"Folder for the SQLite scratch file {file_pattern} (default: the project's var/).",
    )
    parser.add_argument(
        "--postgres-server",
        default=os.environ.get("ISENIM_BENCH_POSTGRES", DEFAULT_PG_SERVER),
        help=f"A PostgreSQL URL on the server to use; the scratch database {pg_name} is created "
        f"there (default $ISENIM_BENCH_POSTGRES or {DEFAULT_PG_SERVER}).",
    )


def scratch_database(options: dict, *, file_stem: str, pg_name: str):
    """(url, description, prepare, clean up) of the scratch database; nothing is touched until prepare().

    SQLite: ``<scratch dir or var/>/<file_stem>.sqlite3``, removed before and after. PostgreSQL: the
    database ``pg_name`` on ``--postgres-server``, dropped (``WITH (FORCE)``) and created afresh. With
    ``--reuse`` prepare() leaves an existing one as it is."""
    reuse = options.get("reuse", False)
    if options["database"] == "sqlite":
        folder = Path(options["scratch_dir"] or var_dir())
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{file_stem}.sqlite3"
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]

        def remove():
            for file in files:
                file.unlink(missing_ok=True)

        prepare = (lambda: None) if reuse and path.exists() else remove
        return f"sqlite:///{path}", str(path), prepare, remove
    import psycopg
    from psycopg import sql

    server = options["postgres_server"]

    def admin(statement):
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(statement)

    def drop():
        admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(pg_name)))

    def create():
        if reuse:
            with psycopg.connect(server, autocommit=True) as conn:
                found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [pg_name]).fetchone()
            if found:
                return
        drop()  # a database left by --keep
        admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(pg_name)))

    info = psycopg.conninfo.conninfo_to_dict(server)
    url = pg_url(info, pg_name)
    where = f"PostgreSQL database {pg_name} on {info.get('host', 'localhost')}:{info.get('port', 5432)}"
    return url, where, create, drop


def pg_url(info: dict, dbname: str) -> str:
    from urllib.parse import quote

    user = quote(info.get("user", "postgres"))
    password = f":{quote(info['password'])}" if info.get("password") else ""
    return f"postgres://{user}{password}@{info.get('host', '127.0.0.1')}:{info.get('port', 5432)}/{dbname}"


def var_dir() -> Path:
    try:
        from django.conf import settings

        return Path(settings.VAR_DIR)
    except Exception:  # no Django settings: the project's var/
        return ROOT / "var"


def refuse_real_database(scratch_url: str) -> None:
    """The scratch database must not be the one the current settings use (same file, or same name)."""
    import dj_database_url
    from django.conf import settings

    current = settings.DATABASES["default"]
    scratch = dj_database_url.parse(scratch_url)
    if current["ENGINE"] != scratch["ENGINE"]:
        return
    if current["ENGINE"].endswith("sqlite3"):
        same = Path(str(current["NAME"])).resolve() == Path(str(scratch["NAME"])).resolve()
    else:
        same = current.get("NAME") == scratch.get("NAME")  # on any host: the name is the bench's own
    if same:
        raise ScratchError(f"refusing to benchmark in the configured database {current.get('NAME')}")


def run_child(module: str, config: dict, scratch_url: str, data_key: str, stderr) -> dict:
    """Run ``python -m <module> CONFIG`` against the scratch database; its output goes to ``stderr``."""
    with tempfile.TemporaryDirectory(prefix="isenim-bench-") as tmp:
        result_file = Path(tmp) / "result.json"
        config = {**config, "result_file": str(result_file)}
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "isenim.settings",
            "DATABASE_URL": scratch_url,
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-" + os.urandom(24).hex(),
            "ALLOWED_HOSTS": "localhost",
            "ISENIM_DATA_KEYS": data_key,
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
        }
        proc = subprocess.Popen(  # noqa: S603 (this interpreter, our own module, a JSON argument)
            [sys.executable, "-m", module, json.dumps(config)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for line in proc.stdout:
            stderr.write(line)
            stderr.flush()
        if proc.wait() != 0 or not result_file.exists():
            raise ScratchError(f"the benchmark process failed (exit status {proc.returncode})")
        return json.loads(result_file.read_text(encoding="utf-8"))


def measure_in_scratch(
    options: dict, *, module: str, config: dict, file_stem: str, pg_name: str, stderr
) -> dict:
    """Steps 1 to 3: make the scratch database, run ``python -m <module>`` in it under a data key made for
    this run only (synthetic people), and remove it unless ``--keep`` (then say how to open it)."""
    scratch_url, where, prepare, cleanup = scratch_database(options, file_stem=file_stem, pg_name=pg_name)
    refuse_real_database(scratch_url)  # before anything is deleted or created
    prepare()
    stderr.write(f"Scratch database: {where}\n")
    keep = options["keep"] or options.get("reuse", False)
    data_key = _data_key(options, file_stem if options["database"] == "sqlite" else pg_name, keep)
    try:
        return run_child(
            module, {**config, "reuse": options.get("reuse", False)}, scratch_url, data_key, stderr
        )
    finally:
        if keep:
            stderr.write(
                f"Kept the scratch database: {where}\nOpen it (synthetic people only) with "
                f"DATABASE_URL={scratch_url} ISENIM_DATA_KEYS={data_key}\n"
            )
        else:
            cleanup()


def _data_key(options: dict, stem: str, keep: bool) -> str:
    """A data key made for this run (synthetic people only). A kept database's key is written beside it
    (``var/<name>.key``) so that ``--reuse`` can read its sealed rows again."""
    from isenim.core.crypto import new_key_entry

    key_file = Path(options["scratch_dir"] or var_dir()) / f"{stem}.key"
    if options.get("reuse") and key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    data_key = new_key_entry("bench")
    if keep:
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(data_key, encoding="utf-8")
        key_file.chmod(0o600)
    return data_key


def report(result: dict, options: dict, *, format_table, result_keys, stdout, stderr) -> None:
    """``--details`` gets the full result; then the table, or with ``--json`` one JSON object of
    ``result_keys`` on stdout and the table on stderr."""
    if options.get("details"):
        Path(options["details"]).write_text(
            json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    table = format_table(result)
    if options["json"]:
        stderr.write(table)
        stdout.write(json.dumps({key: result[key] for key in result_keys}) + "\n")
    else:
        stdout.write(table)


def child_main(run, argv: list[str]) -> None:
    """The child's entry point: set Django up, ``run(config)``, write the result where the parent reads it."""
    config = json.loads(argv[0])
    import django

    django.setup()
    result = run(config)
    Path(config["result_file"]).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


# --- Helpers for the children ---------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def database_label(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def say(message: str) -> None:
    print(message, flush=True)
