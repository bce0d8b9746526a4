#!/usr/bin/env bash
# Crash harness: SIGKILLs `demo`, `init`, `export`, `import`, `compact`, a long write sequence and a
# console session writing (in tmux: imminent threats registered by the fast path) at random points (and, with --syscalls, at each write system call through strace's fault
# injection), then checks what a person would find after a power cut:
#   - the registry opens and `registrar verify` passes (chain, records, queues);
#   - a registry being created (`demo`, `init`) is absent or whole (its users log in);
#   - every bundle on the medium is whole (its OpenSSH signature verifies) or absent;
#   - nothing is recorded as sent that is not on the medium;
#   - running the interrupted command again succeeds.
#
#   scripts/crash-harness.sh [--points N] [--syscalls] [--per-call N] [--ops "demo init …"] [--bin path/to/registrar]
#     --points N   random kill points per operation (default 100: the full run; CI runs 3)
#     --syscalls   also kill at write system calls (needs strace): the operation is first run
#                  whole under `strace -c` to count each write-like call it makes (write,
#                  pwrite64, fsync, fdatasync, rename, link, unlink …); then, for each of those
#                  calls, it is run again and killed on entering its 1st, 2nd, … call of that
#                  kind: every one when it makes at most --per-call of them, else --per-call
#                  points spread evenly from the first to the last. For `writes`, the killed
#                  process is one write of the sequence (the registry keeps the writes before it).
#     --per-call N at most N kill points per kind of system call (default 40)
#     --ops LIST   the operations to kill (default: demo init export import writes console compact)
#                  `compact` rewrites a registry with free pages (the demo plus 3 000 records,
#                  a thousand of its red flags changed) without them; after a kill it verifies
#                  and compacts again.
#                  `console` needs tmux: the console, logged in, registers imminent threats one
#                  after another through the fast path (each a write of the receipt and its
#                  alerts); it is killed at a random moment of the session, or under strace at
#                  its Nth write-like call. After each kill the registry verifies and the console
#                  opens on it again and logs in.
# Prints one line per operation with the kill points survived; exits 1 on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
points=100
syscalls=0
per_call=40
bin=target/debug/registrar
ops="demo init export import writes console compact"
while [ $# -gt 0 ]; do
  case $1 in
    --points) points=$2; shift 2 ;;
    --syscalls) syscalls=1; shift ;;
    --per-call) per_call=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --ops) ops=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -x "$bin" ] || cargo build --locked --bin registrar
bin=$(realpath "$bin")
# Little work for keys and passphrases (a debug build accepts it): the kills are what is tested.
export NO_COLOR=1 REGISTRAR_KEY_WORK_FACTOR=10 REGISTRAR_PASSPHRASE_WORK_FACTOR=8
unset REGISTRAR_STORE REGISTRAR_USER REGISTRAR_NOW REGISTRAR_PASSPHRASE_FILE || true
now=2026-11-21T02:00:00Z
work=$(mktemp -d)
trap 'tmux -L crash kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
echo demo-imfp >"$work/imfp"
echo demo-admin >"$work/admin"
echo demo-station >"$work/key"
echo chief-correct-horse >"$work/chief"

fail() { echo "FAIL: $*" >&2; exit 1; }
r() { "$bin" --now "$now" "$@"; }
as() { local store=$1 user=$2; shift 2; r --store "$store" --user "$user" --passphrase-file "$work/$user" "$@"; }
ms() { date +%s%3N; }

# Runs the command "$@" (a program, not a shell function) in a process group of its own and
# SIGKILLs the whole group after $1 milliseconds (the first argument).
kill_after() {
  local delay=$1; shift
  setsid "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 1000 }')"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # The group's other processes (a registrar under the write loop) may still be exiting;
  # their file lock goes with them.
  local tries=0
  while kill -0 -- "-$pid" 2>/dev/null && [ "$tries" -lt 200 ]; do
    sleep 0.05; tries=$((tries + 1))
  done
}

