#!/usr/bin/env bash
# Builds Arena's demo challenge image locally (and, through python.sh, arena/python:3), without any registry: arena/busybox:1, a root file system
# made of Debian's busybox-static (which has sh, httpd, nc and wget) imported with `docker import`.
#
# The image is rebuilt only when it is missing or its inputs changed: the root file system is packed as
# a reproducible tar (sorted names, fixed times and owners), and its SHA-256 together with the image
# settings is kept in the label arena.build-hash.
#
# Users: root (0), arena (10001:10001, home /home/arena) and nobody (65534). The image runs as arena.
# /www/index.html is a page for `httpd -f -p 8080 -h /www`.
set -euo pipefail

image=arena/busybox:1
log() { printf '[images] %s\n' "$*"; }

if ! dpkg -s busybox-static >/dev/null 2>&1; then
    log "installing busybox-static"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{bin,etc,tmp,root,www,home/arena}
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
arena:x:10001:10001:arena:/home/arena:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
arena:x:10001:
nogroup:x:65534:
EOF
echo '<!doctype html><title>arena</title><p>hello from arena/busybox</p>' >"$root/www/index.html"
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
chmod 755 "$root" "$root"/{bin,etc,www,home}
chmod 644 "$root"/etc/* "$root/www/index.html"
chown -R 0:0 "$root"
chown 10001:10001 "$root/home/arena"
chmod 750 "$root/home/arena"

tar --sort=name --mtime=@0 --numeric-owner -C "$root" -cf "$work/rootfs.tar" .

changes=(
    --change 'USER 10001:10001'
    --change 'WORKDIR /home/arena'
    --change 'ENV PATH=/bin'
    --change 'CMD ["sh"]'
)
hash=$( { sha256sum <"$work/rootfs.tar"; printf '%s\n' "${changes[@]}"; } | sha256sum | cut -c1-16)

current=$(docker image inspect -f '{{ index .Config.Labels "arena.build-hash" }}' "$image" 2>/dev/null || true)
if [ "$current" != "$hash" ]; then
    log "building $image ($hash)"
    docker import "${changes[@]}" --change "LABEL arena.build-hash=$hash" \
        --message "arena busybox from Debian busybox-static" "$work/rootfs.tar" "$image" >/dev/null
    docker image inspect -f '{{ .Id }}' "$image" >/dev/null
    log "built $image"
fi

# The evaluation sandboxes' Python image (slower: a debootstrap the first time).
"$(dirname "$0")/python.sh"
