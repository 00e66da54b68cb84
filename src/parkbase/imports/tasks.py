"""Background tasks of the imports app (huey). The consumer (`parkbase run_huey`, or
the worker `parkbase serve` starts) finds them because huey's Django integration
loads the ``tasks`` module of every installed app."""

from huey.contrib.djhuey import db_task


@db_task()
def run_import_job(job_id: int, phase: str) -> None:
    """One phase of a job; ``import_job_execute`` ends the job whatever happens."""
    from parkbase.core.scoping import bypass
    from parkbase.imports.services import import_job_execute

    with bypass("background import job"):
        import_job_execute(job_id, phase)
