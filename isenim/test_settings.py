"""Settings for the test suite: the real settings with throwaway keys and a fast password hasher.

The keys below protect nothing: they exist only so tests can run without a developer's var/ keys.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("ISENIM_DATA_KEYS", "t1:" + "A" * 43 + "=")
os.environ.setdefault("ISENIM_SECURE_COOKIES", "false")
os.environ.setdefault("TASKS_IMMEDIATE", "true")

from isenim.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests that are not about hashing use MD5 to keep the suite fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
