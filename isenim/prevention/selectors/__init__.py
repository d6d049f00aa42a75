"""Reads of the prevention app, by subject (campaigns, stock, actions, dashboard)."""
