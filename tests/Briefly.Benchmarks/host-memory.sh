#!/usr/bin/env bash
# The host's working set over a large archive, as an operator sees it: `serve` on a copy of the benchmarks' SQLite file
# (stories with stored vectors, the same file `latency` loads), measured once the index is loaded (the model checked at
# start and released again), then after two dozen briefs are posted through the API (each embedded by the model, as
# ingest does, which keeps it in memory for Search:ModelIdleMinutes: the figure the issue's target is about). The same
# run with `Search:EmbeddingModel=none` is the baseline: what the model and the vectors add.
#
#   tests/Briefly.Benchmarks/host-memory.sh [stories]      (default 100000; run `latency <stories>` once first)
set -euo pipefail
cd "$(dirname "$0")/../.."
stories="${1:-100000}"
source_db="${TMPDIR:-/tmp}/briefly-bench-stories-v3-${stories}.db"
[ -f "$source_db" ] || { echo "no $source_db: run 'dotnet run -c Release --project tests/Briefly.Benchmarks -- latency $stories' first" >&2; exit 1; }
dotnet build -c Release src/Briefly.Host >/dev/null

work="$(mktemp -d)"
port=5099
key="host-memory-benchmark-key"
host_pid=""
trap '[ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null; rm -rf "$work"' EXIT

rss_mb() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$1/status"; }

measure() {
  local label="$1" model="$2"
  cp "$source_db" "$work/briefly.db"
  rm -f "$work"/briefly.hangfire.db*
  # The generated archive was written in one moment; a real one was written day by day, and the host re-reads only
  # what changed in the last minutes before its newest change.
  python3 - "$work/briefly.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE Briefs SET UpdatedAt = Date || ' 09:00:00', CreatedAt = Date || ' 09:00:00'")
db.execute("UPDATE Stories SET UpdatedAt = (SELECT b.UpdatedAt FROM Briefs b WHERE b.Id = Stories.BriefId)")
db.commit()
PY
  Search__EmbeddingModel="$model" Ingest__ApiKey="$key" ConnectionStrings__Briefly="Data Source=$work/briefly.db" \
    Urls="http://127.0.0.1:$port" dotnet src/Briefly.Host/bin/Release/net10.0/Briefly.Host.dll serve >"$work/host.log" 2>&1 &
  host_pid=$!
  # Loaded: the index logs its first refresh, and the refresher then checks the model and hands back start-up's garbage.
  for _ in $(seq 1 600); do grep -q "Search index: .* indexed" "$work/host.log" && break; sleep 1; done
  sleep 20
  local loaded; loaded=$(rss_mb "$host_pid")
  for brief in tests/corpora/october/brief-*.txt tests/corpora/final/brief-*.txt; do
    curl -sf -o /dev/null -X POST -H "X-Api-Key: $key" -H "Content-Type: text/plain" --data-binary "@$brief" "http://127.0.0.1:$port/api/briefs"
  done
  sleep 40
  local ingested; ingested=$(rss_mb "$host_pid")
  kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=""
  echo "$label: working set ${loaded} MB loaded, ${ingested} MB after 24 briefs posted"
  eval "${label}_ingested=$ingested"
}

echo "== host working set at $stories stories =="
measure words none
measure meaning all-MiniLM-L6-v2
awk -v m="$meaning_ingested" -v w="$words_ingested" 'BEGIN { printf "by words and meaning / by words alone (same run): %.2f\n", m / w }'
