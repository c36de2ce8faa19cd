#!/bin/sh
# Create the dev-only oracle environments used by tests/vectors/generate.mjs.
# Idempotent: does nothing when the pinned versions are already installed.
# Never a dependency of the published packages.
set -eu
cd "$(dirname "$0")/../.."

PY_TWILIO=9.13.0
NODE_TWILIO=6.2.0

if ! .venv/bin/python -c "import multidict; from importlib.metadata import version; import sys; sys.exit(version('twilio') != '$PY_TWILIO')" 2>/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet "twilio==$PY_TWILIO" multidict
fi

if ! node -e "process.exit(require('./node_modules/twilio/package.json').version === '$NODE_TWILIO' ? 0 : 1)" 2>/dev/null; then
  npm install --no-audit --no-fund
fi
