"""The project pages: ``projects`` (list, board, detail, record, move, pause, lose),
``parts`` (activities, blockers, funding, investors), ``settings`` (the pipeline) and
``analysis`` (funnel, lost projects, key projects, blockers board, tasks)."""
