#!/usr/bin/env bash
# npm pack → install the tarball in a clean directory → run the bin through npx, from another working directory.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
echo "packed $tarball ($(du -h "$work/$tarball" | cut -f1))"
if tar -tzf "$work/$tarball" | grep -E '^package/(test|bench|\.ci|src/.*\.ts$)' ; then
  echo "the tarball ships files that do not run (tests, bench, CI or TS sources)" >&2; exit 1
fi
mkdir -p "$work/app" "$work/elsewhere"
# install under the dependency versions the tests ran with (npm-shrinkwrap.json): the smoke test checks the package,
# not whatever the registry published since (a registry mirror can list a release whose own dependencies it lacks)
(cd "$work/app" && npm init -y >/dev/null && node -e '
  const lock = require(process.argv[1]); const pkg = require("./package.json"); pkg.overrides = {};
  for (const [k, v] of Object.entries(lock.packages)) {
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(k);
    if (m && !v.dev && v.version) pkg.overrides[m[1]] = v.version;
  }
  require("fs").writeFileSync("package.json", JSON.stringify(pkg, null, 2));
' "$repo/npm-shrinkwrap.json" && npm install --no-audit --no-fund --silent "$work/$tarball")
cd "$work/elsewhere"
npx --prefix "$work/app" gunicorn-doctor --version
npx --prefix "$work/app" gunicorn-doctor --help | grep -q runbook
npx --prefix "$work/app" gunicorn-doctor explain runtime-memory-oom --no-color | grep -qi memory
set +e
npx --prefix "$work/app" gunicorn-doctor diagnose --json "$repo/examples/heroku-memory.log" > "$work/out.json"
code=$?
set -e
[ "$code" = 1 ] || { echo "diagnose on the bundled example exited $code, expected 1" >&2; exit 1; }
grep -q '"cause": "runtime-memory-oom"' "$work/out.json"
ln -s "$work/app/node_modules/.bin/gunicorn-doctor" "$work/gd-link"
"$work/gd-link" --version
echo "pack smoke OK"