# The argument vector of each operation (the binary itself, so a kill reaches it).
argv_of() {
  case $1 in
    demo) argv=("$bin" --now "$now" --store "$work/k/demo.redb" demo --no-tui) ;;
    init) argv=("$bin" --now "$now" --store "$work/k/init.redb" --user chief --passphrase-file "$work/chief" init --exercise --mission M --station T-1) ;;
    export) argv=("$bin" --now "$now" --store "$work/k/export.redb" --user imfp --passphrase-file "$work/imfp" export --to MINUSCA-JOC-1 --out "$work/k/medium" --key-passphrase-file "$work/key") ;;
    import) argv=("$bin" --now "$now" --store "$work/k/import.redb" --user chief --passphrase-file "$work/chief" import --key-passphrase-file "$work/chief" "$bundle") ;;
    write1) wseq=$((wseq + 1))
      argv=("$bin" --now "$now" --store "$work/k/writes.redb" --user admin --passphrase-file "$work/admin" settings red-flag-add "flag $wseq") ;;
    compact) argv=("$bin" --now "$now" --store "$work/k/compact.redb" --user admin --passphrase-file "$work/admin" compact) ;;
    writes) argv=(bash -c 'for i in $(seq 1 20); do "$0" --now "$1" --store "$2" --user admin --passphrase-file "$3" settings red-flag-add "flag $i" || exit 1; done' "$bin" "$now" "$work/k/writes.redb" "$work/admin") ;;
  esac
}

# The write-like system calls the syscall mode counts and kills at.
write_calls=write,pwrite64,pwritev,fsync,fdatasync,rename,renameat,renameat2,link,linkat,unlink,unlinkat

# Runs "$@" whole under strace and prints "CALL COUNT" for each write-like call it made.
count_calls() {
  strace -f -qq -c -o "$work/calls" -e trace="$write_calls" "$@" >/dev/null 2>&1 || true
  awk '$NF ~ /^[a-z0-9_]+$/ && $NF != "total" && $NF != "syscall" && $4 ~ /^[0-9]+$/ {print $NF, $4}' "$work/calls"
}

# The invocation numbers to kill at among COUNT calls of one kind: all, or $per_call spread evenly.
call_points() {
  local count=$1
  if [ "$count" -le "$per_call" ]; then seq 1 "$count"; return; fi
  if [ "$per_call" -le 1 ]; then echo 1; return; fi
  awk -v c="$count" -v k="$per_call" 'BEGIN { for (j = 0; j < k; j++) print 1 + int(j * (c - 1) / (k - 1)) }' | uniq
}

# Runs "$@" under strace, killed on entering its Nth call of system call CALL (Nth in the
# process or thread making it). Returns 0 if the command was killed, 1 if it finished first.
kill_at_syscall() {
  local call=$1 n=$2; shift 2
  set +e
  # (in a subshell that waits for it, so the shell's "Killed" report goes nowhere)
  (strace -f -qq -o /dev/null -e trace="$call" -e inject="$call":signal=KILL:when="$n" "$@" >/dev/null 2>&1; exit $?) 2>/dev/null
  local status=$?
  set -e
  [ "$status" -ge 128 ]
}

verify_ok() { # verify_ok STORE USER
  as "$1" "$2" verify >/dev/null 2>"$work/verify.err" || fail "verify after a kill: $(cat "$work/verify.err")"
}

# The console in tmux (server "crash"), on STORE, run through the optional wrapper words
# (strace); its exit status is written to console.status when it ends.
T() { tmux -L crash -f /dev/null "$@"; }
screen() { T capture-pane -p -t c 2>/dev/null || true; }
alive() { T has-session -t c 2>/dev/null; }
keys() { T send-keys -t c "$@" 2>/dev/null || true; }
text() { T send-keys -t c -l "$1" 2>/dev/null || true; }
# Waits until TEXT is on the console's screen: 1 if the console is gone or after 30 s.
wait_screen() {
  local i
  for i in $(seq 1 300); do
    screen | grep -qF -- "$1" && return 0
    alive || return 1
    sleep 0.1
  done
  return 1
}
console_start() { # console_start STORE [WRAPPER…]
  local store=$1; shift
  T kill-server 2>/dev/null || true
  rm -f "$work/console.status"
  T new-session -d -s c -x 100 -y 30 \
    "$* $bin --store $store --now $now 2>$work/console.err; echo \$? >$work/console.status"
}
console_stop() { # quits if still running, then waits for the console to end
  local i
  if alive; then keys Escape; keys Escape; keys q; fi
  for i in $(seq 1 100); do alive || return 0; sleep 0.1; done
  T kill-server 2>/dev/null || true
}
console_login() {
  wait_screen "Log in" || return 1
  text imfp; keys Enter; text demo-imfp; keys Enter
  wait_screen PENDING
}
# Registers N imminent threats through the fast path, one after another; stops when the
# console is gone (killed). Each: the form, the entity found by typing, the defaults taken
# with Enter, what was reported, then Enter through the rest of the form to its submit.
console_writes() {
  local n=$1 i j
  console_login || return 1
  for i in $(seq 1 "$n"); do
    keys '!'
    wait_screen "register the receipt now" || return 1
    text gend; keys Enter; keys Enter; keys Enter; keys Enter; keys y
    text "crash harness threat $i"; keys Tab
    for j in $(seq 1 20); do
      screen | grep -qF "register the receipt now" || break
      alive || return 1
      keys Enter; sleep 0.05
    done
    wait_screen "registered as an" || return 1
  done
}
# The threats the harness registered that the registry holds.
harness_threats() {
  as "$1" imfp search crash harness threat --json 2>/dev/null | grep -c '"record"' || true
}

