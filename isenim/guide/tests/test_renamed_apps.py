"""An install made before the apps were renamed ('migration' → 'guide', 'support' → 'returns') migrates
without moving data: its tables are the new apps' tables, and Django's records follow (docs/decisions.md)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

OLD_LABELS = {"guide": "migration", "returns": "support"}


def _isenim(database: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "isenim.test_settings",
    }
    return subprocess.run(
        [sys.executable, "-m", "isenim", *args], env=env, capture_output=True, text=True, timeout=300
    )


def _as_before_the_rename(database: Path) -> None:
    """Rewrite Django's records as an install of the former apps had them."""
    with sqlite3.connect(database) as db:
        db.execute("DELETE FROM django_migrations WHERE app = 'guide' AND name <> '0001_initial'")
        for new, old in OLD_LABELS.items():
            db.execute("UPDATE django_migrations SET app = ? WHERE app = ?", (old, new))
        db.execute("UPDATE django_content_type SET app_label = 'migration' WHERE app_label = 'guide'")
        db.execute("UPDATE django_content_type SET app_label = 'support' WHERE app_label = 'returns'")
        db.execute(
            "UPDATE django_content_type SET app_label = 'support' WHERE app_label = 'migration' "
            "AND model = 'consultation'"
        )
        db.execute(
            "INSERT INTO geo_country (name_kaa, name_kaa_latn, name_uz, name_uz_cyrl, name_ru, name_en, "
            "source, "
            "verified, corrected_by_staff, iso2, iso3, numeric) "
            "VALUES ('Қазақстан', '', '', '', '', '', '', 0, 0, 'KZ', 'KAZ', '398')"
        )
        db.execute(
            'INSERT INTO migration_destination (country_id, "order", active) '
            "SELECT id, 7, 1 FROM geo_country WHERE iso2 = 'KZ'"
        )


def test_it_migrates_an_install_of_the_former_apps_without_touching_their_tables(tmp_path):
    database = tmp_path / "before.sqlite3"
    assert _isenim(database, "migrate", "--no-input").returncode == 0
    _as_before_the_rename(database)

    result = _isenim(database, "migrate", "--no-input")

    assert result.returncode == 0, result.stderr
    assert "Applying guide.0002_content_types_of_renamed_apps... OK" in result.stdout
    assert "guide.0001" not in result.stdout  # its tables exist: it is taken as applied, not run again
    with sqlite3.connect(database) as db:
        labels = {row[0] for row in db.execute("SELECT DISTINCT app_label FROM django_content_type")}
        consultation = db.execute("SELECT app_label FROM django_content_type WHERE model = 'consultation'")
        kept = db.execute('SELECT "order" FROM migration_destination').fetchall()
    assert {"guide", "returns"} <= labels
    assert not labels & {"migration", "support"}
    assert consultation.fetchone() == ("guide",)
    assert kept == [(7,)]
