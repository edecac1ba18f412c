"""The one exception type the CLI turns into a one-line message instead of a traceback."""


class BitextError(Exception):
    """A problem with the user's input, config or environment, stated in one line."""
