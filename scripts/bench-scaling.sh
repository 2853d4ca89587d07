#!/usr/bin/env bash
# Scaling of the release `highlight` CLI: 10 KB, 100 KB, 1 MB and 10 MB inputs, in two shapes
# (articles: bench/corpus repeated, paragraphs on their own lines; one-line: the same text with
# every newline made a space, so one paragraph of the whole size). For each: wall and user time,
# peak memory (/usr/bin/time -v), MB/s; the marker output must give back the input once markers
# and escapes are removed. Exits 1 if time or memory grows clearly faster than the input:
#   user time of 10 MB > SLACK x 10 x user time of 1 MB, or
#   peak RSS growth from 1 MB to 10 MB > SLACK x 10 x (peak RSS growth from 100 KB to 1 MB + 1 MB).
#   scripts/bench-scaling.sh            (run from anywhere; builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
SLACK=2
SIZES=(10240 102400 1048576 10485760)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin highlight
bin="${CARGO_TARGET_DIR:-target}/release/highlight"

python3 - "$work" "${SIZES[@]}" <<'PY'
import pathlib, sys
work, sizes = pathlib.Path(sys.argv[1]), [int(s) for s in sys.argv[2:]]
articles = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path("bench/corpus").glob("*.txt"))]
unit = "\n\n".join(a.strip() for a in articles) + "\n\n"
for n in sizes:
    text = (unit * (n // len(unit.encode()) + 1)).encode()[:n].decode("utf-8", "ignore")
    (work / f"articles-{n}.txt").write_text(text, encoding="utf-8")
    (work / f"one-line-{n}.txt").write_text(text.replace("\n", " "), encoding="utf-8")
PY

unmark() {  # markers output -> text (inverse of output::markers), compared with the input
  python3 - "$1" "$2" <<'PY'
import sys
out, src = open(sys.argv[1], encoding="utf-8").read(), open(sys.argv[2], encoding="utf-8").read()
res, i, label = [], 0, False
while i < len(out):
    c = out[i]
    if c == "\\":
        if not label: res.append(out[i + 1])
        i += 2; continue
    if not label and c == "[": pass
    elif not label and c == "|": label = True
    elif label and c == "]": label = False
    elif not label: res.append(c)
    i += 1
text = "".join(res)
# The CLI adds a final newline when the input lacks one.
sys.exit(0 if text == src or text == src + "\n" else 1)
PY
}

printf '%-9s %9s %8s %8s %9s %10s\n' shape bytes wall_s user_s MB/s peak_MB
status=0
for shape in articles one-line; do
  declare -A user=() rss=()
  for n in "${SIZES[@]}"; do
    f="$work/$shape-$n.txt"
    /usr/bin/time -v "$bin" --color never "$f" >"$work/out" 2>"$work/time"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time")
    u=$(awk -F': ' '/User time/{print $2}' "$work/time")
    kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/time")
    user[$n]=$u rss[$n]=$kb
    # /usr/bin/time counts in 10 ms steps: no rate below 50 ms.
    mbs=$(awk -v b="$n" -v t="$u" 'BEGIN{if (t >= 0.05) printf "%.2f", b / t / 1e6; else printf "-"}')
    printf '%-9s %9d %8.2f %8.2f %9s %10.1f\n' "$shape" "$n" "$wall" "$u" "$mbs" "$(awk -v k="$kb" 'BEGIN{print k/1024}')"
    if ! unmark "$work/out" "$f"; then
      echo "bench-scaling: FAIL: $shape $n: markers output does not give back the input" >&2; status=1
    fi
  done
  big=${SIZES[3]} mid=${SIZES[2]} small=${SIZES[1]}
  if awk -v a="${user[$big]}" -v b="${user[$mid]}" -v s=$SLACK 'BEGIN{exit !(a > s * 10 * b + 0.05)}'; then
    echo "bench-scaling: FAIL: $shape: user time ${user[$mid]} s at 1 MB but ${user[$big]} s at 10 MB" >&2; status=1
  fi
  if awk -v a="${rss[$big]}" -v b="${rss[$mid]}" -v c="${rss[$small]}" -v s=$SLACK 'BEGIN{exit !((a - b) > s * 10 * ((b - c) + 1024))}'; then
    echo "bench-scaling: FAIL: $shape: peak memory ${rss[$mid]} KB at 1 MB but ${rss[$big]} KB at 10 MB" >&2; status=1
  fi
  unset user rss
done
[ $status -eq 0 ] && echo "bench-scaling: ok: time and peak memory grow linearly; text preserved"
exit $status
