#!/usr/bin/env bash
# Builds edgecert's container image, localhost/edgecert:<version>, from deploy/container/Containerfile
# with podman (--isolation chroot: works without a container runtime). The base image is
# debian:12-slim when a registry answers, else a Debian 12 rootfs made here with mmdebstrap and
# imported as localhost/debian:12-slim. The last stage (smoke) runs the program inside the image;
# the image tagged is the runtime stage. Heavy (a full Release build inside the build stage): not part
# of .ci/run. Needs root on Debian 12; installs podman and mmdebstrap when missing.
# Usage: deploy/container/build.sh [--local-base]   (--local-base: skip the registry, use mmdebstrap)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
VERSION="$(sed -n 's/^project(edgecert VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)"
IMAGE="localhost/edgecert:${VERSION}"

need=()
command -v podman >/dev/null || need+=(podman)
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
if ((${#need[@]})); then
  echo "build.sh: installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" uidmap >/dev/null
fi

base="docker.io/library/debian:12-slim"
if [[ "${1:-}" == "--local-base" ]] || ! podman pull -q "$base" >/dev/null 2>&1; then
  base="localhost/debian:12-slim"
  if ! podman image exists "$base"; then
    echo "build.sh: no registry: making $base with mmdebstrap"
    rootfs="$(mktemp -d)/rootfs.tar"
    # Like debian:12-slim: minbase, merged /usr set up by mmdebstrap's hook (the usrmerge package would
    # pull in perl), no documentation, man pages or translations (dpkg path filters).
    mmdebstrap --variant=minbase --mode=root --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --dpkgopt='path-exclude=/usr/share/info/*' \
      --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
      bookworm "$rootfs"
    podman import --change 'CMD ["/bin/bash"]' "$rootfs" "$base" >/dev/null
    rm -rf "$(dirname "$rootfs")"
  fi
fi

# The build context leaves .git out: tell the build which commit it is (edgecert --version shows it)
# and use the commit's date as the build date, so the same commit builds the same program.
commit=unknown
epoch=""
if git -C "$ROOT" rev-parse --short=12 HEAD >/dev/null 2>&1; then
  commit="$(git -C "$ROOT" rev-parse --short=12 HEAD)"
  [[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]] || commit="$commit-dirty"
  epoch="$(git -C "$ROOT" log -1 --format=%ct)"
fi
args=(--isolation chroot --build-arg "BASE=$base" --build-arg "EDGECERT_GIT_COMMIT=$commit"
      --build-arg "SOURCE_DATE_EPOCH=$epoch" -f deploy/container/Containerfile)

echo "build.sh: building $IMAGE on $base from commit $commit (smoke stage first)"
podman build "${args[@]}" -t localhost/edgecert-smoke:"$VERSION" .
podman build "${args[@]}" --target runtime -t "$IMAGE" .
podman image rm -f localhost/edgecert-smoke:"$VERSION" >/dev/null
podman image ls "$IMAGE"
echo "build.sh: done: $IMAGE ($(podman image inspect --format '{{.Size}}' "$IMAGE") bytes)"
