# extract-devset.sh: hrtk extract keeps its accuracy on the dev set of web
# pages (../shared/devset/readability): shingle F1 at least 0.97 (it is
# 0.984 now), so that a change that loses articles is caught.
[ -d "$SHARED/devset/readability" ] || { echo "no dev set in $SHARED"; exit 77; }
command -v python3 > /dev/null || { echo "python3 is needed"; exit 77; }
HRTK=$HRTK sh "$ROOT/scripts/eval-extract" -n 3 -f 0.97 "$SHARED/devset/readability"
