"""Evaluation: per-mu schemes, runs and results, objections, class policies,
redevelopment decisions and compliance records.

It has every file of an app (models, choices, filtersets, forms, tables, views/, urls,
services/, selectors, api/, admin, templates/evaluation/) and the ``engine/`` package
(numpy); ``scheme``, ``population`` and ``store`` read schemes and figures for it and
write its results."""
