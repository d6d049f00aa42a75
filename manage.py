#!/usr/bin/env python
"""Django's command-line utility for Isenim (the ``isenim`` command does the same)."""

from isenim.__main__ import main

if __name__ == "__main__":
    main()
