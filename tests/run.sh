#!/bin/sh
# run.sh: runs every test: the C unit tests, the golden CLI cases in
# tests/cases/CMD/CASE/, the bad-input suite in tests/bad/CASE/ (the same
# layout, each case bounded to 120 s), and the script tests in tests/scripts/.
#
#   tests/run.sh [--hrtk BIN] [--units DIR] [--label L] [--wrap CMD] [--then ...] [-r] [PATTERN]
# --wrap runs the binary under CMD (e.g. "valgrind -q --error-exitcode=99").
#
# A golden case is a folder holding:
#   cmd      one shell command line; $HRTK is the binary, $CASE the case folder,
#            $SHARED the shared data folder; it runs in a fresh temporary folder
#   in       fed to stdin (else /dev/null)
#   out      the expected stdout, exactly (absent: not compared)
#   err      the expected stderr, exactly; or err-has: a fragment it must contain
#   status   the expected exit status (default 0)
# A script test (tests/scripts/NAME.sh) exits 0 to pass, 77 to be skipped.
# -r rewrites out/err/status from what the commands do now, for review with git diff.
# Any sanitizer report on stderr fails the test, whatever the status.
# Ends with the line "N passed, N failed".
set -u
LC_ALL=C
export LC_ALL
top=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$(cd "$top/../shared" 2>/dev/null && pwd || echo "$top/../shared")}
export SHARED
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=99}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:exitcode=99}
export ASAN_OPTIONS UBSAN_OPTIONS
passed=0 failed=0 skipped=0 regen=0 pattern=""
failures=""

fail() {
	failed=$((failed + 1))
	failures="$failures
  [$label] $1"
	printf 'FAIL [%s] %s\n' "$label" "$1"
}

sanitizer_report() {
	grep -qE 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|SUMMARY: .*Sanitizer|^==[0-9]+== (Invalid|Conditional|Use of|Syscall param|Mismatched|[0-9,]+ bytes in [0-9,]+ blocks are definitely)' "$1"
}

run_units() {
	[ -d "$units" ] || return 0
	for t in "$units"/t-*; do
		[ -x "$t" ] || continue
		name=unit/$(basename "$t")
		case $name in *$pattern*) ;; *) continue ;; esac
		if "$t" > "$tmp/u.out" 2> "$tmp/u.err" && ! sanitizer_report "$tmp/u.err"; then
			passed=$((passed + 1))
		else
			fail "$name"
			cat "$tmp/u.out" "$tmp/u.err" | sed 's/^/    /' | head -40
		fi
	done
}

run_case() {
	case_dir=$1
	name=${case_dir#"$top"/tests/}
	name=${name#cases/}
	limit=""
	case $case_dir in "$top"/tests/bad/*) limit="timeout 120" ;; esac
	case $name in *$pattern*) ;; *) return 0 ;; esac
	work=$(mktemp -d "$tmp/case.XXXXXX")
	input=/dev/null
	[ -f "$case_dir/in" ] && input=$case_dir/in
	want_status=0
	[ -f "$case_dir/status" ] && want_status=$(cat "$case_dir/status")
	(cd "$work" && HRTK="$wrap$hrtk" CASE=$case_dir ROOT=$top exec $limit sh -c "$(cat "$case_dir/cmd")") \
		< "$input" > "$work/.out" 2> "$work/.err"
	got_status=$?
	if [ "$regen" = 1 ]; then
		cp "$work/.out" "$case_dir/out"
		[ -f "$case_dir/err-has" ] || { [ -s "$work/.err" ] && cp "$work/.err" "$case_dir/err"; } || rm -f "$case_dir/err"
		if [ "$got_status" = 0 ]; then rm -f "$case_dir/status"; else echo "$got_status" > "$case_dir/status"; fi
	fi
	why=""
	if sanitizer_report "$work/.err"; then
		why="sanitizer report"
	elif [ "$got_status" = 124 ] && [ -n "$limit" ]; then
		why="timed out (120 s)"
	elif [ "$got_status" != "$want_status" ]; then
		why="exit status $got_status, expected $want_status"
	elif [ -f "$case_dir/out" ] && ! cmp -s "$case_dir/out" "$work/.out"; then
		why="stdout differs"
	elif [ -f "$case_dir/err" ] && ! cmp -s "$case_dir/err" "$work/.err"; then
		why="stderr differs"
	elif [ -f "$case_dir/err-has" ] && ! grep -qF -- "$(cat "$case_dir/err-has")" "$work/.err"; then
		why="stderr lacks: $(cat "$case_dir/err-has")"
	fi
	if [ -z "$why" ]; then
		passed=$((passed + 1))
	else
		fail "$name: $why"
		if [ "$why" = "stdout differs" ]; then
			diff -u "$case_dir/out" "$work/.out" | head -30 | sed 's/^/    /'
		else
			head -20 "$work/.err" | sed 's/^/    /'
		fi
	fi
	rm -rf "$work"
}

run_scripts() {
	for s in "$top"/tests/scripts/*.sh; do
		[ -f "$s" ] || continue
		name=scripts/$(basename "$s" .sh)
		case $name in *$pattern*) ;; *) continue ;; esac
		work=$(mktemp -d "$tmp/script.XXXXXX")
		(cd "$work" && HRTK="$wrap$hrtk" ROOT=$top exec sh "$s") > "$work/.out" 2>&1 < /dev/null
		rc=$?
		if [ $rc = 77 ]; then
			skipped=$((skipped + 1))
			printf 'skip [%s] %s: %s\n' "$label" "$name" "$(tail -1 "$work/.out")"
		elif [ $rc = 0 ] && ! sanitizer_report "$work/.out"; then
			passed=$((passed + 1))
		else
			fail "$name (exit $rc)"
			tail -30 "$work/.out" | sed 's/^/    /'
		fi
		rm -rf "$work"
	done
}

run_all() {
	case $hrtk in /*) ;; *) hrtk=$top/$hrtk ;; esac
	case $units in /*) ;; *) units=$top/$units ;; esac
	before=$((passed + failed))
	run_units
	for c in $(find "$top/tests/cases" "$top/tests/bad" -name cmd -type f 2>/dev/null | sort); do
		run_case "$(dirname "$c")"
	done
	run_scripts
	printf '[%s] %d tests run\n' "$label" "$((passed + failed - before))"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hrtk-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
hrtk=./hrtk units=build/obj/tests label=plain wrap=""
while [ $# -gt 0 ]; do
	case $1 in
	--hrtk) hrtk=$2; shift ;;
	--units) units=$2; shift ;;
	--label) label=$2; shift ;;
	--wrap) wrap="$2 "; shift ;;
	--then) run_all ;;
	-r) regen=1 ;;
	*) pattern=$1 ;;
	esac
	shift
done
run_all
[ -n "$failures" ] && printf '\nfailed:%s\n' "$failures"
[ "$skipped" -gt 0 ] && printf '%d skipped\n' "$skipped"
printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" = 0 ]
