#!/bin/sh
# Builds kg serve's editor bundle from npm: CodeMirror 6 (SPARQL mode, completion, lint) and
# Chart.js, pinned by package-lock.json, into kg/server/static/vendor/ with their licences.
#
#   scripts/vendor-editor/build.sh            # npm ci in a temporary folder, then esbuild
#
# To update: change the versions in package.json, run `npm install --package-lock-only` here,
# run this script, look at the query page, and commit package*.json and kg/server/static/vendor/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target="$here/../../kg/server/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/editor.js" "$work/"
cd "$work"
npm ci --no-audit --no-fund --loglevel=error
mkdir -p "$target"
node_modules/.bin/esbuild editor.js --bundle --minify --format=iife --target=es2020 \
  --legal-comments=none --outfile="$target/kg-editor.js"
{
  echo "kg-editor.js bundles these npm packages (built by scripts/vendor-editor/build.sh):"
  echo
  for dir in node_modules/@codemirror/* node_modules/@lezer/* node_modules/@marijn/* node_modules/crelt \
             node_modules/style-mod node_modules/w3c-keyname node_modules/chart.js node_modules/@kurkle/*; do
    [ -f "$dir/package.json" ] || continue
    name=$(node -p "require('./$dir/package.json').name + ' ' + require('./$dir/package.json').version")
    echo "================================================================================"
    echo "$name"
    echo "================================================================================"
    cat "$dir"/LICENSE* "$dir"/LICENCE* 2>/dev/null || node -p "'License: ' + require('./$dir/package.json').license"
    echo
  done
} > "$target/LICENSES.txt"
ls -l "$target"
