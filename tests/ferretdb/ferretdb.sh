# FerretDB for the MongoDB engine's tests: build once, start on 127.0.0.1, stop. Sourced by
# with-ferretdb.sh (and so by .ci/run and `npm run test:mongodb`); see docs/mongodb.md.
#
# FerretDB is a MongoDB wire-protocol server (a Go module) with an embedded SQLite backend: no
# database server to install. Built as the main module, it reads build/version/version.txt, a
# generated file that is not in the module, and panics at start without it: so we build
# ./cmd/ferretdb from a writable copy of the downloaded module after writing that file.

FERRETDB_VERSION=v1.24.2
FERRETDB_CACHE_DIR="${FERRETDB_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/fi-for-inclusion/ferretdb-$FERRETDB_VERSION}"
FERRETDB_BIN="$FERRETDB_CACHE_DIR/ferretdb"

# Builds the binary unless the cache holds it. Prints how long the build took.
ferretdb_build() {
  if [ -x "$FERRETDB_BIN" ] && [ "$("$FERRETDB_BIN" --version 2>/dev/null | head -n 1)" = "version: $FERRETDB_VERSION" ]; then
    echo "FerretDB $FERRETDB_VERSION: using the cached build $FERRETDB_BIN"
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "FerretDB $FERRETDB_VERSION cannot be built: Go is not installed (https://go.dev/doc/install; Go 1.24 or later)." >&2
    echo "The MongoDB engine's tests need a wire-protocol server: install Go, or set MONGODB_URI to a MongoDB 7 server and run npm test." >&2
    return 1
  fi
  local started work module_dir
  started=$(date +%s)
  echo "Building FerretDB $FERRETDB_VERSION from the Go module proxy (once; cached in $FERRETDB_CACHE_DIR)"
  module_dir=$(GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  if [ -z "$module_dir" ] || [ ! -d "$module_dir/cmd/ferretdb" ]; then
    echo "FerretDB $FERRETDB_VERSION: the module could not be downloaded (go mod download gave no directory)." >&2
    return 1
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-src.XXXXXX")
  cp -R "$module_dir/." "$work/"
  chmod -R u+w "$work"
  echo "$FERRETDB_VERSION" >"$work/build/version/version.txt"
  mkdir -p "$FERRETDB_CACHE_DIR"
  if ! (cd "$work" && GOTOOLCHAIN=local GOFLAGS=-buildvcs=false go build -trimpath -o "$FERRETDB_BIN.partial" ./cmd/ferretdb); then
    rm -rf "$work"
    echo "FerretDB $FERRETDB_VERSION: go build failed." >&2
    return 1
  fi
  rm -rf "$work"
  mv "$FERRETDB_BIN.partial" "$FERRETDB_BIN"
  echo "FerretDB $FERRETDB_VERSION built in $(($(date +%s) - started)) s"
}

# Starts FerretDB on 127.0.0.1:$1 with SQLite files in a new temporary directory, and waits until
# it answers a ping. Sets FERRETDB_PID, FERRETDB_DIR and FERRETDB_URI.
ferretdb_start() {
  local port=$1
  FERRETDB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-data.XXXXXX")
  "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$FERRETDB_DIR/" --listen-addr="127.0.0.1:$port" \
    --state-dir=- --telemetry=disable --debug-addr=- --log-level=warn >"$FERRETDB_DIR/ferretdb.log" 2>&1 &
  FERRETDB_PID=$!
  FERRETDB_URI="mongodb://127.0.0.1:$port/"
  # Answers within a second or two; give up after 30 s and show its log.
  if ! node tests/ferretdb/wait-for-server.mjs "$FERRETDB_URI" 30000; then
    echo "FerretDB did not answer on 127.0.0.1:$port; its log:" >&2
    cat "$FERRETDB_DIR/ferretdb.log" >&2
    ferretdb_stop
    return 1
  fi
  echo "FerretDB $FERRETDB_VERSION answers on $FERRETDB_URI (pid $FERRETDB_PID, data in $FERRETDB_DIR)"
}

ferretdb_stop() {
  if [ -n "${FERRETDB_PID:-}" ] && kill -0 "$FERRETDB_PID" 2>/dev/null; then
    kill "$FERRETDB_PID"
    wait "$FERRETDB_PID" 2>/dev/null || true
  fi
  FERRETDB_PID=
  if [ -n "${FERRETDB_DIR:-}" ]; then rm -rf "$FERRETDB_DIR"; fi
  FERRETDB_DIR=
}
