"""``isenim bench backup``: how long ``isenim backup`` and ``isenim restore`` take at scale.

1. A child process fills a scratch database (``isenim_bench_backup``, or a SQLite file) with ``--people``
   people made as ``bench cases`` makes them (sealed identities, no index) and writes ``--files`` vault
   files of ``--file-kb`` KiB of random bytes (encrypted like uploads), then times ``isenim backup`` (the
   core function, as the command runs it) into a scratch folder.
2. The parent times ``isenim restore`` of that archive into a second, empty scratch database
   (``isenim_bench_backup_restore`` or another file) and a new vault folder, in its own process as an
   operator runs it, and checks the people count.
3. Both databases and every file are removed (``--keep`` keeps them).

The issue's goal: 1,000,000 people with their vault files backed up in 5 minutes, restored in 10.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.scratch import (
    ROOT,
    ScratchError,
    _data_key,
    add_scratch_arguments,
    child_main,
    refuse_real_database,
    report,
    run_child,
    say,
    scratch_database,
)

PG_SCRATCH_NAME = "isenim_bench_backup"
RESULT_KEYS = ("persons", "files", "database", "archive_mb", "backup_s", "verify_s", "restore_s")
BenchError = ScratchError


def add_arguments(parser) -> None:
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=5_000, help="Vault files to write (5,000).")
    parser.add_argument("--file-kb", type=int, default=200, help="Size of each vault file in KiB (200).")
    parser.add_argument("--seed", type=int, default=2026)
    add_scratch_arguments(parser, pg_name=PG_SCRATCH_NAME, file_pattern="bench-backup.sqlite3")


def handle(options: dict, stdout, stderr) -> dict:
    from isenim.core.crypto import new_key_entry

    source_url, where, prepare, cleanup = scratch_database(
        options, file_stem="bench-backup", pg_name=PG_SCRATCH_NAME
    )
    target_url, target_where, prepare_target, cleanup_target = scratch_database(
        options, file_stem="bench-backup-restore", pg_name=PG_SCRATCH_NAME + "_restore"
    )
    refuse_real_database(source_url)
    refuse_real_database(target_url)
    prepare()
    prepare_target()
    stderr.write(f"Scratch databases: {where}; restored into {target_where}\n")
    data_key = _data_key(options, "bench-backup", False)
    backup_key = new_key_entry("benchb")
    with tempfile.TemporaryDirectory(
        prefix="isenim-bench-backup-", dir=options["scratch_dir"] or None
    ) as tmp:
        folder = Path(tmp)
        os.environ["ISENIM_VAULT_DIR"] = str(folder / "vault")
        os.environ["ISENIM_BACKUP_KEY"] = backup_key
        try:
            config = {k: options[k] for k in ("people", "files", "file_kb", "seed")}
            config["archive"] = str(folder / "bench.backup")
            result = run_child("bench.backup", config, source_url, data_key, stderr)
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "isenim.settings",
                "DEBUG": "false",
                "SECRET_KEY": "bench-only-" + os.urandom(24).hex(),
                "ALLOWED_HOSTS": "localhost",
                "ISENIM_DATA_KEYS": data_key,
                "DATABASE_URL": target_url,
                "ISENIM_VAULT_DIR": str(folder / "restored-vault"),
                "LOG_LEVEL": "WARNING",
            }
            started = time.perf_counter()
            done = subprocess.run(  # noqa: S603 (our own command)
                [str(Path(sys.executable).parent / "isenim"), "restore", config["archive"]],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            result["restore_s"] = round(time.perf_counter() - started, 1)
            if done.returncode:
                raise BenchError(f"restore failed: {done.stderr[-2000:]}")
            restored = len(list((folder / "restored-vault").iterdir()))
            if restored != options["files"]:
                raise BenchError(f"restored {restored} vault files, not {options['files']}")
        finally:
            os.environ.pop("ISENIM_VAULT_DIR", None)
            os.environ.pop("ISENIM_BACKUP_KEY", None)
            if not options["keep"]:
                cleanup()
                cleanup_target()
    result.update(persons=options["people"], files=options["files"], database=options["database"])
    report(result, options, format_table=format_table, result_keys=RESULT_KEYS, stdout=stdout, stderr=stderr)
    return result


def format_table(r: dict) -> str:
    return (
        f"bench backup: {r['persons']:,} people, {r['files']:,} vault files, {r['database']}\n"
        f"  archive {r['archive_mb']} MB; backup {r['backup_s']} s (goal 300), verify {r['verify_s']} s, "
        f"restore {r['restore_s']} s (goal 600)\n"
    )


def run(config: dict) -> dict:
    import random

    from django.conf import settings
    from django.core.management import call_command

    from bench.cases import make_people
    from isenim.core import backup, vault_files
    from isenim.geo.models import AdminUnit
    from isenim.geo.services import reference_load

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    reference_load(actor=None)
    rng = random.Random(config["seed"])
    started = time.perf_counter()
    districts = list(AdminUnit.objects.filter(level__in=["district", "city"]).values_list("pk", flat=True))
    make_people(config["people"], rng, districts)
    size = config["file_kb"] * 1024
    for number in range(config["files"]):
        vault_files.store(os.urandom(size), context="bench.file")
        if (number + 1) % 1000 == 0:
            say(f"  vault files {number + 1:,}/{config['files']:,}")
    say(f"Made the data in {time.perf_counter() - started:.0f} s; backing up")
    archive = Path(config["archive"])
    started = time.perf_counter()
    backup.backup(archive, vault=Path(settings.ISENIM_VAULT_DIR))
    backup_s = time.perf_counter() - started
    started = time.perf_counter()
    backup.verify(archive)
    verify_s = time.perf_counter() - started
    say(f"Backed up in {backup_s:.1f} s, verified in {verify_s:.1f} s; restoring")
    return {
        "archive_mb": round(archive.stat().st_size / 1e6, 1),
        "backup_s": round(backup_s, 1),
        "verify_s": round(verify_s, 1),
        "details": {"cpus": os.cpu_count()},
    }


if __name__ == "__main__":
    child_main(run, sys.argv[1:])
