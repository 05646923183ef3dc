#!/usr/bin/env bash
# A real Apache Kafka cluster on loopback, without Docker: KRaft nodes that are each broker and
# controller, run from the official jars (kafka/broker/pom.xml pins the version).
#
#   kafka.sh up [--brokers N]        start N nodes (1 or 3) and wait until they serve metadata;
#                                    prints the bootstrap servers on standard output
#   kafka.sh down                    stop the cluster (SIGTERM, then SIGKILL) and delete its data
#   kafka.sh status                  running or not, bootstrap servers, pids; exit 0 only when up
#   kafka.sh kill N | start N        kill -9 node N / start it again (failover tests)
#   kafka.sh console-producer ARGS   Kafka's own command-line tools, from the same jars;
#   kafka.sh console-consumer ARGS   --bootstrap-server is added when ARGS have none
#   kafka.sh topics ARGS             (kafka-topics)
#   kafka.sh groups ARGS             (kafka-consumer-groups)
#
# up, down, status, kill and start take --port P (default $STREAMLAB_KAFKA_PORT, else 9092); a
# cluster of N nodes uses 2N consecutive ports: clients on P..P+N-1, controllers on P+N..P+2N-1.
# Environment: STREAMLAB_KAFKA_HEAP (each node's -Xmx, default 512m), STREAMLAB_KAFKA_TIMEOUT
# (readiness wait in seconds, default 60), STREAMLAB_KAFKA_DIR (jars, Maven cache and clusters,
# default build/kafka in the repository).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
KDIR=$(realpath -m "${STREAMLAB_KAFKA_DIR:-$ROOT/build/kafka}")
JARS=$KDIR/jars
CDS=$KDIR/cds/kafka.jsa
HEAP=${STREAMLAB_KAFKA_HEAP:-512m}
TIMEOUT=${STREAMLAB_KAFKA_TIMEOUT:-60}
STOP_TIMEOUT=20
PORT=${STREAMLAB_KAFKA_PORT:-9092}
BROKERS=1

