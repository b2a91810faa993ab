# man.sh: the man pages format without warnings, name their command in
# full, and document every long option that the command's --help lists.
set -u
fail=0
for page in "$ROOT"/man/*.1; do
	warnings=$(groff -mdoc -Tutf8 -ww -z "$page" 2>&1)
	[ -z "$warnings" ] || { echo "$page: groff: $warnings"; fail=1; }
	case $page in
	*/hrtk-*.1)
		grep -qx '\.Nm' "$page" && { echo "$page: bare .Nm renders as 'hrtk' alone"; fail=1; }
		cmd=$(basename "$page" .1 | sed 's/^hrtk-//')
		# The common options are documented once, in hrtk(1).
		for opt in $($HRTK "$cmd" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u |
			grep -vxE -- '--(jsonl|files-from|null|jobs|quiet|output|progress|help)'); do
			grep -q -- "Fl -${opt#--}" "$page" || grep -q -- "Fl $opt" "$page" ||
				{ echo "$page: $opt is in --help but not in the page"; fail=1; }
		done
		;;
	esac
done
for opt in jsonl files-from null jobs quiet output progress help; do
	grep -q -- "Fl -$opt" "$ROOT/man/hrtk.1" || { echo "hrtk.1: common option --$opt undocumented"; fail=1; }
done
exit $fail
