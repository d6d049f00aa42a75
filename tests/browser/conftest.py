"""Browser fixtures live in the root conftest.py so every app's browser tests share one Chromium."""
