"""Background tasks (huey). Tasks take IDs, call a service and record progress on
the object they work for; they are enqueued on commit by the services."""

from huey.contrib.djhuey import db_task


@db_task()
def run_import_job(job_id: int, phase: str) -> None:
    from parkbase.imports.services import import_job_execute

    import_job_execute(job_id, phase)
