#!/usr/bin/env bash
# StreamLab developer entry point: installs what is missing, then builds, tests or demos.
#
#   ./dev.sh demo    run lab 02's reference solution on the simulator with late, out-of-order events
#   ./dev.sh test    build everything and run the whole test suite (what CI runs)
#   ./dev.sh docs    build the Doxygen reference (warnings are errors)
#   ./dev.sh lint    check formatting (.clang-format) and naming (.clang-tidy) of every C++ file
#   ./dev.sh grade   build the student preset and grade labs/ (what a student runs)
#   ./dev.sh setup   only install the Debian packages StreamLab needs
#   ./dev.sh kafka   up|down|status [--brokers 3]: a real Apache Kafka on 127.0.0.1:9092, no Docker
#   ./dev.sh peers   install the peer engines' runners (Kafka Streams, Flink, ...) into build/peers
#   ./dev.sh sanitize   the framework, simulator and CLI tests under ASan + UBSan (CI runs it)
#   ./dev.sh fuzz [SECONDS]   build the libFuzzer targets with clang and run each SECONDS (30; CI too)
#   ./dev.sh student-repo DIR   write a student repository (no solutions, no instructor material)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Debian packages StreamLab builds against; each is installed only when missing.
PACKAGES=(
  g++ cmake ninja-build pkg-config git ccache
  librdkafka-dev libboost-dev libboost-system-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libfmt-dev
  libhowardhinnant-date-dev libsimdjson-dev doxygen kcat clang-format clang-tidy
  libxml2-utils chromium
)

