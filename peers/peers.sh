#!/usr/bin/env bash
# The peer engines' runners (Kafka Streams, Flink, Spark, Bytewax): build them into the build tree
# and run them on a manifest of cases. peers/README.md states the runner contract.
#
#   peers.sh install [ENGINE...]            build every engine (or those named); skips the up to date
#   peers.sh run ENGINE MANIFEST SUMMARY    run one engine's runner over a manifest of cases
#   peers.sh status                         one line per engine: built | stale | not built
#   peers.sh engines                        the engines' names, one a line
#
# An engine is a folder of peers/ with a pom.xml (Maven, Java 17) or a requirements.txt and a
# runner.py (Python virtualenv). Downloads and outputs stay in build/peers (STREAMLAB_PEERS_DIR):
# the Maven repository in m2/, pip's cache in pip-cache/, one folder per engine.
# Environment: STREAMLAB_PEERS_HEAP (the runners' -Xmx, default 768m); STREAMLAB_PEERS_THREADS
# (the queries the Spark runner runs at once and its local[N], default 2).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
PDIR=$(realpath -m "${STREAMLAB_PEERS_DIR:-$ROOT/build/peers}")
HEAP=${STREAMLAB_PEERS_HEAP:-768m}

say() { echo "peers.sh: $*" >&2; }
die() {
  say "$*"
  exit 1
}
since() { # seconds since an $EPOCHREALTIME value, with milliseconds
  local ms=$(((${EPOCHREALTIME//[.,]/} - ${1//[.,]/}) / 1000))
  printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

engines() {
  local d
  for d in "$HERE"/*/; do
    d=${d%/}
    if [ -f "$d/pom.xml" ] || { [ -f "$d/requirements.txt" ] && [ -f "$d/runner.py" ]; }; then
      basename "$d"
    fi
  done
}

kind() { # maven | python
  if [ -f "$HERE/$1/pom.xml" ]; then echo maven; else echo python; fi
}

# The hash of everything an engine's build depends on: its folder, peers/common for Maven
# engines, and this script.
want_stamp() {
  local e=$1 dirs=("$HERE/$e")
  [ "$(kind "$e")" = maven ] && dirs+=("$HERE/common")
  {
    find "${dirs[@]}" -type f -not -path '*/target/*' -not -path '*/__pycache__/*' -print0 |
      sort -z | xargs -0 sha256sum
    sha256sum "$HERE/peers.sh"
  } | sed "s:$HERE/::" | sha256sum | cut -d' ' -f1
}

state() { # built | stale | not built
  local stamp=$PDIR/$1/.stamp
  if [ ! -f "$stamp" ]; then
    echo "not built"
  elif [ "$(cat "$stamp")" = "$(want_stamp "$1")" ]; then
    echo built
  else
    echo stale
  fi
}

setup_java() {
  command -v java >/dev/null && command -v mvn >/dev/null ||
    die "Java 17 and Maven are needed: ./dev.sh setup installs them"
  local m
  m=$(java -version 2>&1 | sed -n 's/.*version "\(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n 1)
  [ "${m:-0}" -ge 17 ] || die "Java 17 or newer is needed (found $m)"
}

pom_property() { sed -n "s:.*<$2>\(.*\)</$2>.*:\1:p" "$HERE/$1/pom.xml" | head -n 1; }

install_maven() {
  local e=$1 out=$PDIR/$1
  setup_java
  rm -rf "$out/target" "$out/lib"
  mkdir -p "$out"
  mvn -B -q -f "$HERE/$e/pom.xml" -Dmaven.repo.local="$PDIR/m2" -Dpeers.out="$out" -DskipTests \
    package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$out/lib" \
    >"$out/mvn.log" 2>&1 || {
    tail -n 40 "$out/mvn.log" >&2
    return 1
  }
}

install_python() {
  local e=$1 out=$PDIR/$1 wheels=$PDIR/pip-cache/wheels req=$HERE/$1/requirements.txt
  rm -rf "$out/venv"
  mkdir -p "$out" "$wheels"
  # The wheels themselves are kept in pip-cache/wheels (pip's HTTP cache stays empty behind some
  # proxies): install from there, and download into it only what is missing.
  {
    python3 -m venv "$out/venv" && {
      "$out/venv/bin/pip" install -q --no-index --find-links "$wheels" -r "$req" || {
        "$out/venv/bin/pip" download -q --cache-dir "$PDIR/pip-cache" -d "$wheels" -r "$req" &&
          "$out/venv/bin/pip" install -q --no-index --find-links "$wheels" -r "$req"
      }
    }
  } >"$out/pip.log" 2>&1 || {
    tail -n 40 "$out/pip.log" >&2
    return 1
  }
}

install_one() {
  local e=$1 t0=$EPOCHREALTIME
  local all
  all=" $(engines | tr '\n' ' ')"
  [[ $all == *" $e "* ]] || die "no engine '$e' (engines:$all)"
  if [ "$(state "$e")" = built ]; then
    say "$e is up to date"
    return 0
  fi
  mkdir -p "$PDIR/$e"
  (
    flock 9
    [ "$(state "$e")" = built ] && exit 0
    say "building $e ($(kind "$e")); downloads are cached in $PDIR"
    rm -f "$PDIR/$e/.stamp"
    "install_$(kind "$e")" "$e" || exit 1
    want_stamp "$e" >"$PDIR/$e/.stamp"
    say "$e built in $(since "$t0") s"
  ) 9>"$PDIR/$e/.lock" || die "could not build $e (log in $PDIR/$e)"
}

cmd_install() {
  local e
  if (($#)); then
    for e in "$@"; do install_one "$e"; done
  else
    for e in $(engines); do install_one "$e"; done
  fi
}

cmd_run() {
  local e=${1:-} manifest=${2:-} summary=${3:-} out status=0
  [ -n "$e" ] && [ -n "$manifest" ] && [ -n "$summary" ] || die "usage: peers.sh run ENGINE MANIFEST SUMMARY"
  [ "$(state "$e")" = built ] || die "$e is not built ($(state "$e")): run ./dev.sh peers"
  out=$PDIR/$e
  # A private temporary folder (state stores, Flink's blob and upload folders, Spark's scratch),
  # removed when the runner ends.
  RUN_TMP=$(mktemp -d "$out/tmp.XXXXXX")
  trap 'rm -rf "$RUN_TMP"' EXIT
  case "$(kind "$e")" in
    maven)
      # C1 only (C2 took 70 % more CPU in the Spark runner on one dataset's cases), with a code cache
      # larger than C1's default 48 MB, which the Spark runner filled within a minute, after
      # which the JIT stopped compiling.
      # shellcheck disable=SC2046 # the pom's <peer.jvmargs> (optional) are separate words
      java -Xmx"$HEAP" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=240m -Xshare:auto \
        -Djava.awt.headless=true \
        -Djava.io.tmpdir="$RUN_TMP" $(pom_property "$e" peer.jvmargs) \
        -cp "$(echo "$out"/target/*.jar):$out/lib/*" "$(pom_property "$e" peer.main)" "$manifest" "$summary" ||
        status=$?
      ;;
    python) TMPDIR=$RUN_TMP "$out/venv/bin/python" "$HERE/$e/runner.py" "$manifest" "$summary" || status=$? ;;
  esac
  return "$status"
}

cmd_status() {
  local e s all=0
  for e in $(engines); do
    s=$(state "$e")
    echo "$e $s"
    [ "$s" = built ] || all=1
  done
  return "$all"
}

cmd=${1:-help}
shift || true
case "$cmd" in
  install) cmd_install "$@" ;;
  run) cmd_run "$@" ;;
  status) cmd_status ;;
  engines) engines ;;
  help | -h | --help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
  *)
    sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