# Reference registries: A (the demo) trusts B (a fresh station) and the other way round.
r --store "$work/A.redb" demo --no-tui >/dev/null
r --store "$work/B.redb" --user chief --passphrase-file "$work/chief" init --exercise --mission MINUSCA \
  --station MINUSCA-JOC-1 >/dev/null
as "$work/A.redb" admin keys show >"$work/a.keys"
as "$work/B.redb" chief keys show >"$work/b.keys"
for s in a b; do
  awk '/signing key/ {sub(/^signing key: +/, ""); print}' "$work/$s.keys" >"$work/$s.ssh"
done
as "$work/A.redb" admin keys trust --station MINUSCA-JOC-1 --clearance strictly_confidential \
  --age-recipient "$(awk '/age recipient/ {print $3}' "$work/b.keys")" --signing-key "$work/b.ssh" >/dev/null
as "$work/B.redb" chief keys trust --station MINUSCA-JMAC-1 --clearance strictly_confidential \
  --age-recipient "$(awk '/age recipient/ {print $3}' "$work/a.keys")" --signing-key "$work/a.ssh" >/dev/null
as "$work/A.redb" admin keys allowed-signers --out "$work/allowed_signers" >/dev/null

# How long each operation takes when left alone, to spread the kill points over it.
timed() { local t0; t0=$(ms); "$@" >/dev/null 2>&1 || true; echo $(($(ms) - t0)); }
t_demo=$(timed r --store "$work/t-demo.redb" demo --no-tui)
t_init=$(timed r --store "$work/t-init.redb" --user chief --passphrase-file "$work/chief" init \
  --exercise --mission M --station T-1)
cp "$work/A.redb" "$work/t-export.redb"; mkdir -p "$work/t-medium"
t_export=$(timed as "$work/t-export.redb" imfp export --to MINUSCA-JOC-1 --out "$work/t-medium" \
  --key-passphrase-file "$work/key")
