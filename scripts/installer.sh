#!/usr/bin/env bash
# Creates .venv with Python >= 3.12 and installs the pinned, hash-checked dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  PY=$(bash scripts/trouver_python.sh)
  echo "Création de l'environnement virtuel avec $PY"
  rm -rf .venv
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
echo "Dépendances installées dans .venv"
