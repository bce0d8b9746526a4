#!/usr/bin/env bash
# Whole-process figures of issue 14 (BENCHMARKS.md "Scale"), and the anchors beside them:
# for each size N, a demo registry with N carried-over records is built, then `verify`,
# `export` (every event, to a peer that has received nothing), `import` of that bundle at the
# peer, `report oversight` and `report register` (.xlsx and .csv), `search` (the first page and
# the count of every match, whole process) and `compact` (then the store size again) are each
# run once under
# /usr/bin/time -v (wall clock, CPU time, peak memory). Anchors on the same machine in the same run: stock `age` encrypting the bundle's
# plaintext size, SQLite's PRAGMA integrity_check over a table of N rows.
#
#   scripts/scale-figures.sh [--bin target/release/registrar] [--sizes "10000 100000 1000000"]
#                            [--dir DIR]
#                            [--ops "demo verify export import oversight register search compact"]
#                            [--keep]
#
# Needs: /usr/bin/time (Debian `time`), hyperfine, sqlite3, age. Writes one table row per
# figure to standard output (and the raw `time -v` output under DIR). Registries of 1M records
# take about 2.5 GB of disk each; DIR is removed at the end unless --keep.
set -euo pipefail

bin=target/release/registrar
sizes="10000 100000 1000000"
dir=""
ops="demo verify export import oversight register search compact"
keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --ops) ops=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in /usr/bin/time hyperfine sqlite3 age; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y time hyperfine sqlite3 age)" >&2; exit 2; }
done
[ -x "$bin" ] || { echo "no release binary at $bin (cargo build --release --locked)" >&2; exit 2; }
bin=$(realpath "$bin")
if [ -z "$dir" ]; then dir=$(mktemp -d); fi
mkdir -p "$dir"
[ $keep = 1 ] || trap 'rm -rf "$dir"' EXIT
export NO_COLOR=1 REGISTRAR_KEY_WORK_FACTOR=18
unset REGISTRAR_STORE REGISTRAR_USER REGISTRAR_NOW REGISTRAR_PASSPHRASE_FILE || true
now=2026-11-21T02:00:00Z
echo demo-imfp >"$dir/imfp"
echo demo-admin >"$dir/admin"
echo demo-oversight >"$dir/oversight"
echo demo-station >"$dir/key"
echo chief-correct-horse >"$dir/chief"

r() { "$bin" --now "$now" "$@"; }
as() { local store=$1 user=$2; shift 2; r --store "$store" --user "$user" --passphrase-file "$dir/$user" "$@"; }
has() { case " $ops " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# Runs "$@" under /usr/bin/time -v; prints "| what | N | wall s (CPU s) | peak MB |".
measure() {
  local what=$1 n=$2; shift 2
  local out="$dir/time-$what-$n.txt"
  /usr/bin/time -v "$@" >"$dir/out-$what-$n.txt" 2>"$out" || { echo "FAILED: $what $n" >&2; tail -5 "$out" >&2; return 1; }
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%.2f", s}' "$out")
  cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.2f", s}' "$out")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$out")
  printf '| %s | %s | %s s (CPU %s s) | %s MB |\n' "$what" "$n" "$wall" "$cpu" "$rss"
}

# Like `measure`, and samples the process's resident memory every 0.1 s: prints also the
# peak after the key derivation (the samples after the last one at 90 % of the whole peak),
# which is what the bundle itself costs — unlocking the station's age identity is scrypt with
# N = 2^18 (256 MiB, age's standard), the same at any size.
measure_after_unlock() {
  local what=$1 n=$2; shift 2
  measure "$what" "$n" "$@" &
  local job=$! pid="" samples="$dir/rss-$what-$n.txt"
  : >"$samples"
  while kill -0 "$job" 2>/dev/null; do
    pid=${pid:-$(pgrep -n -f -- "--store $b" || true)}
    [ -n "$pid" ] && awk '/VmRSS/ {print $2}' "/proc/$pid/status" >>"$samples" 2>/dev/null || true
    sleep 0.1
  done
  wait "$job"
  awk '{v[NR]=$1; if ($1>m) m=$1} END {for (i=1;i<=NR;i++) if (v[i]>=0.9*m) last=i;
       for (i=last+1;i<=NR;i++) if (v[i]>a) a=v[i];
       printf "| %s, after the key unlock (sampled) | %s | | %.0f MB |\n", w, n, a/1024}' \
    w="$what" n="$n" "$samples"
}

echo "# $(date -u +%FT%TZ) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(basename "$bin") $(r --version 2>/dev/null | head -1)"
echo "| what | records | wall | peak memory |"
echo "|---|---|---|---|"

# The peer every export goes to: a fresh station trusted both ways.
peer() {
  local a=$1 b=$2
  r --store "$b" --user chief --passphrase-file "$dir/chief" init --exercise --mission MINUSCA \
    --station MINUSCA-JOC-1 >/dev/null
  as "$a" admin keys show >"$dir/a.keys"
  as "$b" chief keys show >"$dir/b.keys"
  for s in a b; do
    awk '/signing key/ {sub(/^signing key: +/, ""); print}' "$dir/$s.keys" >"$dir/$s.ssh"
  done
  as "$a" admin keys trust --station MINUSCA-JOC-1 --clearance strictly_confidential \
    --age-recipient "$(awk '/age recipient/ {print $3}' "$dir/b.keys")" --signing-key "$dir/b.ssh" >/dev/null
  as "$b" chief keys trust --station MINUSCA-JMAC-1 --clearance strictly_confidential \
    --age-recipient "$(awk '/age recipient/ {print $3}' "$dir/a.keys")" --signing-key "$dir/a.ssh" >/dev/null
}

