#!/usr/bin/env bash
# The Solidity interface of every contract, generated from its code through
# the SDK's export-abi path (completed by contracts::abi), and every
# constructor's signature (abi/constructors.txt), committed under abi/; and
# the creation code of the dev chains' StylusDeployer, compiled from its
# source in deploy/dev-stylus-deployer/. With --check (CI runs it that way),
# all of it is generated afresh and any drift from what is committed fails;
# then solc (solcjs from npm) compiles every interface and the README's
# Solidity example, so what integrators import is valid Solidity.
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

constructors=()
for crate in "${!interfaces[@]}"; do
  cargo run --quiet --locked -p "$crate" --features export-abi > "$out/${interfaces[$crate]}.sol"
  constructor=$(cargo run --quiet --locked -p "$crate" --features export-abi -- constructor)
  [[ -z $constructor ]] || constructors+=("$crate $constructor")
done
# What the deploy tool encodes as each contract's constructor call (its
# tests read this file); contracts without a constructor are not listed.
printf '%s\n' "${constructors[@]}" | sort > "$out/constructors.txt"

solc=target/solc
[[ -x $solc/node_modules/.bin/solcjs ]] ||
  npm install --silent --no-save --prefix "$solc" solc@0.8.28 >/dev/null
solcjs=$solc/node_modules/.bin/solcjs

# The StylusDeployer the deploy tool puts on a dev chain that has none: its
# creation code, compiled from the committed source, is committed beside it.
deployer=deploy/dev-stylus-deployer
rm -rf "$solc/deployer"
"$solcjs" --bin --optimize --base-path "$deployer" --output-dir "$solc/deployer" \
  "$deployer/DevStylusDeployer.sol" > /dev/null
bin=$solc/deployer/DevStylusDeployer_sol_DevStylusDeployer.bin

if [[ "$out" == abi ]]; then
  cp "$bin" "$deployer/DevStylusDeployer.bin"
else
  if ! diff -ru abi "$out"; then
    echo "abi/ differs from what the code exports: run ./deploy/abi.sh and commit abi/" >&2
    exit 1
  fi
  echo "abi/ matches the code"
  if ! cmp -s "$bin" "$deployer/DevStylusDeployer.bin"; then
    echo "$deployer/DevStylusDeployer.bin is not what its source compiles to: run ./deploy/abi.sh and commit it" >&2
    exit 1
  fi
  echo "$deployer/DevStylusDeployer.bin matches its source"

  rm -rf "$solc/example" && mkdir -p "$solc/example"
  cp -r abi "$solc/example/"
  sed -n '/^```solidity$/,/^```$/{/^```/d;p}' README.md > "$solc/example/Example.sol"
  "$solcjs" --abi --base-path "$solc/example" \
    --output-dir "$solc/out" "$solc"/example/abi/*.sol "$solc/example/Example.sol" > /dev/null
  echo "abi/ and the README example compile with solc $("$solcjs" --version)"
fi
