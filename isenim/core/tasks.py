"""Background work of core, run by the task worker."""

from django_tasks import task


@task()
def forget_form_tokens() -> None:
    """One-time form tokens (core.once) older than two days are deleted: a form that old is not resent."""
    from isenim.core.once import forget_old_tokens

    forget_old_tokens()
