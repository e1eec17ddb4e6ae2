#!/usr/bin/env bash
# Fuzz the partner API against its own OpenAPI schema (schemathesis, in-process WSGI, on a
# small data set): no server error, no schema violation. FUZZ_EXEMPLES examples per
# operation (default 25, ~30 s on 2 cores; raise it for a deeper run, e.g. 200).
#   scripts/fuzz_api.sh            # uses DATABASE_URL if set, else the embedded PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/pytest -p no:randomly -q -p no:cacheprovider api/tests/test_fuzz.py "$@"
