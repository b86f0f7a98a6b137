#!/usr/bin/env bash
# The quick-start demo: installs what is missing, builds edgecert, and runs it on manifests/examples/.
# Each step is a function so later stages (emulator, plan, apply, the daemon) are added as new steps.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BUILD_DIR="${EDGECERT_BUILD_DIR:-build}"
EDGECERT="$BUILD_DIR/daemon/edgecert"
EXAMPLES="manifests/examples"
MANIFESTS="$EXAMPLES"  # validated in place; plan/apply work on a copy (apply writes issued files)

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

# The emulator runs in the background on a free port with a fast clock; the trap stops it on any exit.
EMULATOR_PID=""
DEMO_DIR=""
stop_emulator() {
  if [[ -n "$EMULATOR_PID" ]]; then kill "$EMULATOR_PID" 2>/dev/null || true; wait "$EMULATOR_PID" 2>/dev/null || true; fi
  if [[ -n "$DEMO_DIR" ]]; then rm -rf "$DEMO_DIR"; fi
}
trap stop_emulator EXIT

start_emulator() {
  step "edgecert emulator (free port, 200x clock)"
  DEMO_DIR="$(mktemp -d)"
  "$EDGECERT" emulator --listen 127.0.0.1:0 --time-scale 200 >"$DEMO_DIR/emulator.out" 2>&1 &
  EMULATOR_PID=$!
  for _ in $(seq 1 100); do
    API_URL="$(grep -o 'http://[0-9.:]*/client/v4' "$DEMO_DIR/emulator.out" || true)"
    [[ -n "$API_URL" ]] && break
    sleep 0.1
  done
  [[ -n "$API_URL" ]] || { echo "the emulator did not start"; cat "$DEMO_DIR/emulator.out"; exit 1; }
  echo "API at $API_URL"
  # apply writes issued certificates and CSRs next to the manifests: work on a copy, keep the repo clean.
  cp -rL "$EXAMPLES" "$DEMO_DIR/manifests"
  MANIFESTS="$DEMO_DIR/manifests"
  export EDGECERT_API_URL="$API_URL"
  export CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token  # the emulator's built-in demo token
}

plan_examples() {
  step "edgecert plan $MANIFESTS"
  local rc=0
  "$EDGECERT" plan "$MANIFESTS" --state-dir "$DEMO_DIR/state" --detailed-exitcode || rc=$?
  [[ $rc -eq 0 || $rc -eq 2 ]] || exit "$rc"
}

apply_examples() {
  step "edgecert apply $MANIFESTS --wait"
  "$EDGECERT" apply "$MANIFESTS" --state-dir "$DEMO_DIR/state" --wait --timeout 2m --poll 1s
}

replan_examples() {
  step "edgecert plan $MANIFESTS (again: nothing to change)"
  "$EDGECERT" plan "$MANIFESTS" --state-dir "$DEMO_DIR/state" --detailed-exitcode
}

install_dependencies
build
validate_manifests
start_emulator
plan_examples
apply_examples
replan_examples
step "done"
