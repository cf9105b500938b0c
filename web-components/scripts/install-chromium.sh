#!/usr/bin/env bash
# Installs Debian's Chromium for the widget browser tests when it is missing (CI, fresh machines).
# playwright-core drives it; no browser is ever downloaded by npm or playwright.
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
