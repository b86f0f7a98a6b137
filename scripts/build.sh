#!/usr/bin/env bash
# Configures and builds one tree. Usage: scripts/build.sh BUILD_DIR [extra cmake args...]
# EDGECERT_TARGETS="edgecert ..." builds only those targets (the demo needs the binary, not the tests).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="$1"; shift
JOBS="${EDGECERT_JOBS:-$(nproc)}"
cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja "$@" >/dev/null
TARGETS=()
for target in ${EDGECERT_TARGETS:-}; do TARGETS+=(--target "$target"); done
cmake --build "$BUILD_DIR" -j "$JOBS" "${TARGETS[@]}"
