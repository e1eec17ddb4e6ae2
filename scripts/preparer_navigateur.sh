#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright (Playwright's own browser
# download is not used). Installs the `chromium` package when it is missing and we may.
set -euo pipefail
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installation du paquet Debian chromium pour les tests dans le navigateur…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq >/dev/null && sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
else
  echo "Chromium est introuvable ($CHROMIUM) : installez le paquet Debian « chromium » (apt-get install chromium)," >&2
  echo "ou indiquez son chemin dans la variable CHROMIUM_PATH." >&2
  exit 1
fi
