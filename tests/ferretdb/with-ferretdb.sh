#!/usr/bin/env bash
# Runs a command with MONGODB_URI pointing at a fresh FerretDB (built once, cached), then stops it:
#   tests/ferretdb/with-ferretdb.sh npm test
# FERRETDB_PORT picks the port (default 4317). The command's exit status is this script's.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/ferretdb/ferretdb.sh
. tests/ferretdb/ferretdb.sh

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [arguments]" >&2
  exit 2
fi

ferretdb_build
trap ferretdb_stop EXIT
ferretdb_start "${FERRETDB_PORT:-4317}"

# FerretDB has no transactions: this override lets the app start without them (docs/mongodb.md).
status=0
MONGODB_URI="$FERRETDB_URI" MONGODB_ALLOW_NO_TRANSACTIONS=true "$@" || status=$?
exit "$status"
