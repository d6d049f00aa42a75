"""Pages of the guide: staff pages, the public pages, and consultations on a case."""
