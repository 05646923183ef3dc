#!/usr/bin/env bash
# Start-up of `streamlab run 02 --kafka` (issue #12, item 6: "the time from start to first record
# is the group join plus < 0.3 s"): a measurement to run by hand, not a timed test. Against a
# running broker it loads lab 02's 2,000 sales into `sales` (once), then runs the lab N times,
# each as a fresh consumer group (a new application id is not needed: the group is deleted with
# Kafka's own tool first), with librdkafka's group and fetch logs on (-X debug=cgrp,fetch), each
# line stamped on arrival. From each run it reads
#   joined:  start -> the partition assignment ("join state wait-assign-call -> steady");
#   first:   start -> the first records in the consumer's fetch queue ("Enqueue N message(s)");
#   after:   first - joined, the part the issue bounds by 0.3 s;
#   total:   the whole run (2,000 records, windows, results, commit, leave).
# The first run also creates the output topics (a fresh broker); later runs find them.
#
#   bench/kafka_startup.sh --bootstrap HOST:PORT [--build-dir DIR] [--runs N]
#
# Start a broker first: ./dev.sh kafka up (or kafka/broker/kafka.sh up --port P).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KAFKA_SH=$ROOT/kafka/broker/kafka.sh
BOOTSTRAP=""
BUILD=$ROOT/build/default
RUNS=5

say() { echo "kafka_startup: $*" >&2; }
die() {
  say "$*"
  exit 1
}
while (($#)); do
  case "$1" in
    --bootstrap) BOOTSTRAP=${2:?--bootstrap needs a value} && shift 2 ;;
    --build-dir) BUILD=${2:?--build-dir needs a value} && shift 2 ;;
    --runs) RUNS=${2:?--runs needs a value} && shift 2 ;;
    -h | --help) sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' && exit 0 ;;
    *) die "unknown argument '$1' (--help lists them)" ;;
  esac
done
[ -n "$BOOTSTRAP" ] || die "give the broker with --bootstrap HOST:PORT"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "--runs takes a positive integer, not '$RUNS'"
STREAMLAB=$BUILD/bin/streamlab
[ -x "$STREAMLAB" ] && [ -x "$BUILD/bin/streamlab-lab-solution" ] || die "$BUILD/bin has no streamlab and streamlab-lab-solution"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kafka-startup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

stamp() {
  local line
  while IFS= read -r line; do printf '%s %s\n' "${EPOCHREALTIME/,/.}" "$line"; done
}
delete_group() {
  "$KAFKA_SH" groups --delete --group lab02-sales --bootstrap-server "$BOOTSTRAP" >"$WORK/group.log" 2>&1 ||
    grep -q 'does not exist' "$WORK/group.log" || { cat "$WORK/group.log" >&2 && die "could not delete group lab02-sales"; }
}

"$STREAMLAB" replay "$ROOT/datasets/sales.jsonl" --to "kafka://$BOOTSTRAP/sales" --scenario in-order --speed max \
  --plain >"$WORK/replay.out" 2>&1 || { cat "$WORK/replay.out" >&2 && die "replay failed"; }

printf '%-4s %8s %8s %8s %8s\n' run joined first after total
for ((i = 1; i <= RUNS; i++)); do
  delete_group
  t0=${EPOCHREALTIME/,/.}
  "$STREAMLAB" run 02 --impl solution --kafka "$BOOTSTRAP" --limit 1 -X debug=cgrp,fetch 2>&1 | stamp >"$WORK/run.log"
  t1=${EPOCHREALTIME/,/.}
  grep -q 'every record accounted for' "$WORK/run.log" || { tail "$WORK/run.log" >&2 && die "run $i did not account for every record"; }
  awk -v t0="$t0" -v t1="$t1" -v run="$i" '
    !j && /join state wait-assign-call -> steady/ { j = $1 - t0 }
    !f && /Enqueue [0-9]+ message\(s\)/ { f = $1 - t0 }
    END { printf "%-4s %8.3f %8.3f %8.3f %8.3f\n", run, j, f, f - j, t1 - t0 }' "$WORK/run.log"
done
