"""The settings refuse to start in production without real secrets, and read *_FILE secrets."""

import os
import subprocess
import sys

import pytest

PROBE = "import django; django.setup(); from django.conf import settings; print(settings.{name})"
BASE_ENV = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "isenim.settings"}
GOOD = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "isenim.example.uz",
    "ISENIM_DATA_KEYS": "k1:" + "A" * 43 + "=",
}


def run_settings(tmp_path, env: dict, name: str = "DEBUG"):
    full_env = {**BASE_ENV, "ISENIM_VAR_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(name=name)],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "ISENIM_DATA_KEYS"])
def test_it_refuses_to_start_without_a_production_secret_and_names_it(tmp_path, missing):
    env = {key: value for key, value in GOOD.items() if key != missing}
    result = run_settings(tmp_path, env)
    assert result.returncode != 0
    assert "will not start with DEBUG off" in result.stderr
    assert missing in result.stderr.splitlines()[-1]


def test_it_starts_with_every_production_setting(tmp_path):
    result = run_settings(tmp_path, GOOD, "PASSWORD_HASHERS[0]")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_it_reads_secrets_from_files(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("y" * 40 + "\n")
    env = {**GOOD, "SECRET_KEY_FILE": str(secret_file)}
    del env["SECRET_KEY"]
    result = run_settings(tmp_path, env, "SECRET_KEY")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "y" * 40


def test_it_defaults_to_sqlite_in_wal_mode_and_samarkand_time(tmp_path):
    result = run_settings(
        tmp_path, GOOD, "DATABASES['default']['OPTIONS']['init_command'], settings.TIME_ZONE"
    )
    assert result.returncode == 0, result.stderr
    assert "journal_mode=WAL" in result.stdout and "Asia/Samarkand" in result.stdout


def test_it_rejects_a_malformed_data_key_at_start(tmp_path):
    result = run_settings(tmp_path, {**GOOD, "ISENIM_DATA_KEYS": "k1:c2hvcnQ="})
    assert result.returncode != 0
    assert "ISENIM_DATA_KEYS key 'k1' must be 32 bytes" in result.stderr
