"""Heard as ``heard serve`` runs it, except that its own Telegram pacing is off (so is the fake's).

Settings come from ``HEARD_*`` variables, exactly as for ``heard serve``. With
``BENCH_PROFILE=FILE`` the server runs under cProfile and writes its stats to
FILE when it stops (``run.py --profile``). ``BENCH_WORKER_CONCURRENCY`` and
``BENCH_WORKER_BATCH`` override the inbox worker's defaults, to compare settings.

    python bench/webhook/heard_server.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from aiohttp import web

from bot.app import init_app
from bot.logs import configure_logging
from bot.settings import Settings
from bot.telegram import TELEGRAM, TelegramOptions
from bot.workers import SenderOptions, SendLimits, WorkerOptions

UNPACED = TelegramOptions(
    sender=SenderOptions(limits=SendLimits(overall_per_second=0, chat_per_second=0), in_hand=1000),
    worker=WorkerOptions(
        concurrency=int(os.environ.get("BENCH_WORKER_CONCURRENCY", WorkerOptions.concurrency)),
        batch=int(os.environ.get("BENCH_WORKER_BATCH", WorkerOptions.batch)),
    ),
)


def main() -> None:
    configure_logging("WARNING")
    settings = Settings.from_env()
    app = init_app(settings)
    app[TELEGRAM].options = UNPACED
    web.run_app(app, host=settings.host, port=settings.port, print=None, access_log=None)


if __name__ == "__main__":
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        cProfile.run("main()", os.environ["BENCH_PROFILE"])
    else:
        main()
