"""Pages of the insights app, one module per subject (analysis, saved views; dashboards and campaign
comparison in their own modules)."""
