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
    env = ROOT / ".env"
    if not env.exists():
        env.write_text(
            "# Written by `make run` for this machine only; see .env.example for every setting.\n"
            "DEBUG=true\n"
            f"SECRET_KEY_FILE={VAR / 'dev-secret-key'}\n"
            f"ISENIM_DATA_KEYS_FILE={VAR / 'dev-data-keys'}\n",
            encoding="utf-8",
        )
        print(f"Wrote {env} and development keys in {VAR}/")


if __name__ == "__main__":
    main()
