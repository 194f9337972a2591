#!/usr/bin/env bash
# Makes a fresh Debian machine ready to build, run and test Arena, and leaves what already runs alone:
# a JDK 25, PostgreSQL (127.0.0.1:5432, trust auth, database "test"), Redis (127.0.0.1:6379) and a
# Docker engine with Arena's locally built images (scripts/setup-docker.sh, scripts/images/build.sh),
# and Debian's Chromium with its driver for the console's browser tests (never a browser a tool downloads).
# Steps: jdk, docker, geoip, browser, serve (jdk + docker + geoip), test and all (everything but geoip);
# several may be given.
# Idempotent; needs root only when something is missing.
set -euo pipefail

log() { printf '[setup] %s\n' "$*"; }

apt_updated=0
need_packages() {
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$apt_updated" -eq 0 ]; then apt-get update -qq; apt_updated=1; fi
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

jdk25() {
    if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then return 0; fi
    ls -d /usr/lib/jvm/temurin-25* >/dev/null 2>&1 && return 0
    need_packages openjdk-25-jdk-headless 2>/dev/null || { log "no JDK 25 found: install Temurin 25 under /usr/lib/jvm"; exit 1; }
}

postgres() {
    if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
    need_packages postgresql postgresql-client
    local version; version=$(ls /etc/postgresql | sort -V | tail -1)
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
        sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\nlocal all all trust' "$hba"
    fi
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 \
        || psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE test' >/dev/null
    log "PostgreSQL started"
}

redis() {
    if (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then return 0; fi
    need_packages redis-server
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/arena.log
    for _ in $(seq 1 30); do (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break; sleep 0.2; done
    log "Redis started"
}

# The threat pipeline's GeoIP country database (scripts/geoip.sh), once; Arena runs without it.
geoip() {
    [ -f ./data/geoip/country.mmdb ] && return 0
    "$(dirname "$0")/geoip.sh" ./data/geoip || log "no GeoIP database: threat sources get no country (run scripts/geoip.sh later)"
}

browser() {
    [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && return 0
    need_packages chromium chromium-driver
}

docker_engine() {
    "$(dirname "$0")/setup-docker.sh"
    "$(dirname "$0")/images/build.sh"
}

[ $# -eq 0 ] && set -- all
for step in "$@"; do
    case "$step" in
        jdk) jdk25 ;;
        docker) docker_engine ;;
        geoip) geoip ;;
        browser) browser ;;
        serve) jdk25; docker_engine || log "no Docker engine: Arena starts, but cannot run containers"; geoip ;;
        test|all) jdk25; postgres; redis; docker_engine; browser ;;
        *) echo "usage: $0 [jdk|docker|geoip|browser|serve|test|all]..." >&2; exit 2 ;;
    esac
done
