#!/bin/sh
# Scale-out benchmark (DESIGN.md s.9; not a test): one fixed sweep at 1 rank x 1 thread,
# 1 rank x 2 threads and 2 ranks x 1 thread, REPEATS times each; prints every wall time, the
# medians, and ratebench_mpi's account of the exchange (bytes and milliseconds per unit).
# Every configuration must write the same digest: the script checks it.
#   bench/scale_out.sh [BUILD_DIR] [REPEATS]        (run it on an otherwise idle machine)
set -eu
BUILD=${1:-build}
REPEATS=${2:-3}
# relu2.hb-beta-sweep: 6 betas x replicates units of equal declared cost, m = 8000 wide.
WORKLOAD=${WORKLOAD:-"relu2.hb-beta-sweep --set replicates=4"}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
MPIRUN="mpirun --allow-run-as-root --oversubscribe --bind-to none"

seconds() {  # wall seconds of the command "$@", its stderr kept in $OUT/last.err
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$OUT/last.err" || { cat "$OUT/last.err" >&2; exit 1; }
    end=$(date +%s.%N)
    awk "BEGIN { printf \"%.2f\", $end - $start }"
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
digest() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['digest'][:16])" "$1"/*.json; }

echo "workload: ratebench run $WORKLOAD; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
for config in "1 1" "1 2" "2 1"; do
    set -- $config
    ranks=$1 threads=$2 times=""
    for i in $(seq "$REPEATS"); do
        rm -rf "$OUT/r"
        if [ "$ranks" = 1 ]; then
            t=$(seconds "$BUILD/ratebench" run $WORKLOAD --threads "$threads" --out "$OUT/r")
        else
            t=$(seconds $MPIRUN -n "$ranks" "$BUILD/ratebench_mpi" run $WORKLOAD --threads "$threads" --out "$OUT/r")
        fi
        times="$times $t"
    done
    echo "$ranks rank(s) x $threads thread(s): wall s:$times; median $(echo "$times" | median); digest $(digest "$OUT/r")"
    [ "$ranks" = 1 ] || grep '^ratebench_mpi:' "$OUT/last.err"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
