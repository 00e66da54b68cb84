"""Projects: investment projects, investors, stages, activities, blockers, funding.

It has every file of an app (models/, choices, filtersets, forms/, tables, views/, urls,
services/, selectors/, api/, admin, templates/projects/; the packages grew past one
module) and ``engine.py`` for the pipeline's rules; ``importers/`` reads the project
spreadsheets."""
