"""How soon an appeal must be acted on: two small rules, in working days (Monday to Friday).

- **An owner the day it arrives.** An appeal nobody is assigned to is overdue once a working day on which
  it was already at the centre has ended (a presumed victim: once the day it arrived has ended, weekend or
  not). Triage is a daily task, not a deadline of days.
- **An outcome by its due date.** A presumed victim is due the day the appeal was received; any other
  appeal ``working_days`` working days after it (the director sets the number: ``AppealSettings``).

Public holidays are not known to the system: they count as working days. See docs/appeals.md.
"""

from datetime import date, timedelta

SATURDAY = 5  # date.weekday(): Monday is 0; Saturday and Sunday are not working days


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY


def add_working_days(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself when ``count`` is 0)."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def due_date(received_on: date, *, presumed_victim: bool, working_days: int) -> date:
    """The day an appeal's outcome is due."""
    if presumed_victim:
        return received_on
    return add_working_days(received_on, working_days)


def last_working_day_before(today: date) -> date:
    day = today - timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def owner_overdue_if_received_by(today: date) -> date:
    """An appeal still without an owner today is overdue if it was received on or before this day."""
    return last_working_day_before(today)
