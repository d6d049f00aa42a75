"""Pages of return home and document restoration; each registers its section of the case page."""
