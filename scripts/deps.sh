#!/usr/bin/env bash
# Installs what FrontDesk needs to build (and, with --test, to run its E2E tests).
# Idempotent and quick when everything is already there: it only calls apt when a package is missing.
#
#   scripts/deps.sh          build + run dependencies
#   scripts/deps.sh --test   also WebKitWebDriver, Xvfb, node (the JS syntax check), tauri-driver,
#                            and headless Chromium with chromedriver (the LAN suite)
set -euo pipefail

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    -h | --help)
      sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "deps.sh: unknown argument: $arg" >&2
      exit 2
      ;;
  esac
done

packages=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
  # Without a CJK font every Chinese character is drawn as a box.
  fonts-noto-cjk
)
if [[ $want_test == 1 ]]; then
  packages+=(webkit2gtk-driver xvfb)
  # The LAN suite (tests/tests/lan.rs) drives paired browser pages in headless Chromium.
  packages+=(chromium chromium-driver)
  # The one-instance test (tests/tests/trust.rs) starts a D-Bus session bus of its own.
  packages+=(dbus-daemon)
  # The personal-data key's Secret Service test (scripts/test.sh) runs gnome-keyring headless.
  packages+=(gnome-keyring)
  # test.sh checks the syntax of every ui/js module with node. A node from elsewhere (nvm,
  # NodeSource) will do: Debian's package is installed only when there is none.
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
fi

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "deps.sh: this is not a Debian/Ubuntu system; install by hand the equivalents of:" >&2
  echo "  ${packages[*]}" >&2
  echo "  (see https://v2.tauri.app/start/prerequisites/ for other distributions)" >&2
  if [[ $want_test == 1 ]]; then
    echo "  and then: cargo install tauri-driver --locked" >&2
  fi
  exit 1
fi

installed() {
  dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null | grep -qx installed
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "deps.sh: installing ${missing[*]}"
  sudo=()
  if [[ $(id -u) != 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "deps.sh: not root and no sudo; as root run: apt-get install ${missing[*]}" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  # Recommends stay on: WebKitGTK plays audio (the call announcements) through the GStreamer plugins
  # it recommends. sudo drops the environment, hence `env`.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

if [[ $want_test == 1 ]]; then
  # cargo installs into ~/.cargo/bin, which a non-login shell may not have on PATH.
  if ! command -v tauri-driver >/dev/null 2>&1 && [[ -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]]; then
    export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  fi
  if ! command -v tauri-driver >/dev/null 2>&1; then
    if ! command -v cargo >/dev/null 2>&1; then
      echo "deps.sh: cargo not found; install Rust from https://rustup.rs first" >&2
      exit 1
    fi
    echo "deps.sh: installing tauri-driver (cargo install tauri-driver --locked)"
    cargo install tauri-driver --locked
  fi
fi
