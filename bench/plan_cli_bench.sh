#!/usr/bin/env bash
# plan_cli_bench: `edgecert plan` of 10,000 certificate packs over 100 zones end to end from the command
# line (load, validate, plan, JSON output) against an `edgecert emulator` holding none of them, so the
# plan is 10,000 creates. Prints user+sys CPU and peak RSS of the plan process (GNU time), RUNS times.
# Usage: bench/plan_cli_bench.sh [BUILD_DIR] [RUNS]
set -euo pipefail
BUILD_DIR="${1:-build}"
RUNS="${2:-3}"
EDGECERT="$(cd "$BUILD_DIR" && pwd)/daemon/edgecert"
ZONES=100
PACKS_PER_ZONE=100
WORK="$(mktemp -d)"
EMULATOR_PID=""
cleanup() {
  if [[ -n "$EMULATOR_PID" ]]; then kill "$EMULATOR_PID" 2>/dev/null || true; wait "$EMULATOR_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/manifests"
{
  echo "accounts:"
  echo "  - name: Bench"
  echo "zones:"
  for ((z = 0; z < ZONES; z++)); do echo "  - {name: zone$z.example, account: Bench, advanced_pack_quota: 1000}"; done
  echo "rate_limit: {requests: 0, window_seconds: 300}"
  echo "credentials:"
  echo "  - {name: bench, token: edgecert-emulator-edit-token, permission: edit, accounts: [\"*\"], zones: [\"*\"]}"
} >"$WORK/emulator.yaml"
{
  printf 'apiVersion: edgecert.dev/v1\nkind: Account\nmetadata: {name: bench}\nspec: {name: Bench}\n'
  for ((z = 0; z < ZONES; z++)); do
    printf -- '---\napiVersion: edgecert.dev/v1\nkind: Zone\nmetadata: {name: z%d}\nspec: {name: zone%d.example, account: bench}\n' "$z" "$z"
  done
} >"$WORK/manifests/scopes.yaml"
for ((z = 0; z < ZONES; z++)); do
  for ((p = 0; p < PACKS_PER_ZONE; p++)); do
    printf -- '---\napiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata: {name: z%d-p%d}\nspec:\n  zone: z%d\n  hosts: [zone%d.example, "p%d.zone%d.example"]\n  certificateAuthority: lets_encrypt\n  validityDays: 90\n  validationMethod: txt\n' \
      "$z" "$p" "$z" "$z" "$p" "$z"
  done >"$WORK/manifests/zone$z.yaml"
done

"$EDGECERT" emulator --listen 127.0.0.1:0 --config "$WORK/emulator.yaml" >"$WORK/emulator.out" 2>&1 &
EMULATOR_PID=$!
API_URL=""
for _ in $(seq 1 100); do
  API_URL="$(grep -o 'http://[0-9.:]*/client/v4' "$WORK/emulator.out" || true)"
  [[ -n "$API_URL" ]] && break
  sleep 0.1
done
[[ -n "$API_URL" ]] || { echo "the emulator did not start"; cat "$WORK/emulator.out"; exit 1; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= RUNS; r++)); do
  CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token /usr/bin/time -f '%U %S %M %e' -o "$WORK/time" \
    "$EDGECERT" plan "$WORK/manifests" --api-url "$API_URL" --state-dir "$WORK/state" -o json >"$WORK/plan.json"
  read -r user sys rss wall <"$WORK/time"
  creates=$(grep -o '"action": *"create"' "$WORK/plan.json" | wc -l)
  printf 'run %d: CPU %.2f s (user %.2f + sys %.2f), peak RSS %.1f MiB, wall %.2f s, %d creates, %d bytes of JSON\n' \
    "$r" "$(echo "$user + $sys" | bc)" "$user" "$sys" "$(echo "$rss / 1024" | bc -l)" "$wall" "$creates" \
    "$(stat -c %s "$WORK/plan.json")"
done
