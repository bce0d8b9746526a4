#!/usr/bin/env bash
# No network at run time: a full demo, keys, export, import, the reading commands and a
# console session (log in, open a queue, quit, in tmux) each run under
# `strace -f -e trace=network`; every socket-family system call is counted. The count that
# must be 0 is of calls on anything but AF_UNIX (the terminal library wakes the console on a
# window resize through a local Unix socket pair; that is reported separately).
#
#   scripts/no-network.sh [path/to/registrar]     (needs strace and tmux; debug build by default)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/registrar}
[ -x "$bin" ] || cargo build --locked --bin registrar
bin=$(realpath "$bin")
command -v strace >/dev/null || { echo "strace is needed (apt-get install strace)" >&2; exit 1; }
command -v tmux >/dev/null || { echo "tmux is needed (apt-get install tmux)" >&2; exit 1; }

work=$(mktemp -d)
trap 'tmux -L nonet kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
now=2026-11-21T02:00:00Z
echo demo-imfp >"$work/imfp"
echo demo-admin >"$work/admin"
echo demo-station >"$work/key"
traces="$work/traces"
mkdir "$traces"
n=0
traced() { # traced NAME ARGS… : runs registrar under strace
  local name=$1; shift
  n=$((n + 1))
  if ! strace -f -qq -e trace=network -o "$traces/$n-$name" "$bin" "$@" >"$work/out" 2>&1; then
    echo "$name failed: $(tail -1 "$work/out")" >&2
    exit 1
  fi
}
as_imfp=(--store "$work/a.redb" --now "$now" --user imfp --passphrase-file "$work/imfp")
as_admin=(--store "$work/a.redb" --now "$now" --user admin --passphrase-file "$work/admin")

traced demo --store "$work/a.redb" --now "$now" demo --no-tui
# A second station: a copy of the demo registry would share its keys, so a fresh one.
echo "chief-correct-horse" >"$work/chief"
REGISTRAR_KEY_WORK_FACTOR=10 traced init --store "$work/b.redb" --now "$now" --user chief \
  --passphrase-file "$work/chief" init --exercise --mission MINUSCA --station MINUSCA-JOC-1
traced keys-show "${as_admin[@]}" keys show
traced keys-list "${as_admin[@]}" keys list
traced queue "${as_imfp[@]}" queue pending
traced queue-json "${as_imfp[@]}" queue urgent --json
traced settings "${as_imfp[@]}" settings show
traced whoami "${as_imfp[@]}" whoami
traced verify "${as_imfp[@]}" verify
traced conflicts "${as_imfp[@]}" conflicts list
traced report "${as_imfp[@]}" report oversight --out "$work/oversight.json"
mkdir "$work/medium"
# Trust each other, export from A to B, import at B.
"$bin" --store "$work/b.redb" --now "$now" --user chief --passphrase-file "$work/chief" \
  keys show >"$work/b.keys" 2>/dev/null || true
b_age=$(awk '/age recipient/ {print $3}' "$work/b.keys")
awk '/signing key/ {sub(/^signing key: +/, ""); print}' "$work/b.keys" >"$work/b.ssh"
traced trust "${as_admin[@]}" keys trust --station MINUSCA-JOC-1 --age-recipient "$b_age" \
  --signing-key "$work/b.ssh" --clearance strictly_confidential
"$bin" "${as_admin[@]}" keys show >"$work/a.keys" 2>/dev/null || true
a_age=$(awk '/age recipient/ {print $3}' "$work/a.keys")
awk '/signing key/ {sub(/^signing key: +/, ""); print}' "$work/a.keys" >"$work/a.ssh"
traced trust-b --store "$work/b.redb" --now "$now" --user chief --passphrase-file "$work/chief" \
  keys trust --station MINUSCA-JMAC-1 --age-recipient "$a_age" --signing-key "$work/a.ssh" \
  --clearance strictly_confidential
traced export "${as_imfp[@]}" export --to MINUSCA-JOC-1 --out "$work/medium" \
  --key-passphrase-file "$work/key"
traced import --store "$work/b.redb" --now "$now" --user chief --passphrase-file "$work/chief" \
  import --key-passphrase-file "$work/chief" "$work"/medium/*.age

# The console, in a real terminal.
n=$((n + 1))
tmux -L nonet -f /dev/null new-session -d -s nonet -x 100 -y 30 \
  "strace -f -qq -e trace=network -o $traces/$n-console $bin --store $work/a.redb --now $now; sleep 1"
wait_for() { for _ in $(seq 1 200); do tmux -L nonet capture-pane -p -t nonet 2>/dev/null | grep -q "$1" && return 0; sleep 0.1; done; echo "console: no '$1'" >&2; return 1; }
wait_for "Log in"
tmux -L nonet send-keys -t nonet -l imfp; tmux -L nonet send-keys -t nonet Enter
tmux -L nonet send-keys -t nonet -l demo-imfp; tmux -L nonet send-keys -t nonet Enter
wait_for PENDING
tmux -L nonet send-keys -t nonet -l u; sleep 0.5
tmux -L nonet send-keys -t nonet Escape; sleep 0.3
tmux -L nonet send-keys -t nonet -l q; sleep 1.5

total=0; unix=0; other=0
for f in "$traces"/*; do
  calls=$(grep -cE '^[0-9]+ +[a-z_0-9]+\(' "$f" || true)
  u=$(grep -E '^[0-9]+ +[a-z_0-9]+\(' "$f" | grep -c 'AF_UNIX' || true)
  o=$((calls - u))
  total=$((total + calls)); unix=$((unix + u)); other=$((other + o))
  printf '%-16s %3d socket calls, %3d on AF_UNIX, %3d on anything else\n' "$(basename "$f" | cut -d- -f2-)" "$calls" "$u" "$o"
  if [ "$o" -gt 0 ]; then grep -E '^[0-9]+ +[a-z_0-9]+\(' "$f" | grep -v AF_UNIX | head -5; fi
done
echo "commands traced: $(ls "$traces" | wc -l); socket calls: $total (AF_UNIX: $unix, other: $other)"
[ "$other" -eq 0 ]
