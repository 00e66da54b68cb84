"""Surveys: campaigns, teams, assignments, visits and concerns.

It has every file of an app (models, choices, filtersets, forms, tables, views/, urls,
services/, selectors, api/, admin, templates/surveys/) and ``engine.py`` for the survey
desk's rules (teams, changes since last year, flags); ``messages`` words the flags."""
