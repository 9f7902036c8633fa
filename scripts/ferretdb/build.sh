#!/usr/bin/env bash
# Builds the FerretDB wrapper (main.go) into a content-addressed cache dir and
# prints the binary's absolute path on stdout. All diagnostics go to stderr.
#
#   FERRETDB_CACHE   cache root (default: $HOME/.cache/fc-chat)
#
# The binary name carries a hash of go.mod, go.sum and main.go, so a change to
# any of them triggers a rebuild while an unchanged tree reuses the cached one
# (a cold build takes a minute or two on 2 cores; a cache hit is instant).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Go needs HOME (or GOCACHE) for its build cache; CI environments may lack it.
if [[ -z "${HOME:-}" ]]; then
  HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
  export HOME="${HOME:-/tmp}"
fi
cache="${FERRETDB_CACHE:-$HOME/.cache/fc-chat}"

hash="$(cat "$here/go.mod" "$here/go.sum" "$here/main.go" | sha256sum | cut -c1-16)"
bin="$cache/ferretdb-$hash"

if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi

go_bin="$(command -v go || true)"
if [[ -z "$go_bin" && -x /usr/local/go/bin/go ]]; then
  go_bin=/usr/local/go/bin/go
fi
if [[ -z "$go_bin" ]]; then
  echo "ferretdb/build.sh: Go toolchain not found (looked in PATH and /usr/local/go/bin)." >&2
  echo "  Install Go >= 1.24 (Debian 12's golang package is too old for FerretDB v1.24)." >&2
  exit 1
fi

mkdir -p "$cache"

# Serialise concurrent builds into the same cache (two harnesses starting at once).
exec 9>"$cache/.build.lock"
flock 9
if [[ -x "$bin" ]]; then # built by whoever held the lock before us
  echo "$bin"
  exit 0
fi

echo "ferretdb/build.sh: building FerretDB wrapper ($("$go_bin" version)) -> $bin" >&2
start=$SECONDS
tmp="$(mktemp "$cache/.ferretdb-build.XXXXXX")"
trap 'rm -f "$tmp"' EXIT

# - GOTOOLCHAIN=local: never try to download another toolchain (no internet
#   except the module proxy); go.mod's `go` line is kept <= the installed Go.
# - -mod=readonly: go.sum is committed and must be complete; fail loudly
#   instead of silently editing it.
# - CGO_ENABLED=0: the SQLite backend is modernc.org/sqlite (pure Go) and pgx
#   is pure Go, so no C toolchain is needed and the binary is static.
(
  cd "$here"
  GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
    "$go_bin" build -trimpath -ldflags="-s -w" -o "$tmp" .
)
chmod 0755 "$tmp"
mv -f "$tmp" "$bin"
trap - EXIT

# Drop binaries of other revisions not rebuilt for two weeks so the cache does
# not grow without bound (recent ones stay: other checkouts may still use them).
find "$cache" -maxdepth 1 -type f -name 'ferretdb-*' ! -path "$bin" -mtime +14 -delete 2>/dev/null || true

echo "ferretdb/build.sh: built in $((SECONDS - start))s" >&2
echo "$bin"