for n in $sizes; do
  a="$dir/a-$n.redb"
  b="$dir/b-$n.redb"
  rm -f "$a" "$b"
  measure demo "$n" "$bin" --now "$now" --store "$a" demo --no-tui --records "$n"
  ls -l "$a" | awk -v n="$n" '{printf "| store size | %s | %.0f MB (%.2f KB per record) | |\n", n, $5/1e6, $5/1e3/n}'
  if has search; then
    for q in archived "archived incoming report" a convoy zyxwvut; do
      measure "search $q" "$n" "$bin" --now "$now" --store "$a" --user imfp \
        --passphrase-file "$dir/imfp" search $q
    done
    # Anchor: SQLite FTS5 over N rows, the first 40 matches of three words, whole process.
    rm -f "$dir/fts-$n.sqlite"
    sqlite3 "$dir/fts-$n.sqlite" "CREATE VIRTUAL TABLE f USING fts5(title, body);
      WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < $n)
      INSERT INTO f SELECT printf('archived incoming report %d', i), printf('carried earlier %07d', i) FROM c;"
    measure "anchor: sqlite3 FTS5 first 40 of three words" "$n" sqlite3 "$dir/fts-$n.sqlite" \
      "SELECT rowid FROM f WHERE f MATCH 'archived incoming report' ORDER BY rowid DESC LIMIT 40;"
    rm -f "$dir/fts-$n.sqlite"
  fi
  if has compact; then
    measure compact "$n" "$bin" --now "$now" --store "$a" --user admin --passphrase-file "$dir/admin" compact
    ls -l "$a" | awk -v n="$n" '{printf "| store size after compact | %s | %.0f MB (%.2f KB per record) | |\n", n, $5/1e6, $5/1e3/n}'
  fi
  if has verify; then
    measure verify "$n" "$bin" --now "$now" --store "$a" --user oversight --passphrase-file "$dir/oversight" verify
    # Anchor: SQLite's integrity check over a table of N rows with an index.
    rm -f "$dir/anchor-$n.sqlite"
    sqlite3 "$dir/anchor-$n.sqlite" "CREATE TABLE t(id INTEGER PRIMARY KEY, ref TEXT, body TEXT); CREATE INDEX t_ref ON t(ref);
      WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < $n)
      INSERT INTO t SELECT i, printf('ARCH/%07d', i), printf('%0900d', i) FROM c;"
    measure "anchor: sqlite3 PRAGMA integrity_check" "$n" sqlite3 "$dir/anchor-$n.sqlite" "PRAGMA integrity_check;"
    rm -f "$dir/anchor-$n.sqlite"
  fi
  if has oversight; then
    measure "report oversight (JSON)" "$n" "$bin" --now "$now" --store "$a" --user oversight \
      --passphrase-file "$dir/oversight" report oversight --out "$dir/oversight-$n.json"
    ls -l "$dir/oversight-$n.json" | awk -v n="$n" '{printf "| oversight report size | %s | %.0f MB | |\n", n, $5/1e6}'
    rm -f "$dir/oversight-$n.json"
  fi
  if has register; then
    for ext in xlsx csv; do
      measure "report register (.$ext)" "$n" "$bin" --now "$now" --store "$a" --user oversight \
        --passphrase-file "$dir/oversight" report register --out "$dir/register-$n.$ext"
      rm -f "$dir"/register-"$n"*
    done
  fi
  if has export; then
    peer "$a" "$b"
    rm -rf "$dir/medium-$n"; mkdir -p "$dir/medium-$n"
    measure export "$n" "$bin" --now "$now" --store "$a" --user imfp --passphrase-file "$dir/imfp" \
      export --to MINUSCA-JOC-1 --out "$dir/medium-$n" --key-passphrase-file "$dir/key"
    bundle=$(ls "$dir/medium-$n"/*.age)
    ls -l "$bundle" | awk -v n="$n" '{printf "| bundle size | %s | %.0f MB | |\n", n, $5/1e6}'
    # Anchor: stock age encrypting as many bytes (the bundle is the plaintext plus age's
    # 16 bytes per 64 KiB chunk and its header), in the same run.
    plain=$(stat -c %s "$bundle")
    head -c "$plain" /dev/urandom >"$dir/plain-$n"
    age-keygen -o "$dir/anchor.key" 2>/dev/null
    measure "anchor: stock age -e of as many bytes" "$n" age -e -r "$(age-keygen -y "$dir/anchor.key")" -o "$dir/plain-$n.age" "$dir/plain-$n"
    hyperfine --runs 3 --export-markdown "$dir/hf-age-$n.md" \
      "age -e -r $(age-keygen -y "$dir/anchor.key") -o $dir/plain-$n.age $dir/plain-$n" >/dev/null 2>&1 &&
      tail -1 "$dir/hf-age-$n.md" | sed "s/^/| hyperfine, age -e, $n: /"
    rm -f "$dir/plain-$n" "$dir/plain-$n.age" "$dir/anchor.key"
    if has import; then
      measure_after_unlock import "$n" "$bin" --now "$now" --store "$b" --user chief \
        --passphrase-file "$dir/chief" import --key-passphrase-file "$dir/chief" "$bundle"
    fi
    rm -rf "$dir/medium-$n"
  fi
  [ $keep = 1 ] || rm -f "$a" "$b"
done
