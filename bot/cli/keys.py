"""`heard keys`: make fresh keys, and re-seal stored data under the newest key."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "keys",
        help="generate keys or rotate the encryption key",
        description="Manage Heard's secret keys.",
    )
    sub = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    gen = sub.add_parser(
        "generate",
        help="print fresh keys as environment variable lines",
        description="Print a fresh Fernet key, pseudonym key and webhook secret.",
    )
    gen.set_defaults(func=generate)
    rot = sub.add_parser(
        "rotate",
        help="re-seal every sealed value under the first key in HEARD_SECRET_KEYS",
        description=(
            "Re-encrypt every sealed column under the first key of HEARD_SECRET_KEYS. "
            "Put the new key first, keep the old ones after it, run this, then remove the "
            "old keys. Works in batches; safe to interrupt and run again."
        ),
    )
    rot.add_argument("--batch-size", type=int, default=500, help="rows per transaction")
    rot.add_argument("--quiet", action="store_true", help="no progress bar")
    rot.set_defaults(func=rotate)


def generate(_args: argparse.Namespace) -> int:
    import secrets

    from feedback.crypto import generate_fernet_key, generate_pseudonym_key

    print("# Keep these in your secret store. Losing HEARD_SECRET_KEYS loses sealed data.")
    print(f"HEARD_SECRET_KEYS={generate_fernet_key()}")
    print(f"HEARD_PSEUDONYM_KEY={generate_pseudonym_key()}")
    print(f"HEARD_WEBHOOK_SECRET={secrets.token_urlsafe(32)}")
    return 0


def rotate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from bot.cli._context import load_settings, open_database
    from bot.cli._context import run as run_async
    from bot.cli._errors import UserError
    from feedback.crypto import Sealer, UnsealableError
    from feedback.rotation import RotationProgress, rotate_sealed

    if args.batch_size < 1:
        raise UserError("--batch-size must be at least 1")
    settings = load_settings()
    sealer = Sealer(settings.secret_keys)
    bars: dict[str, Any] = {}

    def progress(p: RotationProgress) -> None:
        if args.quiet:
            return
        bar = bars.get(p.table)
        if bar is None:
            bar = bars[p.table] = tqdm(total=p.total, desc=p.table, unit="row", file=sys.stderr)
        bar.n = p.done
        bar.refresh()
        if p.done >= p.total:
            bar.close()

    async def go() -> int:
        try:
            async with open_database(settings) as db:
                return await rotate_sealed(db, sealer, batch_size=args.batch_size, progress=progress)
        except UnsealableError as exc:
            raise UserError(
                "a sealed value cannot be opened with any key in HEARD_SECRET_KEYS; "
                "keep the old key in the list (after the new one) until rotation finishes"
            ) from exc

    changed = run_async(go)
    print(f"re-sealed {changed} value(s) under the current key")
    return 0
