#!/bin/bash
# Runs the libFuzzer targets of a WEERBAAR_FUZZ build (make fuzz; docs/testing.md,
# "Fuzzing"): each target for SECONDS, JOBS at a time, on its growing corpus
# (<build>/fuzz/corpus/<target>), its seeds and its saved crashes
# (tests/fuzz/regressions/<target>). Writes <build>/fuzz/fuzz.md, one row per target:
# executions, executions per second, corpus size, crashes. Exits 1 when any target
# crashed, leaked, timed out or broke a property; the input that did it is in
# <build>/fuzz/crashes/<target>/ and its log in <build>/fuzz/logs/<target>.log.
#
#   scripts/run-fuzzers.sh <build dir> <seconds per target> [target...]
set -euo pipefail

build=$(cd "$1" && pwd)
seconds=$2
shift 2
source_dir=$(cd "$(dirname "$0")/.." && pwd)
jobs=${FUZZ_JOBS:-$(nproc)}
if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < "$build/fuzz/targets.txt"
fi

out=$build/fuzz
mkdir -p "$out/corpus" "$out/crashes" "$out/logs"
# Stack traces with names and lines; UBSan stops at the first finding (the build
# also passes -fno-sanitize-recover=undefined) so that libFuzzer saves the input.
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer || true)}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# server_requests runs a whole server with a SQLCipher file: on tmpfs when there is one.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    export TMPDIR=/dev/shm
fi

run_one() {
    local name=$1
    local corpus=$out/corpus/$name
    mkdir -p "$corpus" "$out/crashes/$name"
    local inputs=("$corpus" "$out/seeds/$name")
    if [ -d "$source_dir/tests/fuzz/regressions/$name" ]; then
        inputs+=("$source_dir/tests/fuzz/regressions/$name")
    fi
    local options=()
    if [ -f "$source_dir/tests/fuzz/targets/$name.options" ]; then
        # libFuzzer flags for this target; lines starting with # say why.
        read -r -a options <<< "$(grep -v '^#' "$source_dir/tests/fuzz/targets/$name.options" | tr '\n' ' ')"
    fi
    local rc=0
    "$build/bin/${name}_fuzzer" -max_total_time="$seconds" -print_final_stats=1 \
        -timeout=25 -rss_limit_mb=4096 -artifact_prefix="$out/crashes/$name/" \
        "${options[@]}" "${inputs[@]}" > "$out/logs/$name.log" 2>&1 || rc=$?
    echo "$rc" > "$out/logs/$name.rc"
    if [ "$rc" = 0 ]; then
        echo "fuzz $name: ok"
    else
        echo "fuzz $name: FAILED (exit $rc), log: $out/logs/$name.log"
    fi
}
export -f run_one
export out source_dir build seconds

printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'

failed=0
{
    echo "| target | seconds | executions | executions/s | corpus files | result |"
    echo "|---|---:|---:|---:|---:|---|"
    for name in "${targets[@]}"; do
        log=$out/logs/$name.log
        executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
        files=$(find "$out/corpus/$name" -type f | wc -l)
        rc=$(cat "$out/logs/$name.rc")
        result=ok
        if [ "$rc" != 0 ]; then
            result="FAILED (exit $rc)"
            failed=1
        fi
        echo "| $name | $seconds | ${executions:-?} | ${per_second:-?} | $files | $result |"
    done
} > "$out/fuzz.md"
cat "$out/fuzz.md"
if [ "$failed" != 0 ]; then
    for name in "${targets[@]}"; do
        if [ "$(cat "$out/logs/$name.rc")" != 0 ]; then
            echo "---- $name: the end of $out/logs/$name.log"
            tail -40 "$out/logs/$name.log"
        fi
    done
    exit 1
fi
