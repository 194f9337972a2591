#!/usr/bin/env bash
# Builds arena/python:3 locally, without any registry: a Debian bookworm root file system made by
# `debootstrap --variant=minbase --include=python3-minimal` from Debian's mirror, stripped of docs and
# apt caches, with user arena (10001:10001), imported with `docker import`.
#
# A debootstrap root is not byte-reproducible, so the image is rebuilt only when it is missing or its
# inputs changed: this script, the suite, the mirror and the package list, hashed into the label
# arena.build-hash. The first build takes a few minutes (downloads ~30 MB of packages).
set -euo pipefail

image=arena/python:3
suite=bookworm
mirror=${ARENA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
packages=python3-minimal
log() { printf '[images] %s\n' "$*"; }

changes=(
    --change 'USER 10001:10001'
    --change 'WORKDIR /home/arena'
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin'
    --change 'ENV PYTHONDONTWRITEBYTECODE=1'
    --change 'ENV PYTHONUNBUFFERED=1'
    --change 'CMD ["python3"]'
)
hash=$( { sha256sum <"$0"; printf '%s\n' "$suite" "$mirror" "$packages" "${changes[@]}"; } | sha256sum | cut -c1-16)
current=$(docker image inspect -f '{{ index .Config.Labels "arena.build-hash" }}' "$image" 2>/dev/null || true)
[ "$current" = "$hash" ] && exit 0

if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
log "building $image ($hash): debootstrap $suite, this takes a few minutes the first time"
debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }

rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/var/log/* \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
    "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
echo 'arena:x:10001:10001:arena:/home/arena:/bin/sh' >>"$root/etc/passwd"
echo 'arena:x:10001:' >>"$root/etc/group"
mkdir -p "$root/home/arena"
chown 10001:10001 "$root/home/arena"
chmod 750 "$root/home/arena"
"$root/usr/bin/python3" -c 'print("ok")' >/dev/null 2>&1 || chroot "$root" python3 -c 'print("ok")' >/dev/null

tar --numeric-owner -C "$root" -c . | docker import "${changes[@]}" --change "LABEL arena.build-hash=$hash" \
    --message "arena python3 from Debian $suite python3-minimal" - "$image" >/dev/null
docker image inspect -f '{{ .Id }}' "$image" >/dev/null
log "built $image"
