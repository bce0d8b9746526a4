#!/usr/bin/env bash
# Makes the offline source bundle for a station with no network: registrar's source at HEAD,
# every crate it needs vendored beside it, and the cargo configuration that builds from them
# (`cargo build --offline`). Run it where crates.io is reachable; carry the .tar.gz across.
#
#   scripts/offline-source.sh [OUT.tar.gz]      (default: registrar-<version>-offline.tar.gz)
set -euo pipefail
top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$top/Cargo.toml" | head -n 1)
out=${1:-$PWD/registrar-$version-offline.tar.gz}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$top" archive --format=tar --prefix=registrar/ HEAD | tar -x -C "$work"
cd "$work/registrar"
mkdir -p .cargo
# `cargo vendor` prints the source replacement that points cargo at ./vendor.
cargo vendor --locked --versioned-dirs vendor >.cargo/config.toml
cat >>.cargo/config.toml <<'CONF'

[net]
offline = true
CONF
tar -czf "$out" -C "$work" registrar
echo "wrote $out ($(du -h "$out" | cut -f1)); on the station:"
echo "  tar -xzf $(basename "$out") && cd registrar && cargo build --release --offline --locked"
