#!/usr/bin/env bash
# Kafka mode against kcat on a real broker: a benchmark to run by hand (issue #12, item 8), not a
# timed test. It starts a private Apache Kafka (kafka/broker/kafka.sh up --port P), loads N lab-02
# sales into lab 02's input topic `sales` over several partitions with `streamlab replay --to`,
# then measures on the same topic
#   - kcat's raw consume (`kcat -C -e -q -o beginning`, no consumer group), and as a group (-G);
#   - `streamlab run 02 --impl solution --kafka` (consume -> window -> produce);
# and prints the records per second and the ratio StreamLab / kcat excluding the group join. Each
# StreamLab run has librdkafka's consumer-group log on (-X debug=cgrp), each line stamped on
# arrival, so the time from its start to the partition assignment (the join) is read off and
# subtracted. Then the topic is emptied (deleted and created again) and the same commands run on
# it: a run's fixed cost (connect, join, find nothing to read, leave), which gives a second,
# more generous ratio. It checks that the run's accounting line says every record was accounted
# for and that it read exactly N records. The broker is stopped (its data deleted) at exit.
#
#   bench/kafka_bench.sh [--build-dir DIR] [--port P] [--partitions N] [--events N]
#                        [--runs N] [--empty-runs N] [--kcat-runs N] [--seed S]
#
#   --build-dir DIR  a build tree with bin/streamlab and bin/streamlab-lab-solution (default:
#                    build/release of this checkout when built, else build/default)
#   --port P         base port of the private broker (default 29092; it uses P and P+1)
#   --partitions N   partitions of the input topic (default 4)
#   --events N       sales to load (default 1000000)
#   --runs N         StreamLab runs on the full topic; the median counts (default 1; the
#                    consumer group is deleted before each run)
#   --empty-runs N   StreamLab runs on the emptied topic, likewise (default 3)
#   --kcat-runs N    raw kcat runs, likewise (default 3)
#   --seed S         seed of `streamlab gen sales` (default 7)
#
# Needs Java 17 and kcat (kafka.sh up installs them when missing). The broker's jars are cached
# in build/kafka of this checkout (or STREAMLAB_KAFKA_DIR), as for ./dev.sh kafka.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KAFKA_SH=$ROOT/kafka/broker/kafka.sh

# Lab 02's names (labs/02-windowed-sales/sales.hpp: SalesConfig, streams_config).
TOPIC=sales
GROUP=lab02-sales

BUILD=""
PORT=29092
PARTITIONS=4
EVENTS=1000000
RUNS=1
EMPTY_RUNS=3
KCAT_RUNS=3
SEED=7

say() { echo "kafka_bench: $*" >&2; }
die() {
  say "$*"
  exit 1
}
usage() { sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
need_int() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 takes a positive integer, not '$2'"; }

while (($#)); do
  case "$1" in
    --build-dir) BUILD=${2:?--build-dir needs a value} && shift 2 ;;
    --port) PORT=${2:?--port needs a value} && shift 2 ;;
    --partitions) PARTITIONS=${2:?--partitions needs a value} && shift 2 ;;
    --events) EVENTS=${2:?--events needs a value} && shift 2 ;;
    --runs) RUNS=${2:?--runs needs a value} && shift 2 ;;
    --empty-runs) EMPTY_RUNS=${2:?--empty-runs needs a value} && shift 2 ;;
    --kcat-runs) KCAT_RUNS=${2:?--kcat-runs needs a value} && shift 2 ;;
    --seed) SEED=${2:?--seed needs a value} && shift 2 ;;
    -h | --help) usage && exit 0 ;;
    *) die "unknown argument '$1' (--help lists them)" ;;
  esac
done
need_int --port "$PORT"
need_int --partitions "$PARTITIONS"
need_int --events "$EVENTS"
need_int --runs "$RUNS"
need_int --empty-runs "$EMPTY_RUNS"
need_int --kcat-runs "$KCAT_RUNS"
[[ $SEED =~ ^[0-9]+$ ]] || die "--seed takes a number, not '$SEED'"

