#!/usr/bin/env bash
# Prepares a Docker engine for the container tests (tests/container), the same way in CI and on a developer's
# machine:
#   1. an engine that answers `docker info` is used as it is;
#   2. otherwise, as root: install docker.io (and debootstrap) if missing and start dockerd in the background
#      with the vfs storage driver and host networking only (works inside a VM or container without overlayfs
#      or iptables);
#   3. build the base image ${SIMULATOR_TEST_BASE_IMAGE:-local/python-base} with debootstrap (Debian bookworm,
#      minbase + python3 + venv) when no such image exists, because no registry can be reached to pull
#      python:3.12-slim. The image is kept by the engine, so a second run skips this step.
# Idempotent. Exits 0 with a message when no engine can be had: the container tests then skip, saying why.
set -uo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

BASE_IMAGE="${SIMULATOR_TEST_BASE_IMAGE:-local/python-base}"
CACHE_DIR=".ci/cache"
DOCKERD_LOG="$CACHE_DIR/dockerd.log"
mkdir -p "$CACHE_DIR"

say() { echo "docker-setup: $*"; }
give_up() { say "$* — the container tests will be skipped"; exit 0; }

engine_up() { docker info >/dev/null 2>&1; }

wait_for_engine() {
  for _ in $(seq 1 60); do
    engine_up && return 0
    sleep 0.5
  done
  return 1
}

# Debian's mirror as apt is configured here (deb822 or one-line sources), so debootstrap uses the same one.
debian_mirror() {
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -E '/debian/?$' | head -n1)
  if [ -z "$uri" ]; then
    uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '{for (i = 2; i <= NF; i++) if ($i ~ /^(http|https|file):/) {print $i; exit}}' | grep -E '/debian/?$' | head -n1)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

if ! engine_up; then
  [ "$(id -u)" -eq 0 ] || give_up "no Docker engine answers and starting one needs root"
  if ! command -v dockerd >/dev/null 2>&1; then
    say "installing docker.io"
    apt-get update -qq && apt-get install -y -qq --no-install-recommends docker.io >/dev/null \
      || give_up "could not install docker.io"
  fi
  say "starting dockerd (vfs storage, host networking; log in $DOCKERD_LOG)"
  # setsid: the engine outlives this script and is not killed with the shell that ran it.
  setsid dockerd --storage-driver=vfs --iptables=false --bridge=none >"$DOCKERD_LOG" 2>&1 < /dev/null &
  wait_for_engine || { tail -n 20 "$DOCKERD_LOG" >&2; give_up "dockerd did not come up within 30 s"; }
fi
say "engine up: $(docker version --format 'server {{.Server.Version}}' 2>/dev/null)"

if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  say "base image $BASE_IMAGE exists"
  exit 0
fi
if [ "$BASE_IMAGE" != "local/python-base" ]; then
  # Any other base (python:3.12-slim, a mirror's copy) is the engine's to pull at build time.
  say "base image $BASE_IMAGE will be pulled by the build"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || give_up "building $BASE_IMAGE with debootstrap needs root"
if ! command -v debootstrap >/dev/null 2>&1; then
  say "installing debootstrap"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends debootstrap >/dev/null \
    || give_up "could not install debootstrap"
fi

ROOTFS=$(mktemp -d /tmp/python-base.XXXXXX)
trap 'rm -rf "$ROOTFS"' EXIT
MIRROR=$(debian_mirror)
say "building $BASE_IMAGE with debootstrap from $MIRROR (a few minutes, once)"
debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$ROOTFS" "$MIRROR" \
  >"$CACHE_DIR/debootstrap.log" 2>&1 || { tail -n 20 "$CACHE_DIR/debootstrap.log" >&2; give_up "debootstrap failed"; }
# What the python:3.12-slim image would also not carry: apt lists and caches, docs, man pages.
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/cache/apt/archives/*.deb \
  "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/locale/*
# mktemp made the root folder 0700: the image's non-root users must be able to enter /.
chmod 755 "$ROOTFS"
tar -C "$ROOTFS" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' \
  - "$BASE_IMAGE" >/dev/null || give_up "docker import of $BASE_IMAGE failed"
say "base image $BASE_IMAGE built ($(docker image inspect "$BASE_IMAGE" --format '{{.Size}}') bytes)"
