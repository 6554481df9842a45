#!/usr/bin/env bash
# Installs code-server (VS Code's server + web workbench, from the npm registry) into
# .vscode-test/code-server, so the extension's tests can run in a real VS Code extension host on
# machines that cannot download a VS Code desktop build (see test/vscode/runTest.ts).
#
# Needs: the npm registry; on Debian/Ubuntu the apt packages python3 make g++ pkg-config
# libkrb5-dev ripgrep (installed here with apt-get when missing and we are root or have sudo).
# Idempotent: a no-op (well under a second) when the right version is already installed.
#
# Env: CODE_SERVER_VERSION (override the version picked for this Node major),
#      CODE_SERVER_SKIP_APT=1 (never call apt-get; just report what is missing).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE="$ROOT/.vscode-test"
DEST="$BASE/code-server"
die() { echo "install-code-server: error: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || die "node is not on PATH"
command -v npm >/dev/null 2>&1 || die "npm is not on PATH"

# code-server's npm package is built for, and its postinstall refuses any Node major but, one version.
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
case "$NODE_MAJOR" in
  20) CS_VERSION=4.100.3 ;;   # VS Code 1.100.3, the newest code-server accepting Node 20
  22) CS_VERSION=4.117.0 ;;   # VS Code 1.117.0
  24) CS_VERSION=4.139.1 ;;   # untested
  *) die "no code-server release known for Node $NODE_MAJOR (use Node 20, or set CODE_SERVER_VERSION to a release whose engines.node is $NODE_MAJOR)" ;;
esac
CS_VERSION=${CODE_SERVER_VERSION:-$CS_VERSION}
STAMP="$DEST/.installed-$CS_VERSION-node$NODE_MAJOR"
BIN="$DEST/node_modules/.bin/code-server"

installed() { [ -f "$STAMP" ] && [ -x "$BIN" ]; }
if installed; then echo "code-server $CS_VERSION already installed in $DEST"; exit 0; fi

# One install at a time (test files may ask for it concurrently).
mkdir -p "$BASE"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$BASE/.install-code-server.lock"
  flock 9
  if installed; then echo "code-server $CS_VERSION already installed in $DEST"; exit 0; fi
fi

# --- system packages -------------------------------------------------------------------------
# python3 make g++: node-gyp; libkrb5-dev pkg-config: headers for the native 'kerberos' module
# (its prebuilt download comes from GitHub); ripgrep: stands in for @vscode/ripgrep's GitHub download.
missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
[ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/gssapi.h ] || missing+=(libkrb5-dev)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "${CODE_SERVER_SKIP_APT:-}" != 1 ] && command -v apt-get >/dev/null 2>&1; then
    sudo_=""
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo_="sudo -n"
      else die "missing packages: ${missing[*]}; install them: sudo apt-get install -y ${missing[*]}"; fi
    fi
    echo "install-code-server: apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! $sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
      $sudo_ apt-get update -qq || die "apt-get update failed"
      $sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || die "apt-get install ${missing[*]} failed"
    fi
  else
    echo "install-code-server: warning: missing ${missing[*]}; the install needs them unless GitHub is reachable" >&2
  fi
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cs-install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# --- ripgrep --------------------------------------------------------------------------------
# @vscode/ripgrep's postinstall downloads rg from GitHub. Seed its download cache
# ($(os.tmpdir())/vscode-ripgrep-cache-<pkg version>/ripgrep-<rg tag>-<target>.tar.gz) with the
# system's rg instead: it then just unpacks that. Both names are read from the packages themselves.
if command -v rg >/dev/null 2>&1; then
  ( cd "$TMP" && npm pack --loglevel=error "code-server@$CS_VERSION" >/dev/null \
      && tar xzf "code-server-$CS_VERSION.tgz" package/lib/vscode/npm-shrinkwrap.json ) \
    || die "could not fetch code-server@$CS_VERSION from the npm registry"
  RG_PKG=$(node -p "require('$TMP/package/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep'].version")
  ( cd "$TMP" && npm pack --loglevel=error "@vscode/ripgrep@$RG_PKG" >/dev/null \
      && tar xzf "vscode-ripgrep-$RG_PKG.tgz" package/lib/postinstall.js ) \
    || die "could not fetch @vscode/ripgrep@$RG_PKG from the npm registry"
  RG_TAG=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$TMP/package/lib/postinstall.js")
  [ -n "$RG_TAG" ] || die "could not read the ripgrep release tag from @vscode/ripgrep@$RG_PKG"
  case "$(uname -m)" in
    x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
    aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
    *) RG_TARGET=unknown ;;
  esac
  export TMPDIR="$TMP"
  mkdir -p "$TMP/vscode-ripgrep-cache-$RG_PKG"
  tar czf "$TMP/vscode-ripgrep-cache-$RG_PKG/ripgrep-$RG_TAG-$RG_TARGET.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  echo "install-code-server: seeded @vscode/ripgrep $RG_PKG download cache ($RG_TAG) with $(command -v rg)"
fi

# --- node-gyp headers ------------------------------------------------------------------------
# node-gyp must build against local headers: offline it cannot download them from nodejs.org.
if [ -z "${npm_config_nodedir:-}" ] \
   && [ -z "$(npm config get nodedir 2>/dev/null | grep -v '^undefined$' || true)" ] \
   && grep -q "define NODE_MAJOR_VERSION $NODE_MAJOR\$" /usr/include/node/node_version.h 2>/dev/null; then
  export npm_config_nodedir=/usr
fi

# --- install --------------------------------------------------------------------------------
mkdir -p "$DEST"
rm -f "$DEST"/.installed-*
cd "$DEST"
[ -f package.json ] || echo '{ "name": "vscode-test-code-server", "private": true }' > package.json
LOG="$BASE/install-code-server.log"
echo "install-code-server: npm install code-server@$CS_VERSION into $DEST (about a minute; log: $LOG)"
# npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it.
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which must not prompt (or cancel).
if ! npm_config_unsafe_perm=true npm_config_yes=true \
     npm install --no-audit --no-fund --foreground-scripts "code-server@$CS_VERSION" >"$LOG" 2>&1; then
  tail -n 40 "$LOG" >&2
  die "npm install code-server@$CS_VERSION failed (full log: $LOG)"
fi
# (code-server writes a default config and logs under XDG dirs even for --version: keep them out of $HOME)
VERSION_LINE=$(XDG_CONFIG_HOME="$TMP/xdg-config" XDG_DATA_HOME="$TMP/xdg-data" "$BIN" --version 2>/dev/null \
  | grep -E "^$CS_VERSION " | head -n 1 || true)
[ -n "$VERSION_LINE" ] || die "installed code-server does not run or is not $CS_VERSION: try $BIN --version"
touch "$STAMP"
echo "install-code-server: installed $VERSION_LINE"