say() { echo "kafka.sh: $*" >&2; }
since() { # seconds since an $EPOCHREALTIME value, with milliseconds
  local ms=$(((${EPOCHREALTIME//[.,]/} - ${1//[.,]/}) / 1000))
  printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}
die() {
  say "$*"
  exit 1
}

kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/pom.xml"; }

# --- Java, Maven and kcat: installed from Debian's packages only when missing -----------------

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n 1; }

find_java() {
  local c m
  for c in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" /usr/lib/jvm/java-17-openjdk-*/bin/java; do
    [ -n "$c" ] && [ -x "$c" ] || continue
    m=$(java_major "$c")
    if [ "${m:-0}" -ge 17 ]; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

setup() {
  local missing=()
  find_java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  command -v kcat >/dev/null || missing+=(kcat)
  if ((${#missing[@]})); then
    say "installing missing packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  JAVA=$(find_java) || die "no Java 17 or newer found (Kafka 4 needs it); set JAVA_HOME"
}

# --- The jars: resolved by Maven once into the build tree, again only when pom.xml changes ------

resolve() {
  local stamp=$JARS/.pom.sha256 want
  want=$(sha256sum "$HERE/pom.xml" | cut -d' ' -f1)
  [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return 0
  mkdir -p "$KDIR"
  (
    flock 9
    [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && exit 0
    say "resolving Apache Kafka $(kafka_version)'s jars with Maven (once; cached in $KDIR)"
    local t0=$EPOCHREALTIME
    rm -rf "$JARS" "$KDIR/cds"
    if ! mvn -q -B -f "$HERE/pom.xml" -Dmaven.repo.local="$KDIR/m2" \
      dependency:copy-dependencies -DoutputDirectory="$JARS" >"$KDIR/mvn.log" 2>&1; then
      tail -n 30 "$KDIR/mvn.log" >&2
      exit 1
    fi
    echo "$want" >"$stamp"
    say "jars resolved in $(since "$t0") s"
  ) 9>"$KDIR/.resolve.lock" || die "could not resolve the jars (Maven's output: $KDIR/mvn.log)"
}

# --- A class-data-sharing archive: the JVM maps the classes a broker loads instead of parsing ---
# them from the jars, which starts a node in half to two thirds of the time. Node 1 writes it when
# it first stops cleanly; 'down' checks it before keeping it (a truncated archive crashes the JVM).

cds_opts() { # sets JVM_CDS for a node ($1) or for a tool (no argument)
  JVM_CDS=("-Xlog:cds*=off")
  if [ -s "$CDS" ]; then
    JVM_CDS+=(-XX:SharedArchiveFile="$CDS")
  elif [ "${1:-}" = 1 ]; then
    mkdir -p "$KDIR/cds"
    JVM_CDS+=(-XX:ArchiveClassesAtExit="$CDS.$PORT.tmp")
  fi
}

keep_cds() { # $1: 1 when node 1 stopped cleanly
  local tmp=$CDS.$PORT.tmp
  [ -e "$tmp" ] || return 0
  if [ "$1" = 1 ] && "$JAVA" -XX:-CreateCoredumpOnCrash -XX:ErrorFile=/dev/null -Xshare:on \
    -XX:SharedArchiveFile="$tmp" "-Xlog:cds*=off" -cp "$JARS/*" -version >/dev/null 2>&1; then
    mv -f "$tmp" "$CDS"
  else
    rm -f "$tmp"
  fi
}

# --- One cluster per base port: build/kafka/cluster-PORT/node-N/ -----------------------------

cluster_dir() { CDIR=$KDIR/cluster-$PORT; }
client_port() { echo $((PORT + $1 - 1)); }
controller_port() { echo $((PORT + BROKERS + $1 - 1)); }
bootstrap() {
  local i s=""
  for ((i = 1; i <= BROKERS; i++)); do s+="${s:+,}127.0.0.1:$(client_port "$i")"; done
  echo "$s"
}
load_cluster() { # reads the node count of an existing cluster; fails when there is none
  [ -f "$CDIR/brokers" ] || return 1
  BROKERS=$(cat "$CDIR/brokers")
}
port_open() { timeout 1 bash -c ": </dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# The pid of node N when it is alive and really is that node (a pid file can outlive its process).
node_pid() {
  local p
  p=$(cat "$CDIR/node-$1/pid" 2>/dev/null) || return 1
  [ -n "$p" ] && [ -r "/proc/$p/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$p/cmdline" | grep -qF "$CDIR/node-$1/server.properties" || return 1
  echo "$p"
}

write_config() {
  local i=$1 dir=$CDIR/node-$1 voters="" j
  local rf=$((BROKERS < 3 ? BROKERS : 3)) isr=$((BROKERS < 3 ? 1 : 2))
  for ((j = 1; j <= BROKERS; j++)); do voters+="${voters:+,}$j@127.0.0.1:$(controller_port "$j")"; done
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<EOF
# Written by kafka/broker/kafka.sh: node $i of a $BROKERS-node KRaft cluster for tests.
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$(client_port "$i"),CONTROLLER://127.0.0.1:$(controller_port "$i")
advertised.listeners=PLAINTEXT://127.0.0.1:$(client_port "$i")
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$dir/data

# Topics: one partition unless asked; auto-created topics are replicated on every node (up to 3).
num.partitions=1
default.replication.factor=$rf
auto.create.topics.enable=true
delete.topic.enable=true

# Internal topics sized for tests: few partitions, replicated like the cluster.
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$isr

# A consumer group's first rebalance starts at once (the default waits 3 s for more members).
group.initial.rebalance.delay.ms=0
# Tests and classroom runs use short consumer session timeouts (from 1 s; the default floor is
# 6 s), so a member that was killed is noticed quickly.
group.min.session.timeout.ms=1000

# Replayed datasets carry their (past) event times as message timestamps; Kafka's time retention
# (7 days after the newest timestamp of a segment) would delete them. Nothing is deleted here:
# 'down' removes the data.
log.retention.ms=-1
log.retention.bytes=-1
log.segment.bytes=16777216

# A killed node is noticed within 3 s (default 9 s), so failover tests are quick.
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=3000

# Threads for a 2-core machine.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
background.threads=4
EOF
}

format_nodes() { # formats every node's storage in parallel with one random cluster id
  local id i pids=() failed=0
  # A cluster id is 16 random bytes in URL-safe base64 (what kafka-storage random-uuid prints);
  # one starting with '-' would read as an option.
  id=-
  while [[ $id == -* ]]; do id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); done
  echo "$id" >"$CDIR/cluster.id"
  cds_opts
  for ((i = 1; i <= BROKERS; i++)); do
    "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "${JVM_CDS[@]}" \
      -Dlog4j2.configurationFile="$HERE/log4j2-tools.properties" -cp "$JARS/*" kafka.tools.StorageTool \
      format -t "$id" -c "$CDIR/node-$i/server.properties" >"$CDIR/node-$i/format.log" 2>&1 8>&- &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
      say "formatting node $((i + 1))'s storage failed:"
      tail -n 20 "$CDIR/node-$((i + 1))/format.log" >&2
      failed=1
    fi
  done
  return "$failed"
}

start_node() {
  local i=$1 dir=$CDIR/node-$1
  rm -f "$dir/pid"
  echo "--- kafka.sh: starting node $i at $(date -u +%FT%TZ)" >>"$dir/broker.log"
  cds_opts "$i"
  # A session of its own, so the node outlives this script and the terminal or test that ran it;
  # every descriptor but the log is closed or redirected, so a caller reading our output does not
  # wait for the broker.
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$dir/pid" \
    "$JAVA" -Xmx"$HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$HERE/log4j2-broker.properties" -Dkafka.logs.dir="$dir" "${JVM_CDS[@]}" \
    -cp "$JARS/*" kafka.Kafka "$dir/server.properties" </dev/null >>"$dir/broker.log" 2>&1 8>&- &
  local t=0
  until [ -s "$dir/pid" ]; do
    sleep 0.05
    t=$((t + 1))
    ((t < 100)) || die "node $i did not start (see $dir/broker.log)"
  done
}

show_logs() {
  local i
  for i in "$@"; do
    say "last lines of node $i's log ($CDIR/node-$i/broker.log):"
    tail -n 25 "$CDIR/node-$i/broker.log" | sed 's/^/  /' >&2
  done
}

# Waits until node $1's port answers and a metadata request through `servers` ($2) lists the
# `want` ($3) nodes, or the deadline ($4, in $SECONDS) passes.
wait_ready() {
  local i=$1 servers=$2 want=$3 deadline=$4 md
  while :; do
    node_pid "$i" >/dev/null || {
      say "node $i exited while starting"
      show_logs "$i"
      return 1
    }
    if port_open "$(client_port "$i")"; then
      md=$(timeout 5 kcat -L -b "$servers" -m 2 2>/dev/null || true)
      [ "$(grep -cE '^  broker [0-9]+ at ' <<<"$md")" -ge "$want" ] && grep -q "^  broker $i at " <<<"$md" && return 0
    fi
    if ((SECONDS >= deadline)); then
      say "node $i was not ready within $TIMEOUT s (port $(client_port "$i"), metadata listing $want node(s))"
      show_logs "$i"
      return 1
    fi
    sleep 0.2
  done
}

# SIGTERM to every node at once, up to $STOP_TIMEOUT s for a clean shutdown, then SIGKILL; sets
# KILLED to the pids it had to kill. A node's clean shutdown needs a controller quorum, so the nodes of a cluster stop
# together, and one left without a quorum (the last of three) cannot finish: it gets 3 s.
stop_pids() {
  local p deadline=$((SECONDS + STOP_TIMEOUT)) alive quorum=$((BROKERS / 2 + 1)) lonely=""
  KILLED=" "
  kill -TERM "$@" 2>/dev/null || true
  while :; do
    alive=()
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
    ((${#alive[@]})) || return 0
    if [ -z "$lonely" ] && ((${#alive[@]} < quorum)); then lonely=$((SECONDS + 3)); fi
    if ((SECONDS >= deadline)) || { [ -n "$lonely" ] && ((SECONDS >= lonely)); }; then
      if ((SECONDS >= deadline)); then
        say "no clean stop within $STOP_TIMEOUT s: killing pid ${alive[*]}"
      else
        say "killing pid ${alive[*]}: left without a controller quorum, it cannot stop cleanly"
      fi
      kill -KILL "${alive[@]}" 2>/dev/null || true
      KILLED=" ${alive[*]} "
      for ((deadline = 0; deadline < 100; deadline++)); do # gone within 5 s
        alive=()
        for p in "$@"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
        ((${#alive[@]})) || return 0
        sleep 0.05
      done
      return 0
    fi
    sleep 0.1
  done
}

kill_nodes() { # SIGKILL to every node of the cluster that runs
  local i pid
  for ((i = 1; i <= BROKERS; i++)); do
    if pid=$(node_pid "$i"); then kill -KILL "$pid" 2>/dev/null || true; fi
  done
}

lock_cluster() {
  mkdir -p "$KDIR"
  exec 8>"$KDIR/cluster-$PORT.lock"
  flock -w 120 8 || die "another kafka.sh holds the lock of the cluster on port $PORT"
}

# --- Commands ----------------------------------------------------------------------------------

cmd_up() {
  local i p running=0 t0=$EPOCHREALTIME
  [[ $BROKERS =~ ^[1-9]$ ]] || die "--brokers takes 1 to 9 (3 for failover tests), not '$BROKERS'"
  local want=$BROKERS
  lock_cluster
  if load_cluster; then
    for ((i = 1; i <= BROKERS; i++)); do node_pid "$i" >/dev/null && running=$((running + 1)); done
    if ((running == BROKERS && BROKERS == want)); then
      say "already running ($BROKERS node(s)); './dev.sh kafka down' stops it"
      bootstrap
      return 0
    fi
    ((running == 0)) || die "a $BROKERS-node cluster is running on port $PORT ($running up): './dev.sh kafka down' first"
  fi
  BROKERS=$want
  setup
  resolve
  for ((i = 1; i <= 2 * BROKERS; i++)); do
    p=$((PORT + i - 1))
    ! port_open "$p" || die "port $p is in use (a $BROKERS-node cluster uses ports $PORT..$((PORT + 2 * BROKERS - 1))); choose another with STREAMLAB_KAFKA_PORT"
  done
  rm -rf "$CDIR"
  mkdir -p "$CDIR"
  for ((i = 1; i <= BROKERS; i++)); do write_config "$i"; done
  local t1=$EPOCHREALTIME formatted t2
  format_nodes || die "could not format the storage"
  formatted=$(since "$t1")
  t2=$EPOCHREALTIME
  echo "$BROKERS" >"$CDIR/brokers"
  # Nodes that are not ready (or a Ctrl-C while waiting) are not left running.
  trap 'kill_nodes; die "interrupted: the nodes were stopped"' INT TERM
  for ((i = 1; i <= BROKERS; i++)); do start_node "$i"; done
  local deadline=$((SECONDS + TIMEOUT))
  for ((i = 1; i <= BROKERS; i++)); do
    if ! wait_ready "$i" "$(bootstrap)" "$BROKERS" "$deadline"; then
      kill_nodes
      die "Kafka did not start; logs and configuration are kept in $CDIR"
    fi
  done
  trap - INT TERM
  say "Apache Kafka $(kafka_version): $BROKERS node(s) ready in $(since "$t0") s" \
    "(storage formatted in $formatted s, nodes started and serving metadata in $(since "$t2") s);" \
    "logs: $CDIR/node-*/broker.log"
  bootstrap
}

cmd_down() {
  local i p pids=() first=""
  lock_cluster
  if ! load_cluster; then
    say "no cluster on port $PORT"
    return 0
  fi
  for ((i = 1; i <= BROKERS; i++)); do
    p=$(node_pid "$i") && pids+=("$p")
  done
  first=$(node_pid 1) || true
  KILLED=" "
  ((${#pids[@]} == 0)) || stop_pids "${pids[@]}"
  # Node 1 writes the class-data-sharing archive when it exits; keep it only from a clean exit.
  if [ -n "$first" ] && [[ $KILLED != *" $first "* ]]; then first=1; else first=0; fi
  JAVA=$(find_java) && keep_cds "$first"
  # Keep the logs and configurations for a look after a failed test; the data goes.
  for ((i = 1; i <= BROKERS; i++)); do rm -rf "$CDIR/node-$i/data" "$CDIR/node-$i/pid"; done
  rm -f "$CDIR/brokers" "$CDIR/cluster.id"
  say "stopped ${#pids[@]} node(s) on port $PORT; data deleted"
}

cmd_status() {
  local i p up=0
  if ! load_cluster; then
    echo "kafka: not running (no cluster on port $PORT)"
    return 1
  fi
  for ((i = 1; i <= BROKERS; i++)); do
    if p=$(node_pid "$i"); then
      up=$((up + 1))
      echo "node $i: running, pid $p, 127.0.0.1:$(client_port "$i") (controller 127.0.0.1:$(controller_port "$i")), log $CDIR/node-$i/broker.log"
    else
      echo "node $i: not running"
    fi
  done
  if ((up == BROKERS)); then
    echo "kafka: running, $BROKERS node(s), Apache Kafka $(kafka_version)"
  elif ((up == 0)); then
    echo "kafka: not running"
  else
    echo "kafka: degraded, $up of $BROKERS nodes running"
  fi
  echo "bootstrap: $(bootstrap)"
  ((up == BROKERS))
}

cmd_kill() {
  local n=${1:-} p
  lock_cluster
  load_cluster || die "no cluster on port $PORT"
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= BROKERS)) || die "kill takes a node number, 1 to $BROKERS"
  p=$(node_pid "$n") || die "node $n is not running"
  kill -KILL "$p"
  while kill -0 "$p" 2>/dev/null; do sleep 0.05; done
  say "node $n (pid $p, 127.0.0.1:$(client_port "$n")) killed with SIGKILL"
}

cmd_start() {
  local n=${1:-} t0=$EPOCHREALTIME
  lock_cluster
  load_cluster || die "no cluster on port $PORT: use 'up'"
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= BROKERS)) || die "start takes a node number, 1 to $BROKERS"
  ! node_pid "$n" >/dev/null || die "node $n is already running"
  ! port_open "$(client_port "$n")" || die "port $(client_port "$n") is in use"
  setup
  start_node "$n"
  wait_ready "$n" "127.0.0.1:$(client_port "$n")" 1 $((SECONDS + TIMEOUT)) || die "node $n did not come back"
  say "node $n is back on 127.0.0.1:$(client_port "$n") after $(since "$t0") s"
}

cmd_tool() { # Kafka's command-line tool class $1 with the remaining arguments
  local cls=$1 a servers
  shift
  setup
  resolve
  for a in "$@"; do [[ $a == --bootstrap-server* ]] && servers=given; done
  if [ -z "${servers:-}" ]; then
    load_cluster || true
    set -- --bootstrap-server "$(bootstrap)" "$@"
  fi
  cds_opts
  exec "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "${JVM_CDS[@]}" \
    -Dlog4j2.configurationFile="$HERE/log4j2-tools.properties" -cp "$JARS/*" "$cls" "$@"
}

usage() {
  sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

cmd=${1:-help}
shift || true
# --port and --brokers anywhere before the tool arguments; the tools get the rest untouched.
args=()
case "$cmd" in
  console-producer | console-consumer | topics | groups) args=("$@") ;;
  *)
    while (($#)); do
      case "$1" in
        --port) PORT=${2:?--port needs a value} && shift 2 ;;
        --port=*) PORT=${1#--port=} && shift ;;
        --brokers) BROKERS=${2:?--brokers needs a value} && shift 2 ;;
        --brokers=*) BROKERS=${1#--brokers=} && shift ;;
        *) args+=("$1") && shift ;;
      esac
    done
    ;;
esac
[[ $PORT =~ ^[0-9]+$ ]] && ((PORT >= 1024 && PORT <= 65000)) || die "port must be 1024..65000, not '$PORT'"
cluster_dir

case "$cmd" in
  up | down | status) ((${#args[@]} == 0)) || die "$cmd takes no argument '${args[0]}' (see kafka.sh help)" ;;
esac
case "$cmd" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kill) cmd_kill "${args[@]}" ;;
  start) cmd_start "${args[@]}" ;;
  console-producer) cmd_tool org.apache.kafka.tools.ConsoleProducer "${args[@]}" ;;
  console-consumer) cmd_tool org.apache.kafka.tools.consumer.ConsoleConsumer "${args[@]}" ;;
  topics) cmd_tool org.apache.kafka.tools.TopicCommand "${args[@]}" ;;
  groups) cmd_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "${args[@]}" ;;
  help | -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
