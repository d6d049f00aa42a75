# Karakalpak in Latin script uses the same formats as in Cyrillic.
from isenim.formats.kaa.formats import *  # noqa: F403
