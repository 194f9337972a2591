#!/usr/bin/env bash
# Makes a Docker engine answer on /var/run/docker.sock, and leaves one that already answers alone.
# When none answers: installs Debian's docker.io if it is missing and starts dockerd in the background
# (the project's machines have no systemd), logging to /var/log/dockerd.log, and waits until it answers.
# Idempotent; safe to run from several shells at once (a lock keeps it to one dockerd).
set -euo pipefail

socket=/var/run/docker.sock
log() { printf '[setup-docker] %s\n' "$*"; }

answers() {
    [ -S "$socket" ] || return 1
    if command -v docker >/dev/null 2>&1; then
        timeout 10 docker -H "unix://$socket" info >/dev/null 2>&1
    else
        timeout 10 curl -sf --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1
    fi
}

install_engine() {
    command -v dockerd >/dev/null 2>&1 && return 0
    log "installing docker.io"
    apt-get update -qq
    # The package's maintainer scripts try to start a service; without systemd that fails harmlessly.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io iptables >/dev/null
}

# Bridge networks draw their subnets from the daemon's address pools. Arena's instances that may reach
# the outside share a bridge network of Arena's own, so it needs room for thousands of containers, while
# tests add a few small networks of their own: 256 networks of /20 (4,094 addresses each) carved out of
# 10.208.0.0/12, which nothing on the project's machines uses. The default bridge keeps Docker's usual
# 172.17.0.0/16, with inter-container traffic (icc) and address translation (ip-masq) off: its containers
# cannot reach each other or anything beyond this host (published ports still work), so Arena's instances
# without outbound traffic join it (arena.instances.default-bridge) and save the ~200 ms per start that
# the engine spends setting up its embedded DNS on a network of Arena's own.
# An existing daemon.json is someone's choice and is left as it is, except those earlier versions of this
# script wrote, which are replaced; networks created under them keep their subnet until removed.
WRITTEN_BEFORE=('{ "base": "10.210.0.0/16", "size": 28 }' '{ "base": "10.208.0.0/12", "size": 20 }')
configure_daemon() {
    if [ -e /etc/docker/daemon.json ]; then
        grep -q '"icc"' /etc/docker/daemon.json && return 0
        local ours=0 marker
        for marker in "${WRITTEN_BEFORE[@]}"; do grep -qF "$marker" /etc/docker/daemon.json && ours=1; done
        [ $ours = 1 ] || return 0
    fi
    mkdir -p /etc/docker
    cat >/etc/docker/daemon.json <<'EOF'
{
  "bip": "172.17.0.1/16",
  "icc": false,
  "ip-masq": false,
  "default-address-pools": [
    { "base": "10.208.0.0/12", "size": 20 }
  ]
}
EOF
    log "wrote /etc/docker/daemon.json (default bridge isolated, address pools 10.208.0.0/12 in /20s)"
}

start_engine() {
    # A pid file left by a dockerd that died would stop the new one from starting.
    if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
        rm -f /var/run/docker.pid
    fi
    log "starting dockerd (log: /var/log/dockerd.log)"
    setsid nohup dockerd >>/var/log/dockerd.log 2>&1 </dev/null &
    for _ in $(seq 1 60); do
        answers && { log "Docker engine answers"; return 0; }
        sleep 1
    done
    log "dockerd did not answer within 60 s; see /var/log/dockerd.log"
    tail -n 20 /var/log/dockerd.log >&2 || true
    exit 1
}

answers && exit 0
install_engine
exec 9>/var/lock/arena-setup-docker.lock
flock -w 120 9
answers && exit 0
configure_daemon
start_engine
