#!/usr/bin/env python
"""Run every benchmark of this folder (``make bench``), each in its own process.

A benchmark is a script ``bench/<name>.py``; data generators (``generer_*.py``) and
helpers (``_*.py``) are not benchmarks. Each runs in a separate Python process so that
each one sets Django up on its own database. Arguments after ``--`` are passed to every
benchmark, e.g. ``bench/run.py -- --repetitions 10``; ``bench/run.py activite`` runs one.
"""

import subprocess
import sys
import time
from pathlib import Path

DOSSIER = Path(__file__).resolve().parent


def benchmarks() -> list[str]:
    return sorted(
        f.stem
        for f in DOSSIER.glob("*.py")
        if f.stem != "run" and not f.stem.startswith(("_", "generer"))
    )


def main() -> int:
    arguments = sys.argv[sys.argv.index("--") + 1 :] if "--" in sys.argv else []
    demandes = [a for a in sys.argv[1:] if a != "--" and a not in arguments]
    echecs = 0
    for nom in demandes or benchmarks():
        print(f"=== bench/{nom}.py ===", flush=True)
        debut = time.monotonic()
        retour = subprocess.run([sys.executable, str(DOSSIER / f"{nom}.py"), *arguments])
        echecs += retour.returncode != 0
        print(f"=== {nom} : {time.monotonic() - debut:.0f} s ===\n", flush=True)
    return 1 if echecs else 0


if __name__ == "__main__":
    sys.exit(main())
