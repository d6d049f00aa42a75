"""Models of the reintegration app."""
