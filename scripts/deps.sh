#!/usr/bin/env bash
# Installs the Debian packages edgecert needs to build, test and run its demo. Idempotent: it calls
# apt-get only when something is missing. Needs root (or sudo) on a Debian 12 machine.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build ccache pkg-config git curl openssl procps
  libcpprest-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libssl-dev
  prometheus-cpp-dev libgtest-dev libgmock-dev libcli11-dev
  libmicrohttpd-dev  # the HTTP server of the operator and emulator listeners (limits, timeouts, pipelining)
  libsystemd-dev     # sd_notify for Type=notify units
  wrk                # bench/emulator_bench: HTTP load against the emulator and a bare listener
  prometheus  # for promtool only: a test runs `promtool check metrics` on /metrics
  etcd-server  # the HA tests start a real etcd (single member and three members) on loopback ports
  systemd     # systemd-analyze: the deploy tests verify the unit and rate its exposure
  dpkg-dev file  # dpkg-shlibdeps and file: the Debian package's Depends (cpack -G DEB)
  zsh fish groff-base man-db  # tests load the completion scripts and render the man page
  python3-jsonschema python3-yaml  # a test checks the JSON Schema of the manifests with a real validator
)
# kubectl renders the Kubernetes kustomizations in the deploy tests; Debian's is kubernetes-client. A
# kubectl already installed from another package is used as it is (both ship /usr/bin/kubectl).
if ! command -v kubectl >/dev/null 2>&1; then PACKAGES+=(kubernetes-client); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
