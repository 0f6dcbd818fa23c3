#!/usr/bin/env bash
# Refresh the console pictures in docs/img/ that the README and docs/console.md show: runs the console's
# end-to-end test (real Kafka, Redis and worker; headless Debian chromium) with its picture folder there.
set -euo pipefail
cd "$(dirname "$0")/.."
export QINGLANG_CONSOLE_PICTURES="$PWD/docs/img"
exec "${PYTHON:-python}" -m pytest -q -p no:cacheprovider tests/e2e/test_console.py "$@"
