#!/usr/bin/env bash
# The Solidity interface of every contract, generated from its code through
# the SDK's export-abi path (completed by contracts::abi) and committed under
# abi/. With --check (CI runs it that way), the interfaces are generated
# afresh and any drift from the committed ones fails; then solc (solcjs from
# npm) compiles every interface and the README's Solidity example, so what
# integrators import is valid Solidity.
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

  solc=target/solc
  [[ -x $solc/node_modules/.bin/solcjs ]] ||
    npm install --silent --no-save --prefix "$solc" solc@0.8.28 >/dev/null
  rm -rf "$solc/example" && mkdir -p "$solc/example"
  cp -r abi "$solc/example/"
  sed -n '/^```solidity$/,/^```$/{/^```/d;p}' README.md > "$solc/example/Example.sol"
  "$solc/node_modules/.bin/solcjs" --abi --base-path "$solc/example" \
    --output-dir "$solc/out" "$solc"/example/abi/*.sol "$solc/example/Example.sol" > /dev/null
  echo "abi/ and the README example compile with solc $("$solc/node_modules/.bin/solcjs" --version)"
fi
