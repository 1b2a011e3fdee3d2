#!/usr/bin/env bash
# Syntax check of every ui/js module (ui/js and its folders), one of scripts/test.sh's gates;
# runs alone too. Exits non-zero and names each file with a syntax error.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Every ui/js file is an ES module: node checks it as one only under the .mjs name (a plain
# .js file is parsed as a script, where `import` is itself a syntax error or is let through,
# depending on the node version). Only the syntax is checked, so the copies need no imports.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
while IFS= read -r f; do
  cp "$f" "$tmp/check.mjs"
  if ! node --check "$tmp/check.mjs"; then
    echo "check-js: syntax error in ${f#"$repo"/}" >&2
    rc=1
  fi
done < <(find "$repo/ui/js" -name '*.js' | sort)
exit $rc
