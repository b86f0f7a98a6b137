#!/usr/bin/env bash
# The quick-start demo: installs what is missing, builds edgecert, and runs it on manifests/examples/.
# Each step is a function so later stages (emulator, plan, apply, the daemon) are added as new steps.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BUILD_DIR="${EDGECERT_BUILD_DIR:-build}"
EDGECERT="$BUILD_DIR/daemon/edgecert"
MANIFESTS="manifests/examples"

step() { printf '\n== %s\n' "$*"; }

install_dependencies() {
  step "install what is missing"
  bash scripts/deps.sh
}

build() {
  step "build ($BUILD_DIR)"
  export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}" CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1
  bash scripts/build.sh "$BUILD_DIR"
}

validate_manifests() {
  step "edgecert validate $MANIFESTS"
  "$EDGECERT" validate "$MANIFESTS"
}

install_dependencies
build
validate_manifests
