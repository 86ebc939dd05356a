#!/usr/bin/env bash
# The browser suite's one entry point (called by .ci/run): installs Debian's
# Chromium when missing, installs the pinned npm tools from the lock file,
# builds the hub binary and runs every suite with Node's built-in test runner.
# Exits non-zero on any failure; failure screenshots and server logs go to
# e2e/artifacts/.
set -euo pipefail
e2e="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$e2e/.." && pwd)"

if [ ! -x /usr/bin/chromium ]; then
  echo "=== Chromium ontbreekt: installeren uit Debian (apt-get install chromium)"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
fi
command -v java >/dev/null || { echo "java ontbreekt: de Nu HTML Checker (vnu.jar) heeft Java 17+ nodig" >&2; exit 1; }

echo "=== npm ci (e2e/package-lock.json)"
# --ignore-scripts: vnu-jar's postinstall would try to download a JDK; the
# machine's Java runs the jar, and no other package here needs a script.
(cd "$e2e" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "=== go build ./cmd/hub"
(cd "$root" && go build -o "$tmp/hub" ./cmd/hub)
export HUB_BIN="$tmp/hub"

rm -rf "$e2e/artifacts"
mkdir -p "$e2e/artifacts"
suites="teacher kader goals paths account oidc admin hubs-admin material editor revisions zipimport uploads authoring-path curation notifications reports moderation-path a11y html xss"
# Every suite in e2e/ runs: a new *.test.mjs missing from the list fails here.
for f in "$e2e"/*.test.mjs; do
  name=$(basename "$f" .test.mjs)
  case " $suites " in *" $name "*) ;; *) echo "=== $name.test.mjs staat niet in de lijst van e2e/run.sh"; exit 1 ;; esac
done
echo "=== node --test ($suites)"
start=$(date +%s)
status=0
# One file at a time: each starts its own hub and browser, and the machine
# has two cores. TAP on stdout ends with the "# pass N / # fail N" lines CI reads.
# A test (or a suite's before hook, which visits every page for a11y) may take
# 8 minutes: at load ~10 the a11y set-up alone came near the old 4.
(cd "$e2e" && node --test --test-concurrency=1 --test-reporter=tap --test-timeout=480000 \
  $(for f in $suites; do printf '%s.test.mjs ' "$f"; done)) || status=$?

echo "=== browsertests duurden $(( $(date +%s) - start )) s"
if [ "$status" -ne 0 ]; then
  echo "=== browsertests MISLUKT (exit $status); screenshots en serverlogs: $e2e/artifacts/"
  ls -1 "$e2e/artifacts" || true
else
  echo "=== browsertests geslaagd; serverlogs in $e2e/artifacts/"
fi
exit "$status"
