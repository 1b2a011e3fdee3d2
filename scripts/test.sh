#!/usr/bin/env bash
# Runs the quality gates and every test: rustfmt, clippy (warnings are errors) and a syntax
# check of every ui/js module; the core and unit tests; then the end-to-end tests that drive the
# real app through WebDriver (tauri-driver + WebKitWebDriver) under Xvfb when there is no display.
# Every step runs even when an earlier one failed; the summary lists each and the exit status is
# non-zero if any failed. Installs missing system packages and tauri-driver first.
# Screenshots go to e2e-output/.
# Extra arguments are passed to the E2E test binaries, e.g.  scripts/test.sh smoke
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

"$repo/scripts/deps.sh" --test
# cargo install puts tauri-driver here; a non-login shell may not have it on PATH.
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"

# Outside the clone, so a fresh clone (CI) reuses earlier builds of Tauri and WebKit bindings.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/frontdesk-target}"
mkdir -p "$CARGO_TARGET_DIR"

xvfb_pid=
cleanup() {
  if [[ -n $xvfb_pid ]]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z ${DISPLAY:-} ]]; then
  # -displayfd: Xvfb picks a free display number itself and writes it once it accepts clients.
  displayfd=$(mktemp)
  Xvfb -displayfd 3 -screen 0 3840x2160x24 -nolisten tcp 3>"$displayfd" >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 100); do
    [[ -s $displayfd ]] && break
    if ! kill -0 "$xvfb_pid" 2>/dev/null; then
      echo "test.sh: Xvfb did not start" >&2
      exit 1
    fi
    sleep 0.1
  done
  n=$(tr -dc '0-9' <"$displayfd")
  rm -f "$displayfd"
  if [[ -z $n ]]; then
    echo "test.sh: Xvfb did not report a display within 10 s" >&2
    exit 1
  fi
  export DISPLAY=":$n"
  echo "test.sh: started Xvfb on DISPLAY=$DISPLAY"
fi
# Wayland would make the app pick a real compositor instead of the display chosen above.
unset WAYLAND_DISPLAY

results=()
failed=0
step() {
  local name=$1
  shift
  echo
  echo "=== $name: $*"
  if "$@"; then
    results+=("$name: ok")
  else
    results+=("$name: FAILED")
    failed=1
  fi
}

step "rustfmt" cargo fmt --all --check
step "clippy" cargo clippy --workspace --all-targets -- -D warnings
step "js syntax" "$repo/scripts/check-js.sh"

step "unit tests" cargo test --workspace --exclude frontdesk-e2e
# The personal-data key in a real Secret Service, with the hall's default choice: gnome-keyring
# on a D-Bus session of its own, unlocked with a throwaway password, its keyring and socket in a
# temp dir (never the user's own). FRONTDESK_EXPECT_SECRET_SERVICE makes the test fail, not
# skip, when the service does not answer.
keyring_home=$(mktemp -d)
mkdir -m 700 "$keyring_home/data" "$keyring_home/run"
step "secret service" env XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run" \
  dbus-run-session -- sh -c 'printf throwaway | gnome-keyring-daemon --unlock \
  --components=secrets --daemonize >/dev/null && FRONTDESK_EXPECT_SECRET_SERVICE=1 \
  cargo test -p frontdesk-core --test core key_store::the_default_keeps_the_key_in_the_secret_service'
rm -rf "$keyring_home"
# After the unit tests, which build the app without the test clock into the same path.
step "build app" cargo build -p frontdesk --features test-clock
build_ok=0
[[ ${results[-1]} == "build app: ok" ]] && build_ok=1

app="$CARGO_TARGET_DIR/debug/frontdesk"
if ((build_ok)) && [[ -x $app ]]; then
  mkdir -p "$repo/e2e-output"
  # One test at a time: each starts its own app, WebKitWebDriver and tauri-driver.
  # --no-fail-fast: a failing suite does not keep the suites after it from running.
  step "e2e tests" env \
    FRONTDESK_APP="$(cd "$(dirname "$app")" && pwd)/frontdesk" \
    WEBKIT_DISABLE_COMPOSITING_MODE=1 \
    FRONTDESK_E2E_OUT="$repo/e2e-output" \
    cargo test -p frontdesk-e2e --no-fail-fast -- --test-threads=1 "$@"
else
  # An older binary would test old code.
  results+=("e2e tests: SKIPPED (the app did not build)")
  failed=1
fi

echo
echo "=== summary"
printf '  %s\n' "${results[@]}"
if ((failed)); then
  echo "test.sh: FAILED"
  exit 1
fi
echo "test.sh: all tests passed (screenshots in e2e-output/)"
