"""The `heard` command line: one module per subcommand, discovered at start-up.

Each module in this package that does not start with an underscore exposes
``register(subparsers)``; it adds its parser and sets ``func`` to a callable
``(args) -> int``. Modules keep heavy imports (spaCy, SQLAlchemy, PTB) inside
their functions so that ``heard --help`` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from bot.cli._errors import UserError, report_bug

__all__ = ["UserError", "build_parser", "main", "version_line"]


def version_line() -> str:
    """Return what a bug report needs: Heard's version, Python's and the platform's."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    try:
        heard = version("heard")
    except PackageNotFoundError:  # running from a source tree that was never installed
        heard = "unknown"
    return f"heard {heard} (Python {platform.python_version()} on {platform.system()} {platform.machine()})"


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level parser with every discovered subcommand attached."""
    parser = argparse.ArgumentParser(
        prog="heard",
        description=(
            "Heard: safe, anonymous feedback from children in care and care leavers, "
            "turned into evidence for the Corporate Parenting Board."
        ),
        epilog="Run 'heard COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=version_line())
    parser.add_argument(
        "--debug",
        action="store_true",
        help="if the command fails with a bug, write its traceback to the log (stderr)",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    package = sys.modules[__name__]
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status.

    A mistake the person can fix is one readable line and status 2. Anything
    else is a bug in Heard: one line saying so, a hint on how to report it,
    and status 70; the traceback goes to the log only with ``--debug``.
    """
    from bot.logs import configure_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging("WARNING", plain=True, tracebacks=args.debug)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except UserError as exc:
        print(f"heard: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("heard: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        return report_bug(exc, debug=args.debug)