setup() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # The real Kafka broker of the kafka-real tests and `./dev.sh kafka` runs on a JVM; any Java 17+
  # and Maven on PATH will do, Debian's are installed only when there is none.
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  if ((${#missing[@]})); then
    echo "dev.sh: installing missing packages: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

jobs() { nproc 2>/dev/null || echo 2; }

# Installs the Debian packages named when they are missing (the fuzz step's compiler).
install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "dev.sh: installing missing packages: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

build() {
  local preset=$1
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(jobs)"
}

cmd=${1:-help}
shift || true
case "$cmd" in
  setup) setup ;;
  demo)
    setup
    build default
    exec build/default/bin/streamlab run 02 --impl solution \
      --scenario datasets/scenarios/classroom-demo.json --seed 7 "$@"
    ;;
  test)
    setup
    build default
    # Twice as many tests as cores: most of the Kafka tests wait on sockets and timeouts.
    ctest --preset default -j "$(($(jobs) * 2))" "$@"
    ;;
  sanitize)
    # AddressSanitizer and UndefinedBehaviorSanitizer, any report fatal: the tests of the labels
    # unit, engine, dsl, simulator and cli (CMakePresets.json, preset asan), in build/asan.
    setup
    cmake --preset asan >/dev/null
    cmake --build --preset asan -j "$(jobs)"
    ctest --preset asan -j "$(jobs)" "$@"
    ;;
  docs)
    setup
    cmake --preset default >/dev/null
    cmake --build --preset docs
    ;;
  lint)
    setup
    # Formatting: every tracked C++ file, as .clang-format says.
    git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror
    # Naming: the libraries, tools, labs and solutions. Tests are left out (GoogleTest's macros
    # make names of their own). clang-tidy reads compile commands from a tree configured (not
    # built) without unity builds, so it sees every file on its own; clang cannot read g++'s
    # precompiled headers, so those are taken out of the commands.
    cmake --preset default -B build/lint -DSTREAMLAB_UNITY_BUILD=OFF >/dev/null
    # The one header generated at build time that non-test code includes (the replay's web page).
    cmake --build build/lint --target replay/generated/web_page.hpp >/dev/null
    mkdir -p build/lint/tidy
    sed -E 's/ -include [^ ]*cmake_pch\.hxx//g; s/ -Winvalid-pch//g' build/lint/compile_commands.json \
      >build/lint/tidy/compile_commands.json
    run-clang-tidy -quiet -j "$(jobs)" -p build/lint/tidy -extra-arg=-Wno-unknown-warning-option \
      '^(?!.*/tests/)(?!.*_test\.cpp$).*/(framework|simulator|generators|viz|replay|grading|labs|solutions|tools)/.*\.cpp$' \
      >build/lint/clang-tidy.log 2>&1 ||
      { sed 's/\x1b\[[0-9;]*m//g' build/lint/clang-tidy.log | grep -E 'error:|warning:' | sort -u; exit 1; }
    echo "lint: formatting and naming are clean"
    ;;
  grade)
    setup
    build student
    exec build/student/bin/streamlab grade --build-dir build/student "$@"
    ;;
  kafka)
    # Java, Maven and the broker's jars come in on first use; nothing is compiled.
    exec kafka/broker/kafka.sh "$@"
    ;;
  student-repo)
    # The committed state (git's HEAD) without what students must not see: the reference
    # solutions, the deliberately wrong solutions and meta tests of the grading, the Kafka tests
    # (they run the solutions), the instructor guide and the CI script. Hidden tests never live
    # in this repository. The result configures with `--preset student` and grades on its own.
    dir=${1:?usage: ./dev.sh student-repo DIR}
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
      echo "dev.sh student-repo: $dir exists and is not empty" >&2
      exit 2
    fi
    mkdir -p "$dir"
    git archive --format=tar HEAD | tar -x -C "$dir"
    (cd "$dir" && rm -rf solutions tests/labs/wrong tests/labs/meta_test.cpp tests/kafka \
      docs/instructor-guide.md .ci)
    echo "dev.sh: wrote a student repository to $dir (from HEAD $(git rev-parse --short HEAD))"
    echo "  cd $dir && cmake --preset student && cmake --build --preset student && build/student/bin/streamlab grade --build-dir build/student"
    ;;
  fuzz)
    # libFuzzer comes with clang's runtime package (not with clang itself under
    # --no-install-recommends); both are installed here only, so `./dev.sh test` never pays.
    seconds=${1:-30}
    setup
    install_missing clang libclang-rt-14-dev
    cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
      -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined" \
      -DSTREAMLAB_FUZZ=ON -DSTREAMLAB_BUILD_TESTS=OFF -DSTREAMLAB_BUILD_BENCHMARKS=OFF -DSTREAMLAB_BUILD_KAFKA=ON >/dev/null
    cmake --build build/fuzz --target fuzzers -j "$(jobs)"
    mkdir -p build/fuzz/artifacts
    # One target per core at a time; a finding stops that target, is saved under
    # build/fuzz/artifacts and fails this command once every target has run.
    ls fuzz/*_fuzz.cpp | sed 's|fuzz/||; s|_fuzz\.cpp$||' |
      xargs -P "$(jobs)" -I{} sh -c '
        mkdir -p "build/fuzz/corpus/$1"  # new inputs go here; the checked-in seeds are only read
        "build/fuzz/bin/$1_fuzzer" -max_total_time="$2" -timeout=10 -rss_limit_mb=2048 \
          -artifact_prefix="build/fuzz/artifacts/$1-" -print_final_stats=1 \
          "build/fuzz/corpus/$1" "fuzz/corpus/$1" >"build/fuzz/$1.log" 2>&1
        status=$?
        echo "dev.sh fuzz: $1: $(grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units)" "build/fuzz/$1.log" | tail -1) (exit $status)" >&2
        [ $status -eq 0 ] || { tail -40 "build/fuzz/$1.log" >&2; exit 1; }' _ {} "$seconds"
    ;;
  peers)
    # The conformance suite's peer engines (peers/README.md); Java, Maven and the engines' jars.
    setup
    exec peers/peers.sh install "$@"
    ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    [ "$cmd" = help ] || exit 2
    ;;
esac
