#!/usr/bin/env bash
# The instruction-count gate (`make bench`; the Scale article explains it): builds the InstructionCounts workload,
# runs it once under callgrind (cache simulation off, deterministic hashing, one BLAS thread, every parallel loop on
# one thread), reads each phase's inclusive instruction count, compares it with Benchmarks/InstructionCounts.csv and
# prints one table (also written to Benchmarks/.build/instruction-counts.csv).
# Rule: a phase more than 3% above its stored count fails the run (naming the phase, the counts and the change); more
# than 3% below passes with a note to update. `Benchmarks/instruction-counts.sh --update` stores the new counts.
set -euo pipefail
cd "$(dirname "$0")"
stored=InstructionCounts.csv
tolerance=${INSTRUCTION_TOLERANCE_PERCENT:-3}
mkdir -p .build
swift build -c release --product InstructionCounts >/dev/null
binary=$(swift build -c release --product InstructionCounts --show-bin-path)/InstructionCounts
work=.build/instruction-counts-work
out=.build/instruction-counts.callgrind
SWIFT_DETERMINISTIC_HASHING=1 OPENBLAS_NUM_THREADS=1 ATW_WORKERS=1 "$binary" "$work" >/dev/null   # the data, once
SWIFT_DETERMINISTIC_HASHING=1 OPENBLAS_NUM_THREADS=1 ATW_WORKERS=1 \
    valgrind --tool=callgrind --cache-sim=no --callgrind-out-file="$out" "$binary" "$work" >/dev/null 2>.build/instruction-counts.valgrind.log
# Each phase's inclusive count: the functions named phase_<name> in the workload (their mangled names contain it).
callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null \
    | awk 'match($0, /[0-9]+phase_[A-Za-z]+/) {
               # A Swift mangled name holds the identifier behind its length: 14phase_forecast...
               token = substr($0, RSTART, RLENGTH); digits = token; sub(/phase_.*/, "", digits)
               name = substr(token, length(digits) + 7, digits - 6); gsub(",", "", $1)
               # Sorted by inclusive count, the first line of a phase is the function itself.
               if (!(name in seen)) { seen[name] = 1; print name "," $1 } }' \
    | sort > .build/instruction-counts.measured
if [ "${1:-}" = "--update" ]; then
    { echo "phase,instructions"; cat .build/instruction-counts.measured; } > "$stored"
    echo "stored the instruction counts of $(wc -l < .build/instruction-counts.measured) phases in Benchmarks/$stored"
    exit 0
fi
awk -F, -v tolerance="$tolerance" '
    NR == FNR { if (FNR > 1) stored[$1] = $2; next }
    { measured[$1] = $2; order[++n] = $1 }
    END {
        printf "%-16s %15s %15s %9s\n", "phase", "instructions", "stored", "change"
        print "phase,instructions,stored,change_percent" > ".build/instruction-counts.csv"
        failed = 0
        for (i = 1; i <= n; i++) {
            p = order[i]; m = measured[p]
            if (!(p in stored)) { printf "%-16s %15d %15s %9s  new: store it (--update)\n", p, m, "-", "-"; continue }
            change = (m - stored[p]) * 100 / stored[p]
            note = ""
            if (change > tolerance) { note = sprintf("  FAILED: %s rose from %d to %d instructions (%+.2f%%, more than %s%%)", p, stored[p], m, change, tolerance); failed = 1 }
            else if (change < -tolerance) note = "  better by more than " tolerance "%: update the stored counts (--update)"
            printf "%-16s %15d %15d %+8.2f%%%s\n", p, m, stored[p], change, note
            printf "%s,%d,%d,%.2f\n", p, m, stored[p], change > ".build/instruction-counts.csv"
        }
        for (p in stored) if (!(p in measured)) { printf "%-16s %15s %15d %9s  FAILED: the phase did not run\n", p, "-", stored[p], "-"; failed = 1 }
        exit failed
    }' "$stored" .build/instruction-counts.measured
