#!/usr/bin/env bash
# The Solidity interface of every contract, generated from its code through
# the SDK's export-abi path and committed under abi/. With --check, the
# interfaces are generated afresh and compared with the committed ones;
# any drift fails (CI runs it that way).
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A interfaces=(
  [reth-token]=IRethToken
  [deposit-pool]=IDepositPool
  [node-manager]=INodeManager
  [minipool-manager]=IMinipoolManager
  [minipool]=IMinipool
  [rewards-distributor]=IRewardsDistributor
  [beacon-deposit]=IBeaconDeposit
)

out=abi
if [[ "${1:-}" == "--check" ]]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"

for crate in "${!interfaces[@]}"; do
  cargo run --quiet --locked -p "$crate" --features export-abi > "$out/${interfaces[$crate]}.sol"
done

if [[ "$out" != abi ]]; then
  if ! diff -ru abi "$out"; then
    echo "abi/ differs from what the code exports: run ./deploy/abi.sh and commit abi/" >&2
    exit 1
  fi
  echo "abi/ matches the code"
fi
