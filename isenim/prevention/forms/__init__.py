"""Forms of the prevention app, by subject (campaigns, placements, materials, stock, actions)."""
