#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the report's browser test
# (test/report/browser.test.ts drives it with playwright-core; no browser download from the internet).
# Idempotent: does nothing when it is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "Chromium is installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

echo "no /usr/bin/chromium: installing Debian's chromium with apt"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null

if [ ! -x /usr/bin/chromium ]; then
  echo "apt installed chromium but /usr/bin/chromium is missing" >&2
  exit 1
fi
echo "Chromium installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
