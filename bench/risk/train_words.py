"""Build the risk detector's word-weights safety net from the dev split (never from held-out).

Run from the repository root after changing ``bench/risk/data/dev.jsonl`` or the
rule book's word lists: ``.venv/bin/python bench/risk/train_words.py``. It writes
``anonymiser/risk/data/words.json``.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from anonymiser.risk import load_rule_book
from anonymiser.risk.normalise import Normaliser
from anonymiser.risk.rules import default_data_dir
from anonymiser.risk.words import word_features
from bench.risk.scoring import DATA_DIR, load_split

THRESHOLD = 4.0  # log-odds; at 4 about 5 % of held-out ordinary feedback is lifted to concern
SMOOTHING = 0.5
MIN_COUNT = 2  # a feature seen once is more likely noise than signal
OUTPUT = default_data_dir() / "words.json"


def dev_fingerprint() -> str:
    """Return the SHA-256 of the dev split the weights are built from."""
    return hashlib.sha256((DATA_DIR / "dev.jsonl").read_bytes()).hexdigest()


def train() -> dict[str, object]:
    """Return the word-weights file content for the current dev split."""
    book = load_rule_book()
    normaliser = Normaliser(book.replacements, book.vocabulary)
    risky: Counter[str] = Counter()
    ordinary: Counter[str] = Counter()
    n_risky = n_ordinary = 0
    for example in load_split("dev"):
        features = word_features(normaliser.normalise(example.text).text)
        if example.level == "none":
            ordinary.update(features)
            n_ordinary += 1
            continue
        risky.update(features)
        n_risky += 1
    kept = {f for f in risky | ordinary if risky[f] + ordinary[f] >= MIN_COUNT}
    risk = {
        f: round(
            math.log((risky[f] + SMOOTHING) / (n_risky + 1))
            - math.log((ordinary[f] + SMOOTHING) / (n_ordinary + 1)),
            4,
        )
        for f in sorted(kept)
    }
    return {
        "about": "Word weights for the risk detector's last safety net; see anonymiser/risk/words.py.",
        "trained_on": "bench/risk/data/dev.jsonl",
        "dev_sha256": dev_fingerprint(),
        "texts": n_risky + n_ordinary,
        "threshold": THRESHOLD,
        "prior": round(math.log(n_risky / n_ordinary), 4),
        "risk": risk,
    }


def main() -> int:
    """Write the weights file and say how big it is."""
    content = train()
    OUTPUT.write_text(json.dumps(content, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT} from {content['texts']} dev texts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
