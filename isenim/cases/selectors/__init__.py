"""Every read of the case file, starting from core.access.cases_for so a user only ever gets the cases of
their teams (the director: every case). Missing and forbidden are the same 404."""
