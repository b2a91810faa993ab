#!/bin/sh
# run.sh: runs each libFuzzer harness for N seconds from its seed corpus.
#   tests/fuzz/run.sh BUILD_DIR SECONDS [HARNESS...]
# New inputs go to build/fuzz/corpus-NAME (not committed); a crash leaves
# build/fuzz/crash-NAME-* and fails the run: make it a regression test
# before fixing it: a golden case, or the crash file itself as a seed in
# tests/fuzz/NAME/regress-*, which make check replays through the harness
# built without libFuzzer (tests/fuzz/replay.c, unit test t-fuzz-NAME). Each harness's CPU time
# (user+sys) is printed when /usr/bin/time is there, for the closing notes.
set -u
dir=$1 secs=$2
shift 2
names=${*:-$(cd "$dir" && ls fuzz-* | sed 's/^fuzz-//')}
fail=0
for name in $names; do
	corpus=build/fuzz/corpus-$name
	mkdir -p "$corpus"
	echo "== fuzz-$name for ${secs}s"
	timer=
	[ -x /usr/bin/time ] && timer="/usr/bin/time -f cpu_seconds=%U+%S"
	$timer "$dir/fuzz-$name" -max_total_time="$secs" -timeout=10 -artifact_prefix="build/fuzz/crash-$name-" -rss_limit_mb=2048 -max_len=1048576 \
		-print_final_stats=1 "$corpus" "tests/fuzz/$name" 2>&1 |
		grep -E '^(cpu_seconds|stat::number_of_executed_units|stat::peak_rss_mb|==.*ERROR|SUMMARY|Done)' ||
		true
	ls build/fuzz/crash-"$name"-* 2>/dev/null && fail=1
done
exit $fail
