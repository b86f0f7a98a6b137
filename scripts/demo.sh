#!/usr/bin/env bash
# The quick-start demo: installs what is missing, builds edgecert, and runs it on manifests/examples/.
# Each step is a function so later stages (emulator, plan, apply, the daemon) are added as new steps.
# It ends by itself: every wait is bounded.
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
  step "build the edgecert binary ($BUILD_DIR)"
  export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}" CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1
  # Only what the demo runs: tests and benchmarks are built by scripts/test.sh and CI. Release: the
  # demo's binary needs no debug info, which costs about a quarter of the compile time.
  EDGECERT_TARGETS=edgecert bash scripts/build.sh "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
}

validate_manifests() {
  step "edgecert validate $MANIFESTS"
  "$EDGECERT" validate "$MANIFESTS"
}

# The emulator runs in the background on a free port with a fast clock; the trap stops it on any exit.
EMULATOR_PID=""
RUN_PID=""
DEMO_DIR=""
stop_emulator() {
  if [[ -n "$RUN_PID" ]]; then kill "$RUN_PID" 2>/dev/null || true; wait "$RUN_PID" 2>/dev/null || true; fi
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

# `edgecert status` against the running daemon: the summary and the rows, indented.
status_lines() {
  "$EDGECERT" status --server "$OPS_URL" | grep -E '^(edgecert |desired state|[0-9]+ objects|[A-Z][A-Za-z]+ +[a-z])' | sed 's/^/   /'
}
summary_line() { "$EDGECERT" status --server "$OPS_URL" 2>/dev/null | grep -E '^[0-9]+ objects' || true; }
all_ready() { summary_line | grep -qE '^([0-9]+) objects: \1 Ready$'; }
desired_hash() { "$EDGECERT" status --server "$OPS_URL" 2>/dev/null | sed -n 's/^desired state: \(sha256:[0-9a-f]*\).*/\1/p'; }

# Prints the summary line each time it changes until every object is Ready (bounded).
follow_until_ready() {
  local last="" line
  for _ in $(seq 1 "$1"); do
    line="$(summary_line)"
    if [[ "$line" != "$last" ]]; then echo "   $(date +%T) $line"; last="$line"; fi
    all_ready && return 0
    sleep 0.5
  done
  echo "not every object is Ready after $(( $1 / 2 )) s:"; status_lines; return 1
}

run_daemon() {
  step "edgecert run $MANIFESTS (the controller, in the background; emulator clock 200x)"
  "$EDGECERT" run "$MANIFESTS" --state-dir "$DEMO_DIR/state" --listen 127.0.0.1:0 --poll 1s --resync 30s \
    >"$DEMO_DIR/run.log" 2>&1 &
  RUN_PID=$!
  OPS_URL=""
  for _ in $(seq 1 100); do
    OPS_URL="$(grep -o 'operator endpoints on http://[0-9.:]*' "$DEMO_DIR/run.log" | grep -o 'http://.*' || true)"
    [[ -n "$OPS_URL" ]] && break
    sleep 0.1
  done
  [[ -n "$OPS_URL" ]] || { echo "edgecert run did not start"; cat "$DEMO_DIR/run.log"; exit 1; }
  echo "operator endpoints on $OPS_URL (/metrics /healthz /readyz /status)"
  for _ in $(seq 1 100); do curl -fsS "$OPS_URL/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  follow_until_ready 120
  status_lines
}

edit_live() {
  step "edit a manifest while it runs: www-example-com gains shop.example.com"
  local before
  before="$(desired_hash)"
  sed -i 's/hosts: \[example.com, www.example.com\]/hosts: [example.com, www.example.com, shop.example.com]/' \
    "$MANIFESTS/example.com/certificate-packs.yaml"
  local start=$SECONDS
  for _ in $(seq 1 100); do [[ "$(desired_hash)" != "$before" ]] && break; sleep 0.1; done
  [[ "$(desired_hash)" != "$before" ]] || { echo "the edit was not picked up"; exit 1; }
  echo "   picked up within $((SECONDS - start)) s (inotify, no signal): a new pack replaces the old one"
  follow_until_ready 120
  status_lines | grep -E 'www-example-com|objects'
  curl -fsS "$OPS_URL/metrics" | grep -E '^edgecert_certificate_pack_status\{name="www-example-com"' | sed 's/^/   /'
}

stop_daemon() {
  step "SIGTERM: a clean stop"
  kill -TERM "$RUN_PID"
  local rc=""
  for _ in $(seq 1 300); do
    if ! kill -0 "$RUN_PID" 2>/dev/null; then wait "$RUN_PID" && rc=0 || rc=$?; break; fi
    sleep 0.1
  done
  RUN_PID=""
  [[ "$rc" == "0" ]] || { echo "edgecert run did not exit 0 (${rc:-still running})"; tail -5 "$DEMO_DIR/run.log"; exit 1; }
  grep -E 'stopping|stopped' "$DEMO_DIR/run.log" | sed 's/^/   /'
  echo "   exit 0"
}

install_dependencies
build
validate_manifests
start_emulator
plan_examples
apply_examples
replan_examples
run_daemon
edit_live
stop_daemon
step "done"
