#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds the normal and the sanitizer (ASan+UBSan)
# trees, and runs every test of both under ctest. Exit status is non-zero when anything fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/deps.sh

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Hash paths relative to the checkout, so a fresh clone elsewhere reuses the cache.
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=1
JOBS="${EDGECERT_JOBS:-$(nproc)}"

echo "== build (RelWithDebInfo, -Werror)"
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== test (RelWithDebInfo)"
ctest --test-dir build --output-on-failure -j "$JOBS"

echo "== build (ASan+UBSan)"
bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DEDGECERT_SANITIZE=ON -DEDGECERT_BUILD_BENCH=OFF
echo "== test (ASan+UBSan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0" \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$JOBS"
