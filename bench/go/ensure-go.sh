#!/usr/bin/env bash
# Makes sure a Go toolchain is on PATH for the bench's go reference implementation (bench/go).
# Prints what it does. When `go` is missing it installs Debian's golang-go with apt-get
# (apt-get update first), which needs root; it exits non-zero with a message when it cannot.
#   bench/go/ensure-go.sh          check, install if missing
#   bench/go/ensure-go.sh --check  check only (exit 1 when missing), install nothing
set -euo pipefail

say() { echo "ensure-go: $*" >&2; }

if command -v go >/dev/null 2>&1; then
  say "found $(go version 2>/dev/null || echo "go at $(command -v go)") at $(command -v go)"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  say "no go toolchain on PATH (the bench's go implementation will be skipped)"
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  say "no go toolchain on PATH and no apt-get to install one."
  say "Install Go 1.19 or newer (https://go.dev/doc/install) and put 'go' on PATH; the bench skips 'go' until then."
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  say "no go toolchain on PATH; installing Debian's golang-go needs root."
  say "Run as root: apt-get update && apt-get install -y golang-go   (the bench skips 'go' until then)"
  exit 1
fi
say "no go toolchain on PATH: installing Debian's golang-go (apt-get update, then apt-get install -y golang-go)"
if ! apt-get update -q >&2; then
  say "apt-get update failed; cannot install golang-go (the bench skips 'go')"
  exit 1
fi
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q golang-go >&2; then
  say "apt-get install golang-go failed (the bench skips 'go')"
  exit 1
fi
if ! command -v go >/dev/null 2>&1; then
  say "golang-go installed but 'go' is still not on PATH"
  exit 1
fi
say "installed $(go version)"
