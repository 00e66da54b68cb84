"""Background tasks (huey). Tasks take IDs, call a service and record progress;
the imports, evaluation runs and report builds of later modules live here."""
