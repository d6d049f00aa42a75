from isenim.accounts.management.commands import _create_ready
from isenim.core.access import Role


class Command(_create_ready.Command):
    help = "Create a director's account, ready at once; prints a one-time code for its owner."
    role = Role.DIRECTOR