bundle=$(ls "$work"/t-medium/*.age | head -1)
cp "$work/B.redb" "$work/t-import.redb"
t_import=$(timed as "$work/t-import.redb" chief import --key-passphrase-file "$work/chief" "$bundle")
writes() { # a long sequence of writes in one process per write, as a console session makes them
  local store=$1
  for i in $(seq 1 20); do as "$store" admin settings red-flag-add "flag $i" >/dev/null 2>&1 || return 1; done
}
cp "$work/A.redb" "$work/t-writes.redb"
t_writes=$(timed writes "$work/t-writes.redb")
# A registry with free pages to compact: the demo and 3 000 carried-over records, then
# many small writes (each leaves the pages it replaced free).
r --store "$work/C.redb" demo --no-tui --records 3000 >/dev/null 2>&1
for i in $(seq 1 30); do as "$work/C.redb" admin settings red-flag-add "compact flag $i" >/dev/null; done
cp "$work/C.redb" "$work/t-compact.redb"
t_compact=$(timed as "$work/t-compact.redb" admin compact)
t_console=0
if [[ " $ops " == *" console "* ]]; then
  command -v tmux >/dev/null || fail "the console operation needs tmux (apt-get install tmux)"
  cp "$work/A.redb" "$work/t-console.redb"
  t0=$(ms)
  console_start "$work/t-console.redb"
  console_writes 5 || fail "the console write sequence did not complete unkilled: $(screen | tail -5)"
  t_console=$(($(ms) - t0))
  console_stop
  [ "$(harness_threats "$work/t-console.redb")" -eq 5 ] ||
    fail "the console write sequence registered $(harness_threats "$work/t-console.redb") of 5 threats unkilled"
fi
echo "unkilled: demo ${t_demo} ms, init ${t_init} ms, export ${t_export} ms, import ${t_import} ms, 20 writes ${t_writes} ms, console session of 5 threats ${t_console} ms, compact ${t_compact} ms"

# The checks after a kill, per operation. Each leaves the state ready for the next point.
after_demo() {
  local p=$work/k/demo.redb
  if [ -e "$p" ]; then verify_ok "$p" imfp; fi
  r --store "$p" demo --no-tui >/dev/null 2>&1 || fail "demo after a kill"
  verify_ok "$p" imfp
  ls -A "$work/k" | grep -q building && fail "a leftover temporary file after demo"
  rm -f "$p"
}
after_init() {
  local p=$work/k/init.redb
  if [ -e "$p" ]; then as "$p" chief whoami >/dev/null 2>&1 || fail "a registry without its administrator"; verify_ok "$p" chief; fi
  [ -e "$p" ] || r --store "$p" --user chief --passphrase-file "$work/chief" init --exercise --mission M \
    --station T-1 >/dev/null 2>&1 || fail "init after a kill"
  rm -f "$p"
}
after_export() {
  local p=$work/k/export.redb m=$work/k/medium
  verify_ok "$p" imfp
  for f in "$m"/*.age; do
    [ -e "$f" ] || continue
    [ -e "$f.sig" ] || fail "$(basename "$f") without its signature"
    ssh-keygen -Y verify -f "$work/allowed_signers" -I MINUSCA-JMAC-1 -n registrar-bundle@v1 \
      -s "$f.sig" <"$f" >/dev/null 2>&1 || fail "$(basename "$f") is not whole"
  done
  local sent
  sent=$(as "$p" admin keys list 2>/dev/null | awk '/last sent:/ && $3 != "none" {print $4}' | head -1)
  if [ -n "$sent" ]; then
    ls "$m"/*"-$(printf %06d "$sent")_"*.age >/dev/null 2>&1 ||
      fail "bundle $sent is recorded as sent but is not on the medium"
  fi
  as "$p" imfp export --to MINUSCA-JOC-1 --out "$m" --key-passphrase-file "$work/key" >/dev/null 2>&1 ||
    fail "export after a kill: $(as "$p" imfp export --to MINUSCA-JOC-1 --out "$m" --key-passphrase-file "$work/key" 2>&1 | tail -1)"
  cp "$work/A.redb" "$p"; rm -rf "$m"; mkdir "$m"
}
after_import() {
  local p=$work/k/import.redb
  verify_ok "$p" chief
  as "$p" chief import --key-passphrase-file "$work/chief" "$bundle" >/dev/null 2>&1 ||
    as "$p" chief import --key-passphrase-file "$work/chief" "$bundle" 2>&1 | grep -q "already" ||
    fail "import after a kill"
  verify_ok "$p" chief
  cp "$work/B.redb" "$p"
}
# One write of a sequence killed at a system call: the registry keeps the writes before it
# (it is reset every 20 writes); the write run again succeeds.
after_write1() {
  local p=$work/k/writes.redb
  verify_ok "$p" imfp
  as "$p" admin settings red-flag-add "flag again $wseq" >/dev/null 2>&1 || fail "a write after a kill"
  verify_ok "$p" imfp
  [ $((wseq % 20)) -ne 0 ] || cp "$work/A.redb" "$p"
}
# A console killed while writing: the registry verifies, holds whole threats only (verify
# checks every record against the log), and the console opens on it again and logs in.
after_console() {
  local p=$work/k/console.redb
  console_stop
  verify_ok "$p" imfp
  echo -n " $(harness_threats "$p")" >>"$work/console.found"
  console_start "$p"
  console_login || fail "the console does not open after a kill: $(screen | tail -3) $(cat "$work/console.err" 2>/dev/null)"
  console_stop
  verify_ok "$p" imfp
  cp "$work/A.redb" "$p"
}
# One random kill point: the console started, logged in and writing, SIGKILLed after DELAY ms.
console_kill_after() {
  local delay=$1
  console_start "$work/k/console.redb"
  console_writes 5 >/dev/null 2>&1 &
  local driver=$!
  sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 1000 }')"
  pkill -KILL -f -- "--store $work/k/console.redb" 2>/dev/null || true
  wait "$driver" 2>/dev/null || true
}
# The console's session under strace: its write-like calls counted, then killed at each
# (or --per-call of them spread evenly). Prints "KILLED description".
console_syscalls() {
  local p=$work/k/console.redb killed=0 missed=0 kinds="" line call count n here status
  console_start "$p" strace -f -qq -c -o "$work/calls" -e trace="$write_calls"
  console_writes 2 >/dev/null 2>&1 || true
  console_stop
  local lines=()
  mapfile -t lines < <(awk '$NF ~ /^[a-z0-9_]+$/ && $NF != "total" && $NF != "syscall" && $4 ~ /^[0-9]+$/ {print $NF, $4}' "$work/calls")
  after_console
  for line in "${lines[@]}"; do
    [ -n "$line" ] || continue
    read -r call count <<<"$line"
    here=0
    for n in $(call_points "$count"); do
      console_start "$p" strace -f -qq -o /dev/null -e trace="$call" -e inject="$call":signal=KILL:when="$n"
      console_writes 2 >/dev/null 2>&1 || true
      console_stop
      status=$(cat "$work/console.status" 2>/dev/null || echo 0)
      if [ "$status" -ge 128 ]; then killed=$((killed + 1)); here=$((here + 1)); else missed=$((missed + 1)); fi
      after_console
    done
    kinds="$kinds${kinds:+, }$call $here of $count"
  done
  echo "$killed write system calls of a console session: $kinds; $missed not reached"
}
# A compaction killed: the registry verifies (every page, the chain, records and indexes
# against the log) and compacts again.
after_compact() {
  local p=$work/k/compact.redb
  verify_ok "$p" imfp
  as "$p" admin compact >/dev/null 2>"$work/compact.err" || fail "compact after a kill: $(cat "$work/compact.err")"
  verify_ok "$p" imfp
  cp "$work/C.redb" "$p"
}
after_writes() {
  verify_ok "$work/k/writes.redb" imfp
  cp "$work/A.redb" "$work/k/writes.redb"
}

run_op() { # run_op NAME UNKILLED_MS
  local op=$1 t=$2 survived=0 i delay
  mkdir -p "$work/k/medium"
  cp "$work/A.redb" "$work/k/export.redb"; cp "$work/B.redb" "$work/k/import.redb"
  cp "$work/A.redb" "$work/k/writes.redb"; cp "$work/A.redb" "$work/k/console.redb"
  cp "$work/C.redb" "$work/k/compact.redb"
  for i in $(seq 1 "$points"); do
    delay=$((RANDOM * (t + t / 5) / 32768))
    if [ "$op" = console ]; then
      console_kill_after "$delay"
    else
      argv_of "$op"
      kill_after "$delay" "${argv[@]}"
    fi
    "after_$op"
    survived=$((survived + 1))
  done
  local sys=""
  if [ "$syscalls" -eq 1 ] && [ "$op" = console ]; then
    sys=$(console_syscalls)
    survived=$((survived + ${sys%% *}))
    sys=", and at ${sys#* }"
  elif [ "$syscalls" -eq 1 ]; then
    local sop=$op killed=0 missed=0 line call count n kinds=""
    [ "$op" = writes ] && sop=write1
    argv_of "$sop"
    local lines=()
    mapfile -t lines < <(count_calls "${argv[@]}")
    "after_$sop"
    for line in "${lines[@]}"; do
      [ -n "$line" ] || continue
      read -r call count <<<"$line"
      local here=0
      for n in $(call_points "$count"); do
        argv_of "$sop"
        if kill_at_syscall "$call" "$n" "${argv[@]}"; then
          killed=$((killed + 1)); here=$((here + 1))
        else
          missed=$((missed + 1))
        fi
        "after_$sop"
      done
      kinds="$kinds${kinds:+, }$call $here of $count"
    done
    sys=", and at $killed write system calls: $kinds; $missed not reached"
    survived=$((survived + killed))
  fi
  echo "$op: $survived kill points survived ($points random$sys)"
  if [ "$op" = console ]; then
    echo "  threats the registry held after each kill (of 5, then 2 under strace):$(cat "$work/console.found" 2>/dev/null)"
    rm -f "$work/console.found"
  fi
  total=$((total + survived))
}

total=0
wseq=0
mkdir -p "$work/k"
for op in $ops; do
  run_op "$op" "$(eval echo "\$t_$op")"
done
echo "all: $total kill points survived"
