#!/usr/bin/env bash
# The instructor guide's Kafka demo ("40–47 min: Kafka in the room"), run as the guide writes it.
#
# The commands are read from the fenced code blocks of that section of docs/instructor-guide.md,
# not copied here, so this test fails when the guide's commands stop working. Only what a test
# must change is changed: a free port instead of the guide's, the built binary for `streamlab`,
# `--speed max` instead of real time, and the lab runs without `--follow` (which the guide
# recommends for results; `--follow` would wait for Ctrl-C).
#
# Checked: the broker's partition count is the replayed scenario's, and the broker creates the
# topic with it; the replay delivers every arrival; `run 02 --kafka` over the replayed topic prints
# the simulator's result tables and accounting for the same scenario (`run 02 --scenario
# SCENARIO`); on a restarted broker (the guide restarts it so that the topic is empty), `kcat -P`
# fills the topic, `kcat -C -c N` prints N of the file's records, and `run 02 --kafka` over that
# topic again prints the simulator's tables and accounting, as the guide says.
#
# Usage: guide_kafka_demo_test.sh STREAMLAB_BINARY SOURCE_DIR
set -euo pipefail

tool=$(realpath "${1:?usage: guide_kafka_demo_test.sh STREAMLAB_BINARY SOURCE_DIR}")
source_dir=$(realpath "${2:?usage: guide_kafka_demo_test.sh STREAMLAB_BINARY SOURCE_DIR}")
guide=$source_dir/docs/instructor-guide.md
heading='### 40–47 min: Kafka in the room'

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill -INT "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# --- The section's commands: every line inside a ``` block between the heading and the next
# `###` heading (a `####` subheading stays inside), joined where a line ends in a backslash.
mapfile -t commands < <(awk -v heading="$heading" '
  index($0, heading) == 1 { inside = 1; next }
  inside && /^###[^#]/ { exit }
  inside && /^```/ { fenced = !fenced; next }
  inside && fenced && NF {
    if (sub(/\\[[:space:]]*$/, "")) { pending = pending $0; next }
    print pending $0; pending = ""
  }' "$guide")
[[ ${#commands[@]} -gt 0 ]] || fail "no commands found under '$heading' in $guide"

broker_cmd='' replay_cmd='' run_cmd='' produce_cmd='' consume_cmd=''
for c in "${commands[@]}"; do
  case "$c" in
    'streamlab broker '*) broker_cmd=$c ;;
    'streamlab replay '*) replay_cmd=$c ;;
    'streamlab run '*) run_cmd=$c ;;
    'kcat -P '*) produce_cmd=$c ;;
    'kcat -C '*) consume_cmd=$c ;;
    *) fail "the guide's Kafka section has a command this test does not know how to run: '$c' (teach this test to run it)" ;;
  esac
done
for v in broker_cmd replay_cmd run_cmd produce_cmd consume_cmd; do
  [[ -n ${!v} ]] || fail "the guide's Kafka section lost its ${v%_cmd} command; commands found: ${commands[*]}"
done
echo "the guide's commands:"
printf '  %s\n' "${commands[@]}"

guide_port=$(sed -n 's/.*--port \([0-9]*\).*/\1/p' <<<"$broker_cmd")
partitions=$(sed -n 's/.*--partitions \([0-9]*\).*/\1/p' <<<"$broker_cmd")
topic=$(sed -n 's/.*--topic \([^ ]*\).*/\1/p' <<<"$broker_cmd")
scenario=$(sed -n 's/.*--scenario \([^ ]*\).*/\1/p' <<<"$replay_cmd")
[[ -n $guide_port && -n $partitions && -n $topic ]] ||
  fail "the broker command '$broker_cmd' lacks --port, --partitions or --topic"
[[ -n $scenario ]] || fail "the replay command '$replay_cmd' names no --scenario"
[[ $run_cmd == 'streamlab run 02 '* ]] || fail "the guide's run command is no longer lab 02: '$run_cmd'"

# A command of the guide with this test's substitutions, as a word list for "${...[@]}".
# The guide's commands hold no quotes or globs, so splitting on spaces is exact.
substituted() {
  local port=$1 line=$2
  line=${line//":$guide_port"/":$port"}
  line=${line//"--port $guide_port"/"--port $port"}
  line=$(sed -E 's/--speed [^ ]+/--speed max/; s/ --follow( |$)/\1/' <<<"$line")
  read -r -a words <<<"$line"
  [[ ${words[0]} == streamlab ]] && words[0]=$tool
  printf '%s\n' "${words[@]}"
}

# Starts the guide's broker on a free port; sets `port` and `broker_log`.
start_broker() {
  local name=$1
  broker_log=$work/$name.log
  for _ in 1 2 3 4 5; do
    # Below Linux's ephemeral range (32768-60999), so no outgoing connection holds it; a port in
    # use makes the broker exit ("Address already in use") and the next try takes another.
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 12768))
    mapfile -t argv < <(substituted "$port" "$broker_cmd")
    "${argv[@]}" >"$broker_log" 2>&1 &
    local pid=$!
    for _ in $(seq 100); do
      grep -q '^Press Ctrl-C' "$broker_log" && { pids+=("$pid"); return 0; }
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  cat "$broker_log" >&2
  fail "the broker (${argv[*]}) did not start"
}

# Runs one of the guide's commands (substituted) from the source directory, bounded in time.
run_guide() {
  local port=$1 line=$2 out=$3
  mapfile -t argv < <(substituted "$port" "$line")
  echo "+ ${argv[*]}"
  local status=0
  (cd "$source_dir" && timeout 60 "${argv[@]}") >"$out" 2>"$out.err" || status=$?
  return $status
}

# The rows of each result table named revenue-* (`== TOPIC (N results) ==`, its header with the
# result count, and its rows up to the next blank line), each table sorted: windows on two
# partitions may fire in another order, their panes may not differ.
revenue_tables() {
  awk '/^== /{ inside = ($2 ~ /^revenue-/); table = $2 } /^$/{ inside = 0 } inside { print table "\t" $0 }' "$1" |
    LC_ALL=C sort
}

check_like_simulator() {
  local kafka=$1 what=$2
  if ! diff -u "$work/sim.tables" <(revenue_tables "$kafka") >"$work/diff"; then
    cat "$kafka" "$work/diff" >&2
    fail "$what: the result tables differ from the simulator's (the Kafka run's output, then - simulator, + Kafka)"
  fi
  local expected actual
  expected=$(grep '^# accounting:' "$work/sim.out")
  actual=$(grep '^# accounting:' "$kafka" || true)
  [[ $actual == "$expected" ]] ||
    fail "$what: accounting '$actual', the simulator's is '$expected'"
  echo "ok: $what prints the simulator's tables ($(grep -c . "$work/sim.tables") rows) and accounting"
}

# --- The topic must have the scenario's partitions: the replay puts each arrival in the
# scenario's partition, and a partition that never gets a record holds the watermark back.
scenario_partitions=$("$tool" scenario show "$scenario" | sed -n 's/^ *"partitions": *\([0-9]*\).*/\1/p')
[[ $scenario_partitions == "$partitions" ]] ||
  fail "the guide's broker makes $partitions partitions, its replay's scenario '$scenario' uses ${scenario_partitions:-(none given)}"

# --- The simulator's results for the replay's scenario: what the guide says Kafka mode gives.
sim_cmd=$(sed -E 's/ --kafka [^ ]+//; s/ --follow( |$)/\1/' <<<"$run_cmd")
run_guide 0 "$sim_cmd --scenario $scenario" "$work/sim.out" ||
  { cat "$work/sim.out" "$work/sim.out.err" >&2; fail "the simulator run failed"; }
revenue_tables "$work/sim.out" >"$work/sim.tables"
[[ $(grep -c '== revenue-' "$work/sim.tables") -ge 2 ]] ||
  { cat "$work/sim.out" >&2; fail "the simulator printed no revenue tables"; }

# --- Broker, replay, run: the first half of the demo.
start_broker broker
grep -qx "topic: *$topic ($partitions partitions)" "$broker_log" ||
  { cat "$broker_log" >&2; fail "the broker did not create topic $topic with $partitions partitions"; }
echo "ok: the broker serves $topic with $partitions partitions on port $port"

run_guide "$port" "$replay_cmd" "$work/replay.out" ||
  { cat "$work/replay.out" "$work/replay.out.err" >&2; fail "the replay failed"; }
events=$(sed -n 's/^replaying [^ ]* (\([0-9]*\) events.*/\1/p' "$work/replay.out" | head -1)
arrivals=$(sed -n 's/^replaying .* \([0-9]*\) arrivals).*/\1/p' "$work/replay.out" | head -1)
summary=$(grep 'arrivals delivered to' "$work/replay.out.err" || true)
[[ -n $events && $events -gt 0 && $arrivals == "$events" ]] ||
  { cat "$work/replay.out" >&2; fail "the replay's header does not say N events and N arrivals"; }
[[ $summary == "streamlab replay: $arrivals of $arrivals arrivals delivered to"* ]] ||
  { cat "$work/replay.out.err" >&2; fail "the replay did not deliver all $arrivals arrivals: '$summary'"; }
echo "ok: the replay delivered all $arrivals records"

run_guide "$port" "$run_cmd" "$work/run.out" ||
  { cat "$work/run.out" "$work/run.out.err" >&2; fail "the lab run over the replayed topic failed"; }
check_like_simulator "$work/run.out" "run 02 --kafka over the replayed topic"

# --- kcat: the broker restarted (a new one), so that the topic holds only what kcat produces.
if ! command -v kcat >/dev/null; then
  echo "SKIPPED the kcat part: kcat is not installed (Debian package kcat, in dev.sh's PACKAGES)"
  exit 0
fi
broker_pid=${pids[0]}
kill -INT "$broker_pid"
for _ in $(seq 100); do kill -0 "$broker_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$broker_pid" 2>/dev/null && fail "the broker did not stop within 10 s of Ctrl-C (SIGINT)"
broker_status=0
wait "$broker_pid" || broker_status=$?
pids=()
if [[ $broker_status -ne 0 ]] || ! grep -q '^streamlab broker: stopped' "$broker_log"; then
  cat "$broker_log" >&2
  fail "the broker did not stop cleanly on Ctrl-C (exit status $broker_status)"
fi
echo "ok: the broker stopped on Ctrl-C"
start_broker restarted-broker
run_guide "$port" "$produce_cmd" "$work/produce.out" ||
  { cat "$work/produce.out.err" >&2; fail "kcat -P failed"; }
run_guide "$port" "$consume_cmd" "$work/consume.out" ||
  { cat "$work/consume.out.err" >&2; fail "kcat -C failed"; }
count=$(sed -n 's/.* -c \([0-9]*\).*/\1/p' <<<"$consume_cmd")
[[ -n $count ]] || fail "the guide's kcat -C command '$consume_cmd' has no -c COUNT"
[[ $(wc -l <"$work/consume.out") -eq $count ]] ||
  { cat "$work/consume.out" >&2; fail "kcat -C -c $count printed $(wc -l <"$work/consume.out") lines"; }
file=$(sed -n 's/.* -l \([^ ]*\).*/\1/p' <<<"$produce_cmd")
while IFS= read -r record; do
  grep -qxF -- "$record" "$source_dir/$file" || fail "kcat -C printed '$record', not a line of $file"
done <"$work/consume.out"
echo "ok: kcat -P then kcat -C -c $count printed $count of the file's records"

run_guide "$port" "$run_cmd" "$work/run-kcat.out" ||
  { cat "$work/run-kcat.out" "$work/run-kcat.out.err" >&2; fail "the lab run over the kcat topic failed"; }
check_like_simulator "$work/run-kcat.out" "run 02 --kafka over the topic kcat filled"
