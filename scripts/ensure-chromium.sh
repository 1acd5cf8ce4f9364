#!/usr/bin/env bash
# The browser tests drive Debian's chromium (browsers cannot be downloaded by npm packages here).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian chromium for the browser tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium is missing. Install it first, e.g.: sudo apt-get install -y chromium" >&2
  exit 1
fi
