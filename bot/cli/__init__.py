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

from bot.cli._errors import UserError

__all__ = ["UserError", "build_parser", "main"]


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
    """Run the CLI; user mistakes become one readable line and exit status 2."""
    from bot.logs import configure_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging("WARNING", plain=True)
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
