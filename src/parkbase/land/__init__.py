"""Land: parcels, quotas and approvals, buildings and their units, geometry.

It has every file of an app (models, choices, filtersets, forms, tables, views/, urls,
services/, selectors, api/, admin, templates/land/) and ``engine.py`` for the land
rules (idle land, areas); ``sheets`` writes the investors' one-page sheets."""
