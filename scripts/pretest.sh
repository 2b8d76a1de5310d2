#!/usr/bin/env bash
# The test command's front door (`npm test` runs it first, as does .ci/run): the suite needs
# two system programs, and a machine without them should hear so once, not through a wall of
# failing tests.
#   nats-server  the distributed modes' tests start their own NATS servers and clusters
#   chromium     test/browser-push.test.ts drives a real browser's EventSource
# Missing ones are installed with apt-get when this user may (root, or sudo without a
# password); otherwise it stops with the one command to run.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }

missing=()
have nats-server || missing+=(nats-server)
have chromium || have chromium-browser || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "pretest: the tests need ${missing[*]}; install them with your package manager (on Debian or Ubuntu: sudo sh -c '$command')." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "pretest: the tests need ${missing[*]}; run: sudo sh -c '$command'" >&2
  exit 1
fi

echo "pretest: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# The package lists of a fresh machine may be empty or stale: update once when the install fails.
if ! "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
  "${as_root[@]}" apt-get update -qq >/dev/null
  "${as_root[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null || {
    echo "pretest: could not install ${missing[*]}; run: sudo sh -c '$command'" >&2
    exit 1
  }
fi
