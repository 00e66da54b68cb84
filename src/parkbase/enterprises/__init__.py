"""Enterprises: the registry, yearly data, monthly returns and industry codes.

It has every file of an app (models, choices, filtersets, forms, tables, views, urls,
services, selectors, api/, admin, templates/enterprises/) and ``engine.py`` for the
rules of a valid enterprise and year of figures; ``exports`` and ``importers`` write and read its spreadsheets."""
