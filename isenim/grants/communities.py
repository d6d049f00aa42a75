"""The state-grant project's communities (seed ¶7): Moynaq district's 5 mahalla citizens' assemblies (МПЖ)
and 6 village citizens' assemblies (АПЖ), by their codes in the shipped reference data
(``geo/data/admin_units.json``, the departmental classifier's prefix 2305 = Moynaq district).

The reference data lists 12 assemblies in Moynaq district: 5 mahallas and 7 villages. The seed names the
six villages where meetings were held and says the project has six, so Қызылжар (23050006), the seventh
village, is not a target; the two mahallas it does not name — Арал (23050001) and Жайҳун (23050004) — are
the two not reached yet ("9 of 11").
"""

MOYNAQ_DISTRICT = "1735222"
# The 5 МПЖ.
STATE_GRANT_MAHALLAS = ["23050001", "23050003", "23050004", "23050008", "23050009"]
# The 6 АПЖ.
STATE_GRANT_VILLAGES = ["23050002", "23050005", "23050007", "23050010", "23050011", "23050012"]
STATE_GRANT_ASSEMBLIES = STATE_GRANT_MAHALLAS + STATE_GRANT_VILLAGES
# Where meetings were held (seed ¶7): Таллы-өзек, Мойнақ, Дослық (МПЖ); Бозатаў, Қазақдәрья, Ҳәким ата,
# Үшсай, Мәдели, Тик-өзек (АПЖ).
STATE_GRANT_MET = [
    "23050009",
    "23050008",
    "23050003",
    "23050002",
    "23050005",
    "23050012",
    "23050011",
    "23050007",
    "23050010",
]
# Not reached yet: Арал and Жайҳун.
STATE_GRANT_MISSING = ["23050001", "23050004"]
# In Moynaq district but not a target of the project.
OUTSIDE_VILLAGE = "23050006"  # Қызылжар