built() { [ -x "$1/bin/streamlab" ] && [ -x "$1/bin/streamlab-lab-solution" ]; }
if [ -z "$BUILD" ]; then
  if built "$ROOT/build/release"; then BUILD=$ROOT/build/release; else BUILD=$ROOT/build/default; fi
fi
BUILD=$(realpath -m "$BUILD")
built "$BUILD" || die "$BUILD/bin has no streamlab and streamlab-lab-solution: build them or give --build-dir"
STREAMLAB=$BUILD/bin/streamlab
command -v kcat >/dev/null || die "kcat is not installed (apt-get install kcat, or run ./dev.sh kafka up once)"

# --- Helpers -----------------------------------------------------------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kafka-bench.XXXXXX")
STARTED=0
cleanup() {
  local rc=$?
  if ((STARTED)); then "$KAFKA_SH" down --port "$PORT" >/dev/null 2>&1 || say "could not stop the broker on port $PORT"; fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# timed OUT ERR CMD...: runs CMD with its output in OUT and ERR; sets WALL, CPU_USER and CPU_SYS
# (seconds; the CPU times of CMD and its children); returns CMD's status.
timed() {
  local out=$1 err=$2 rc=0 TIMEFORMAT='%3R %3U %3S'
  shift 2
  { time "$@" >"$out" 2>"$err"; } 2>"$WORK/time" || rc=$?
  read -r WALL CPU_USER CPU_SYS <"$WORK/time"
  return "$rc"
}
calc() { awk "BEGIN { printf \"%s\", $* }"; }
rate() { calc "sprintf(\"%.0f\", $EVENTS / $1)"; } # records per second for a time in seconds
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
show_tail() {
  say "last lines of $1:"
  tail -n 15 "$1" | sed 's/^/  /' >&2
}
tool() { # tool LOG kafka.sh-tool ARGS...: one of Kafka's own tools, quietly
  local log=$1
  shift
  "$KAFKA_SH" "$@" --bootstrap-server "$SERVERS" >"$log" 2>&1
}
delete_group() { # deletes consumer group $1 (and its committed offsets) when it exists
  tool "$WORK/group.log" groups --delete --group "$1" && return 0
  grep -q 'does not exist' "$WORK/group.log" || { show_tail "$WORK/group.log" && die "could not delete consumer group $1"; }
}
# create_topic: the input topic, empty, with its partitions led (deleting it first when it exists).
create_topic() {
  local i
  for ((i = 0; i < 30; i++)); do
    tool "$WORK/topic.log" topics --create --topic "$TOPIC" --partitions "$PARTITIONS" --replication-factor 1 && break
    grep -qE 'already exists|marked for deletion' "$WORK/topic.log" || { show_tail "$WORK/topic.log" && die "could not create topic $TOPIC"; }
    sleep 1 # the deletion of the previous one is still going on
  done
  ((i < 30)) || die "topic $TOPIC could not be created again within 30 s of its deletion"
  for ((i = 0; i < 100; i++)); do
    [ "$(kcat -L -b "$SERVERS" -t "$TOPIC" 2>/dev/null | grep -c 'partition .* leader [0-9]')" = "$PARTITIONS" ] && return 0
    sleep 0.1
  done
  die "topic $TOPIC has no leader for each of its $PARTITIONS partitions after 10 s"
}
end_offsets() { # the sum of the end offsets of the input topic's partitions
  local args=() p
  for ((p = 0; p < PARTITIONS; p++)); do args+=(-t "$TOPIC:$p:-1"); done
  kcat -Q -b "$SERVERS" "${args[@]}" | awk '$2 ~ /^\[[0-9]+\]$/ && $3 == "offset" { s += $4 } END { print s + 0 }'
}
steal() { # CPU seconds the hypervisor has given to others so far (all cores), from /proc/stat
  awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { printf "%.2f", $9 / hz }' /proc/stat
}
broker_cpu() { # CPU seconds the broker's JVM has used so far
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$BROKER_PID/stat"
}
# kcat_raw: KCAT_RUNS raw consumes of the whole topic; sets KCAT_WALLS and their median KCAT_MEDIAN.
kcat_raw() {
  local i
  KCAT_WALLS=()
  for ((i = 1; i <= KCAT_RUNS; i++)); do
    timed /dev/null "$WORK/kcat.err" kcat -C -e -q -o beginning -b "$SERVERS" -t "$TOPIC" ||
      { show_tail "$WORK/kcat.err" && die "kcat failed"; }
    KCAT_WALLS+=("$WALL")
  done
  KCAT_MEDIAN=$(median "${KCAT_WALLS[@]}")
}
# kcat_group NAME: KCAT_RUNS consumes of the whole topic, each as a new consumer group NAME-i;
# sets KCATG_WALLS and their median KCATG_MEDIAN.
kcat_group() {
  local i
  KCATG_WALLS=()
  for ((i = 1; i <= KCAT_RUNS; i++)); do
    timed /dev/null "$WORK/kcatg.err" kcat -C -e -q -b "$SERVERS" -G "$1-$i" -X auto.offset.reset=earliest "$TOPIC" ||
      { show_tail "$WORK/kcatg.err" && die "kcat -G failed"; }
    KCATG_WALLS+=("$WALL")
  done
  KCATG_MEDIAN=$(median "${KCATG_WALLS[@]}")
}
stamp() { # each line of standard input, prefixed with the time it arrived (epoch seconds)
  local line
  while IFS= read -r line; do printf '%s %s\n' "${EPOCHREALTIME/,/.}" "$line"; done
}
# run_lab OUT LOG: one `streamlab run 02 --kafka` as a fresh consumer group, with librdkafka's
# group log (-X debug=cgrp) stamped into LOG; sets WALL, CPU_USER, CPU_SYS and JOINED, the
# seconds from the start to the partition assignment ("join state wait-assign-call -> steady").
run_lab() {
  local t0 rc=0 TIMEFORMAT='%3R %3U %3S'
  delete_group "$GROUP" # otherwise the run would resume from the previous run's offsets
  t0=${EPOCHREALTIME/,/.}
  { time "$STREAMLAB" run 02 --impl solution --kafka "$SERVERS" --limit 1 -X debug=cgrp 2>&1 >"$1" | stamp >"$2"; } \
    2>"$WORK/time" || rc=$?
  read -r WALL CPU_USER CPU_SYS <"$WORK/time"
  ((rc == 0)) || { show_tail "$2" && die "streamlab run 02 --kafka failed"; }
  JOINED=$(awk -v t0="$t0" '/join state wait-assign-call -> steady/ { printf "%.3f", $1 - t0; exit }' "$2")
  [ -n "$JOINED" ] || die "no partition assignment in librdkafka's group log ($2)"
}
# check_accounting OUT WANT: the run's accounting line reads WANT records and accounts for all.
check_accounting() {
  local line
  line=$(grep '^# accounting:' "$1") || die "no accounting line in the output of streamlab run ($1)"
  [[ $line == *"(every record accounted for)" ]] || die "records not accounted for: $line"
  [[ $line =~ ^#\ accounting:\ in\ ([0-9]+), ]] || die "cannot read records_in from: $line"
  ((BASH_REMATCH[1] == $2)) || die "records_in is ${BASH_REMATCH[1]}, expected $2: $line"
  echo "$line"
}
s1() { calc "sprintf(\"%.1f\", $1)"; }

# --- The broker --------------------------------------------------------------------------------

echo "# StreamLab Kafka-mode benchmark, $(date -u +%FT%TZ)"
echo "# machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)
echo "# build: $BUILD (${build_type:-build type unknown}); checkout $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "# $(kcat -V 2>&1 | sed -n 's/^Version \([^ ]*\) .*\(librdkafka [^ ]*\).*/kcat \1, \2/p' | head -n 1)"

if "$KAFKA_SH" status --port "$PORT" >/dev/null 2>&1; then
  die "a broker already runs on port $PORT: stop it or choose another --port"
fi
t0=${EPOCHREALTIME/,/.}
STARTED=1
SERVERS=$("$KAFKA_SH" up --port "$PORT" 2>"$WORK/up.log") || { show_tail "$WORK/up.log" && die "the broker did not start"; }
BROKER_PID=$("$KAFKA_SH" status --port "$PORT" | sed -n 's/^node 1: running, pid \([0-9]*\),.*/\1/p')
[ -n "$BROKER_PID" ] || die "cannot find the broker's pid"
echo "broker:        Apache Kafka on $SERVERS, up in $(s1 "${EPOCHREALTIME/,/.} - $t0") s"
create_topic
# The first consumer group on a new broker waits seconds for the offsets topic to be created and
# loaded; one untimed group consume of the empty topic does that before anything is measured.
kcat -C -e -q -b "$SERVERS" -G kafka-bench-warm-up -X auto.offset.reset=earliest "$TOPIC" >/dev/null 2>&1 ||
  die "kcat -G failed on the empty topic"

# --- Load ----------------------------------------------------------------------------------------

timed /dev/null "$WORK/gen.err" "$STREAMLAB" gen sales --events "$EVENTS" --seed "$SEED" --rate 50 \
  --output "$WORK/sales.jsonl" || { show_tail "$WORK/gen.err" && die "streamlab gen failed"; }
GEN=$WALL
# In event-time order; null keys, spread round-robin over the partitions (datasets/scenarios/README.md).
printf '{"name":"kafka-bench","description":"in order over %d partitions","seed":1,"partitions":%d}\n' \
  "$PARTITIONS" "$PARTITIONS" >"$WORK/scenario.json"
b0=$(broker_cpu)
timed "$WORK/replay.out" "$WORK/replay.err" "$STREAMLAB" replay "$WORK/sales.jsonl" \
  --to "kafka://$SERVERS/$TOPIC" --scenario "$WORK/scenario.json" --speed max --plain ||
  { show_tail "$WORK/replay.err" && die "streamlab replay --to failed"; }
LOAD=$WALL
grep -q "$EVENTS of $EVENTS arrivals delivered" "$WORK/replay.out" "$WORK/replay.err" ||
  { show_tail "$WORK/replay.err" && die "the replay did not deliver $EVENTS records"; }
held=$(end_offsets)
((held == EVENTS)) || die "topic $TOPIC holds $held records, expected $EVENTS"
echo "load:          $EVENTS sales ($(($(stat -c %s "$WORK/sales.jsonl") / 1000000)) MB of JSON lines, generated in" \
  "$GEN s) into '$TOPIC' over $PARTITIONS partitions: $LOAD s, $(rate "$LOAD") records/s" \
  "(streamlab replay --to --speed max; CPU $CPU_USER s user, $CPU_SYS s sys; broker CPU $(s1 "$(broker_cpu) - $b0") s)"

# --- kcat, then StreamLab, on the full topic -----------------------------------------------------

b0=$(broker_cpu)
kcat_raw
KCAT=$KCAT_MEDIAN
kcat_cpu=$(calc "$CPU_USER + $CPU_SYS")
read_back=$(kcat -C -e -q -o beginning -b "$SERVERS" -t "$TOPIC" -f '%p\n' | wc -l)
((read_back == EVENTS)) || die "kcat read $read_back records back, expected $EVENTS"
echo "kcat raw:      ${KCAT_WALLS[*]} s: median $KCAT s, $(rate "$KCAT") records/s" \
  "(kcat CPU $kcat_cpu s per run; broker CPU $(s1 "($(broker_cpu) - $b0) / $KCAT_RUNS") s per run)"
kcat_group kafka-bench-full
KCATG=$KCATG_MEDIAN
echo "kcat -G:       ${KCATG_WALLS[*]} s: median $KCATG s, $(rate "$KCATG") records/s (each a new consumer group: the join included)"

walls=()
joins=()
for ((r = 1; r <= RUNS; r++)); do
  b0=$(broker_cpu)
  st0=$(steal)
  run_lab "$WORK/run.out" "$WORK/run.log"
  walls+=("$WALL")
  joins+=("$JOINED")
  accounting=$(check_accounting "$WORK/run.out" "$EVENTS")
  produced=$(sed -n 's/^# produced/produced/p' "$WORK/run.out")
  echo "streamlab run: $WALL s, partitions assigned after $JOINED s (CPU $CPU_USER s user, $CPU_SYS s sys;" \
    "broker CPU $(s1 "$(broker_cpu) - $b0") s; CPU stolen by the hypervisor $(s1 "$(steal) - $st0") s;" \
    "$(wc -l <"$WORK/run.log") lines of group log); $produced"
done
SL=$(median "${walls[@]}")
JOIN=$(median "${joins[@]}")
echo "               $accounting"

# --- Fixed costs, on the emptied topic: what each consumer spends around its records ------------

delete_group "$GROUP"
tool "$WORK/topic.log" topics --delete --topic "$TOPIC" || { show_tail "$WORK/topic.log" && die "could not delete topic $TOPIC"; }
create_topic
kcat -C -e -q -o beginning -b "$SERVERS" -t "$TOPIC" >/dev/null 2>&1 || true # warm-up, not counted
kcat_raw
KCAT0=$KCAT_MEDIAN
kcat_group kafka-bench-empty
KCATG0=$KCATG_MEDIAN
walls=()
joins=()
for ((r = 1; r <= EMPTY_RUNS; r++)); do
  run_lab "$WORK/run0.out" "$WORK/run0.log"
  check_accounting "$WORK/run0.out" 0 >/dev/null
  walls+=("$WALL")
  joins+=("$JOINED")
done
FIXED=$(median "${walls[@]}")
echo "empty topic:   kcat raw $KCAT0 s (median; connect, then fetches that wait fetch.wait.max.ms for data), kcat -G $KCATG0 s (median)"
echo "               streamlab run 02 --kafka: ${walls[*]} s: median $FIXED s (connect, group join, nothing to read," \
  "leave); partitions assigned after ${joins[*]} s"

# --- Summary ------------------------------------------------------------------------------------

NET=$(calc "$SL - $JOIN")
NET_FIXED=$(calc "$SL - $FIXED")
RATIO=$(calc "sprintf(\"%.3f\", $KCAT / $NET)")
echo
echo "| $EVENTS records, $PARTITIONS partitions | wall time | records/s |"
echo "|---|---|---|"
echo "| kcat, raw consume (median of $KCAT_RUNS) | $KCAT s | $(rate "$KCAT") |"
echo "| kcat -G, consumer group (join included; median of $KCAT_RUNS) | $KCATG s | $(rate "$KCATG") |"
echo "| streamlab run 02 --kafka, whole run (median of $RUNS) | $SL s | $(rate "$SL") |"
echo "| streamlab run 02 --kafka, less the group join ($JOIN s) | $NET s | $(rate "$NET") |"
echo "| streamlab run 02 --kafka, less the whole empty-topic run ($FIXED s) | $NET_FIXED s | $(rate "$NET_FIXED") |"
echo
echo "ratio StreamLab / kcat raw, excluding the group join: $RATIO" \
  "(goal >= 0.5: $(calc "($RATIO >= 0.5) ? \"met\" : \"not met\""));" \
  "excluding the whole empty-topic run: $(calc "sprintf(\"%.3f\", $KCAT / $NET_FIXED)");" \
  "whole runs, against kcat -G: $(calc "sprintf(\"%.3f\", $KCATG / $SL)")"
echo "# load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
