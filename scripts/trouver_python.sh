#!/usr/bin/env bash
# Prints the path of a Python >= 3.12: python3.13 / python3.12 on the PATH first, then pyenv's.
# The machines' default python3 is 3.11, and pyenv shims answer "command not found" for versions
# that are installed but not selected, so every candidate is actually run before it is chosen.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for candidat in python3.13 python3.12 python3; do
  chemin=$(command -v "$candidat" 2>/dev/null) || continue
  if ok "$chemin"; then echo "$chemin"; exit 0; fi
done
racine=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for chemin in $(ls -d "$racine"/versions/3.13*/bin/python3.13 "$racine"/versions/3.12*/bin/python3.12 2>/dev/null | sort -rV); do
  if ok "$chemin"; then echo "$chemin"; exit 0; fi
done
echo "Python 3.12 ou plus récent introuvable : installez python3.13 (ou python3.12) et mettez-le dans le PATH." >&2
exit 1
