#!/usr/bin/env bash
# Starts FrontDesk from source: installs missing system packages, then runs a release build
# (no developer tools in the web views; the first build takes a few minutes).
# Extra arguments go to the app, e.g.  scripts/run.sh --data-dir /tmp/hall2
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

"$repo/scripts/deps.sh"

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
  echo "run.sh: no display (\$DISPLAY and \$WAYLAND_DISPLAY are empty): FrontDesk is a desktop app." >&2
  echo "  Run it from a graphical session, or over SSH with X forwarding (ssh -X)," >&2
  echo "  or headless under a virtual display: xvfb-run -a scripts/run.sh" >&2
fi

# Test mode with a set clock (the README's demo at any hour) needs the test build's clock.
features=()
if [[ ${FRONTDESK_TEST_MODE:-} == 1 ]]; then
  features=(--features test-clock)
fi
exec cargo run --release -p frontdesk "${features[@]}" -- "$@"
