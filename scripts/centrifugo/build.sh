#!/usr/bin/env bash
# Builds Centrifugo (the bench's second fan-out peer) from the Go module proxy into the cache and
# prints the binary's absolute path on stdout. Diagnostics go to stderr. Nothing is committed but
# this script: `go install module@version` builds the release's own go.mod and go.sum.
#
#   CENTRIFUGO_VERSION  module version (default v6.9.1)
#   FERRETDB_CACHE      cache root shared with scripts/ferretdb/build.sh (default: $HOME/.cache/fc-chat)
#
# A cold build takes several minutes on 2 cores; a cache hit is instant.
set -euo pipefail

if [[ -z "${HOME:-}" ]]; then
  HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"
  export HOME="${HOME:-/tmp}"
fi
version="${CENTRIFUGO_VERSION:-v6.9.1}"
cache="${FERRETDB_CACHE:-$HOME/.cache/fc-chat}"
bin="$cache/centrifugo-$version"

if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi

go_bin="$(command -v go || true)"
if [[ -z "$go_bin" && -x /usr/local/go/bin/go ]]; then
  go_bin=/usr/local/go/bin/go
fi
if [[ -z "$go_bin" ]]; then
  echo "centrifugo/build.sh: Go toolchain not found (looked in PATH and /usr/local/go/bin)." >&2
  exit 1
fi

mkdir -p "$cache"
exec 9>"$cache/.centrifugo-build.lock"
flock 9
if [[ -x "$bin" ]]; then
  echo "$bin"
  exit 0
fi

echo "centrifugo/build.sh: building centrifugo $version ($("$go_bin" version)) -> $bin" >&2
start=$SECONDS
gobin="$(mktemp -d "$cache/.centrifugo-build.XXXXXX")"
trap 'rm -rf "$gobin"' EXIT
# GOTOOLCHAIN=local: never fetch another Go; CGO_ENABLED=0: a static binary.
GOTOOLCHAIN=local CGO_ENABLED=0 GOBIN="$gobin" GOFLAGS="-buildvcs=false" \
  "$go_bin" install -trimpath -ldflags="-s -w" "github.com/centrifugal/centrifugo/v6@$version"
mv -f "$gobin/centrifugo" "$bin"
echo "centrifugo/build.sh: built in $((SECONDS - start))s" >&2
echo "$bin"
