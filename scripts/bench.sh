#!/usr/bin/env bash
# Whole-system load scenarios: ./arena bench <scenario> runs scripts/bench/<scenario>.sh.
# Results go to target/bench/<scenario>-<time>/ (target/bench/latest points at the newest run).
# See docs/benchmarks.md for what each scenario measures and how to read it.
set -euo pipefail
cd "$(dirname "$0")/.."

scenario=${1:-}
if [ -z "$scenario" ] || [ ! -f "scripts/bench/$scenario.sh" ]; then
    echo "usage: ./arena bench <scenario> [options]; scenarios:" >&2
    for s in scripts/bench/*.sh; do
        name=$(basename "$s" .sh)
        [ "$name" = lib ] || echo "  $name" >&2
    done
    exit 2
fi
shift
exec bash "scripts/bench/$scenario.sh" "$@"
