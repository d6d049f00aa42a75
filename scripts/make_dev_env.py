"""Write a developer's .env with fresh keys under var/ (run once by `make run`; never used in production)."""

import base64
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"


def write_secret(path: Path, value: str) -> None:
    if not path.exists():
        path.write_text(value + "\n", encoding="utf-8")
        path.chmod(0o600)


def main() -> None:
    VAR.mkdir(exist_ok=True)
    write_secret(VAR / "dev-secret-key", secrets.token_urlsafe(50))
    write_secret(VAR / "dev-data-keys", "dev1:" + base64.urlsafe_b64encode(os.urandom(32)).decode())
    # `isenim backup` seals archives with a key of its own, never a data key (docs/deploy.md).
    write_secret(VAR / "dev-backup-key", "devb1:" + base64.urlsafe_b64encode(os.urandom(32)).decode())
    env = ROOT / ".env"
    if not env.exists():
        env.write_text(
            "# Written by `make run` for this machine only; see .env.example for every setting.\n"
            "DEBUG=true\n"
            f"SECRET_KEY_FILE={VAR / 'dev-secret-key'}\n"
            f"ISENIM_DATA_KEYS_FILE={VAR / 'dev-data-keys'}\n"
            f"ISENIM_BACKUP_KEY_FILE={VAR / 'dev-backup-key'}\n",
            encoding="utf-8",
        )
        print(f"Wrote {env} and development keys in {VAR}/")
    elif "ISENIM_BACKUP_KEY" not in env.read_text(encoding="utf-8"):
        with env.open("a", encoding="utf-8") as handle:  # a .env from before backups existed
            handle.write(f"ISENIM_BACKUP_KEY_FILE={VAR / 'dev-backup-key'}\n")
        print(f"Added a development backup key to {env}")


if __name__ == "__main__":
    main()
