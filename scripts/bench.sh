#!/usr/bin/env bash
# Prints the benchmark figures recorded in BENCHMARKS.md:
#  1. the core: issue-ticket latency and throughput with durable commits, the raw SQLite
#     commit rate on the same file settings (the limit), their ratio, and call-next latency
#     with one million past tickets;
#  2. the app: call -> wall display latency over many calls, in the real app (WebDriver).
# Extra arguments go to the core benchmark (e.g. --quick).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
"$repo/scripts/deps.sh" --test
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/frontdesk-target}"

echo "== core (release build)"
cargo run --release -p frontdesk-core --example bench -- "$@"

echo
echo "== call -> display latency (debug app under a virtual display when none is set)"
cargo build -p frontdesk --features test-clock
run=(env FRONTDESK_APP="$CARGO_TARGET_DIR/debug/frontdesk" WEBKIT_DISABLE_COMPOSITING_MODE=1
  cargo test -p frontdesk-e2e --test display -- --ignored --nocapture display_latency)
if [[ -z ${DISPLAY:-} ]]; then
  xvfb-run -a -s "-screen 0 1920x1080x24" "${run[@]}"
else
  "${run[@]}"
fi
