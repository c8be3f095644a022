"""Errors the CLI reports as one line instead of a traceback."""


class UserError(Exception):
    """A mistake the person running the command can fix; the message says how."""
