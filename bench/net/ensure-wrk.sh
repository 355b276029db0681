#!/usr/bin/env bash
# Makes sure the HTTP load generator wrk is installed (Debian package 'wrk'); says what it does.
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
  echo "wrk: $(command -v wrk) is installed"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 && SUDO=sudo || { echo "wrk is missing and this is not root (no sudo): install the Debian package 'wrk'" >&2; exit 1; }
fi
echo "wrk is missing: installing the Debian package 'wrk' (apt-get update && apt-get install -y wrk)"
$SUDO apt-get update -q
$SUDO apt-get install -y -q wrk
command -v wrk >/dev/null 2>&1 || { echo "installing wrk failed: install the Debian package 'wrk' by hand" >&2; exit 1; }
echo "wrk: installed $(command -v wrk)"
