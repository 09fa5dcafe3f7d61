#!/usr/bin/env bash
# Builds the libFuzzer harnesses (address sanitizer) and runs each from its checked-in corpus for SECONDS, two at a
# time (the CI machine has two cores). New inputs go to .build/fuzz-corpus/<harness>, never into the repository.
# Any crash, sanitizer report, timeout or out-of-memory fails the run and prints the input as base64 (decode it with
# `base64 -d > input`, replay with `.build/debug/<Harness> input`, then keep it under Crashes/<harness>/).
#   usage: Tests/Fuzz/fuzz.sh SECONDS [harness ...]     (harnesses: csv-table csv-dataset xlsx description store
#                                                         counts contracts policies holidays; default all)
#          Tests/Fuzz/fuzz.sh merge [harness ...]       (minimise Corpus/<harness> with the inputs runs found)
# FUZZ_FLAGS adds libFuzzer flags (e.g. -jobs, -dict); FUZZ_SCRATCH builds in another folder.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:?usage: fuzz.sh SECONDS [harness ...]}
shift
all=(csv-table csv-dataset xlsx description store counts contracts policies holidays)
harnesses=("${@:-${all[@]}}")
[ $# -eq 0 ] && harnesses=("${all[@]}")

executable() {
    case $1 in
        csv-table) echo FuzzCSVTable ;; csv-dataset) echo FuzzCSVDataset ;; xlsx) echo FuzzXLSX ;;
        description) echo FuzzDescription ;; store) echo FuzzStore ;; counts) echo FuzzCounts ;;
        contracts) echo FuzzContracts ;; policies) echo FuzzPolicies ;; holidays) echo FuzzHolidays ;;
        *) echo "unknown harness $1" >&2; return 1 ;;
    esac
}

start=$(date +%s)
# lld: SwiftPM makes each executable's <Module>_main the program's `main` with --defsym, and libFuzzer's archive (linked
# whole) brings its own `main`; lld lets the --defsym win, gold fails. The harness's main then runs libFuzzer's driver.
flags=(-c debug ${FUZZ_SCRATCH:+--scratch-path "$FUZZ_SCRATCH"} -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
       -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld)
swift build "${flags[@]}" || exit 1
bin=$(swift build "${flags[@]}" --show-bin-path)
echo "fuzz build: $(( $(date +%s) - start )) s"
if [ "$seconds" = merge ]; then
    # Minimises each harness's checked-in corpus with what runs found (.build/fuzz-corpus): libFuzzer's merge, as the
    # smallest set of inputs that covers every edge (-set_cover_merge=1 -use_counters=0: hit counts would keep ten
    # times the inputs), inputs over 12 KB left out.
    for h in "${harnesses[@]}"; do
        exe=$(executable "$h") || exit 1
        mkdir -p ".build/fuzz-corpus/$h" && rm -rf ".build/merged/$h" && mkdir -p ".build/merged/$h"
        rm -rf ".build/merge-in/$h" && mkdir -p ".build/merge-in/$h"
        find "Corpus/$h" ".build/fuzz-corpus/$h" -type f -size -12k -exec cp {} ".build/merge-in/$h/" \;
        SWIFT_BACKTRACE=enable=no OPENBLAS_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=0 "$bin/$exe" -set_cover_merge=1 -use_counters=0 \
            ".build/merged/$h" ".build/merge-in/$h" > ".build/merged/$h.log" 2>&1 || { tail -20 ".build/merged/$h.log"; exit 1; }
        rm -rf "Corpus/$h" && mv ".build/merged/$h" "Corpus/$h"
        echo "$h: $(ls "Corpus/$h" | wc -l) inputs, $(du -sk "Corpus/$h" | cut -f1) KB"
    done
    exit 0
fi

work=.build/fuzz-runs
mkdir -p "$work"
run_one() {
    local h=$1 exe
    exe=$(executable "$h") || return 1
    rm -rf "$work/$h" && mkdir -p "$work/$h/artifacts" ".build/fuzz-corpus/$h"
    # OpenBLAS starts its threads at load; one is enough for a harness.
    SWIFT_BACKTRACE=enable=no OPENBLAS_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=0 "$bin/$exe" ".build/fuzz-corpus/$h" "Corpus/$h" \
        -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2560 -print_final_stats=1 \
        -artifact_prefix="$work/$h/artifacts/" ${FUZZ_FLAGS:-} > "$work/$h/log" 2>&1
    echo $? > "$work/$h/status"
}
export -f run_one executable
export work bin seconds FUZZ_FLAGS
printf '%s\n' "${harnesses[@]}" | xargs -P 2 -I{} bash -c 'run_one {}'

failed=0
for h in "${harnesses[@]}"; do
    status=$(cat "$work/$h/status" 2>/dev/null || echo 1)
    final=$(grep -E '^#[0-9]+' "$work/$h/log" | tail -1)
    execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$work/$h/log" | awk '{print $2}')
    corpus=$(ls ".build/fuzz-corpus/$h" | wc -l)
    echo "$h: status $status, ${execs:-?} executions, final: ${final:-none}, new corpus inputs: $corpus"
    if [ "$status" != 0 ] || ls "$work/$h/artifacts/" | grep -q .; then
        failed=1
        echo "---- $h FAILED; the end of its log:"
        grep -v '^#[0-9]' "$work/$h/log" | tail -40
        for artifact in "$work/$h/artifacts"/*; do
            [ -f "$artifact" ] || continue
            echo "---- input $(basename "$artifact") ($(wc -c < "$artifact") bytes) as base64:"
            base64 -w 0 "$artifact"; echo
        done
    fi
done
echo "fuzzing: $(( $(date +%s) - start )) s in all"
exit $failed
