"""Work as people ask about it: the work activity that fits each job, and the words for "my work".

A patient asks "can I work?" about their own job; a desk worker's daily screen
has no use for the manual-work milestone. Both come from this one table.
"""

from __future__ import annotations

WORK_ACTIVITY_OF_JOB = {"desk": "work-desk", "light": "work-light", "manual": "work-manual", "heavy": "work-manual"}
"""The activity that answers "can I go back to work?" for each job (`--job`)."""

WORK_ACTIVITIES = frozenset(WORK_ACTIVITY_OF_JOB.values())

WORK_WORDS = frozenset(
    {
        "work",
        "job",
        "my-job",
        "working",
        "return-to-work",
        "back-to-work",
        "go-back-to-work",
        "trabajo",
        "trabajar",
        "mi-trabajo",
        "volver-al-trabajo",
        "volver-a-trabajar",
    }
)
"""Names (matched as typed names are: any case, spaces as '-', accents ignored) that mean "my own work"."""


def work_activity(job: str | None) -> str | None:
    """The work activity for `job`, or None when the job is not known."""
    return WORK_ACTIVITY_OF_JOB.get(job) if job else None


def other_jobs_work(job: str | None) -> frozenset[str]:
    """The work activities that are not the patient's own job (none when the job is not known)."""
    own = work_activity(job)
    return WORK_ACTIVITIES - {own} if own else frozenset()
