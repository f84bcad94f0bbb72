#!/usr/bin/env bash
# Builds every contract to wasm32 as it is deployed (std rebuilt with
# panic=immediate-abort, 32 KiB stack) and checks each against the Stylus
# size limit. Prints the sizes; exits non-zero if a contract is over.
set -euo pipefail
cd "$(dirname "$0")/.."

contracts=(reth-token deposit-pool node-manager minipool-manager minipool rewards-distributor beacon-deposit)
target_dir=target/stylus

packages=()
for crate in "${contracts[@]}"; do packages+=(-p "$crate"); done

RUSTC_BOOTSTRAP=1 \
RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -C link-arg=-zstack-size=32768" \
  cargo build --release --locked --target wasm32-unknown-unknown --lib \
    --target-dir "$target_dir" -Z build-std=std,panic_abort "${packages[@]}"

wasm=()
for crate in "${contracts[@]}"; do
  wasm+=("$target_dir/wasm32-unknown-unknown/release/${crate//-/_}.wasm")
done
cargo run --quiet --release --locked -p deploy -- sizes "${wasm[@]}"
