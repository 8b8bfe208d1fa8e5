#!/usr/bin/env bash
# `make test-bittensor`: the real SDK submitter, driven by genki, against an endpoint nothing
# listens on must fail with genki's "unreachable" error, not hang or crash.
set -euo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
genki=.build/debug/genki
$genki registry init "$dir/v.db" >/dev/null
.venv-bittensor/bin/python - "$dir/v.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO miners (hotkey, first_seen) VALUES ('5Fa', 0)")
db.execute("INSERT INTO scores (round, miner_id, novelty, quality, diversity, volume, score, created_at) VALUES ('r', 1, 1, 1, 1, 1, 0.5, 0)")
db.commit()
PY
echo '{"5Fa": 1}' > "$dir/uids.json"
set +e
$genki weights set --registry "$dir/v.db" --netuid 1 --round r --uid-map "$dir/uids.json" --out "$dir/w.json" \
  --python .venv-bittensor/bin/python --network ws://127.0.0.1:9 --timeout 120 2> "$dir/err"
status=$?
set -e
cat "$dir/err"
[ "$status" -eq 1 ] && grep -q "unreachable" "$dir/err" && echo "unreachable endpoint: reported as such"
