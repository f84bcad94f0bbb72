//! Carrying out a plan on a chain: each step is checked against the chain
//! first (a run cut off after a transaction but before the file was written
//! finds its work done), sent, verified, and written to the deployments
//! file before the next one.

use std::{collections::BTreeMap, fmt::Write as _, path::Path};

use alloy::{
    primitives::{keccak256, utils::format_ether, Address, Bytes, TxKind, B256, U256},
    rpc::types::TransactionReceipt,
    sol_types::{SolCall, SolEvent},
};
use eyre::{bail, ensure, Result, WrapErr};
use stylus_tools::core::cache::{cache_manager, CacheManager};

use crate::{
    abi::{
        deposit_pool::IOwnable2Step, IDepositPool, IMinipoolManager, IRethToken,
        IRewardsDistributor, StylusDeployer,
    },
    chain::{with_margin, Chain},
    code::Program,
    deployments::{Deployed, Deployments, Sent},
    plan::{Plan, Step},
    suite::{dev_stylus_deployer_code, proxy_runtime, Addresses, Contract},
};

/// What one step is expected to cost, shown before anything is sent.
#[derive(Debug, Clone)]
pub struct Estimate {
    pub step: Step,
    /// Gas, where it can be estimated before the earlier steps ran.
    pub gas: Option<u64>,
    /// ETH sent with the transaction (activation data fee or cache bid).
    pub value: U256,
    /// Why the gas is not known yet.
    pub note: Option<String>,
    /// Why the step would fail if it were sent now.
    pub problem: Option<String>,
}

/// Estimates every step of `plan`: gas at today's fees, the activation data
/// fee of each new program, the minimum cache bid.
///
/// # Errors
/// RPC failures.
pub async fn estimate(
    chain: &Chain,
    plan: &Plan,
    programs: &BTreeMap<Contract, Program>,
    deployer: Address,
) -> Result<Vec<Estimate>> {
    let mut estimates = Vec::new();
    let deployer_pending = matches!(plan.steps.first(), Some(Step::StylusDeployer { .. }));
    for step in &plan.steps {
        let mut estimate = Estimate {
            step: step.clone(),
            gas: None,
            value: U256::ZERO,
            note: None,
            problem: None,
        };
        match step {
            Step::StylusDeployer { .. } => {
                let code = dev_stylus_deployer_code().into();
                match chain.estimate_gas(TxKind::Create, code, U256::ZERO).await? {
                    Ok(gas) => estimate.gas = Some(with_margin(gas)),
                    Err(reason) => estimate.problem = Some(format!("would revert with {reason}")),
                }
            }
            Step::Deploy { .. } if deployer_pending => {
                estimate.note = Some("estimated once the StylusDeployer exists".into());
            }
            Step::Deploy {
                contract, address, ..
            } => {
                let program = &programs[contract];
                match chain.code_hash_at(*address).await? {
                    Some(hash) if hash == program.code_hash() => {
                        estimate.note = Some("already on chain: recorded, not sent".into());
                    }
                    Some(hash) => {
                        estimate.problem = Some(format!("{address} holds other code ({hash})"));
                    }
                    None => match chain.activation_fee(program, *address).await {
                        Ok(fee) => {
                            estimate.value = fee;
                            let data = deploy_call(step, program);
                            match chain.estimate_gas(deployer, data, fee).await? {
                                Ok(gas) => estimate.gas = Some(with_margin(gas)),
                                Err(reason) => {
                                    estimate.problem = Some(format!("would revert with {reason}"));
                                }
                            }
                        }
                        Err(error) => estimate.problem = Some(error.to_string()),
                    },
                }
            }
            Step::Wire { .. } => {
                estimate.note = Some("estimated once the contracts exist".into());
            }
            Step::CacheBid { .. } => {
                estimate.note = Some("minimum bid read once the program is active".into());
            }
        }
        estimates.push(estimate);
    }
    Ok(estimates)
}

/// The estimates for `--json`.
pub fn to_json(estimates: &[Estimate]) -> Vec<serde_json::Value> {
    estimates
        .iter()
        .map(|e| {
            serde_json::json!({
                "step": e.step.to_string(),
                "gas": e.gas,
                "valueWei": e.value,
                "note": e.note,
                "problem": e.problem,
            })
        })
        .collect()
}

/// What a step costs at most: its gas at `max_fee_per_gas` plus the ETH
/// it sends.
pub fn cost(estimate: &Estimate, max_fee_per_gas: u128) -> U256 {
    U256::from(estimate.gas.unwrap_or_default())
        .saturating_mul(U256::from(max_fee_per_gas))
        .saturating_add(estimate.value)
}

/// What the estimable steps cost at most together.
pub fn total_cost(estimates: &[Estimate], max_fee_per_gas: u128) -> U256 {
    estimates.iter().fold(U256::ZERO, |total, e| {
        total.saturating_add(cost(e, max_fee_per_gas))
    })
}

/// Prints the estimates as a table, with the total at `max_fee_per_gas`.
pub fn describe(estimates: &[Estimate], max_fee_per_gas: u128) -> String {
    let mut out = String::new();
    for estimate in estimates {
        let gas = estimate
            .gas
            .map_or_else(|| "-".to_owned(), |gas| gas.to_string());
        let cost = cost(estimate, max_fee_per_gas);
        let _ = write!(
            out,
            "  {:<62} {:>10} gas  {:>22} ETH",
            estimate.step.to_string(),
            gas,
            format_ether(cost)
        );
        if let Some(note) = &estimate.note {
            let _ = write!(out, "  ({note})");
        }
        if let Some(problem) = &estimate.problem {
            let _ = write!(out, "  PROBLEM: {problem}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "  total at most {} ETH at {max_fee_per_gas} wei per gas, before the steps not yet estimable",
        format_ether(total_cost(estimates, max_fee_per_gas))
    );
    out
}

/// Runs every step of `plan`, saving `deployments` to `path` after each.
///
/// # Errors
/// The first step that fails, with its transaction and decoded revert; what
/// succeeded before it is in the file, and a re-run resumes after it.
pub async fn execute(
    chain: &Chain,
    plan: &Plan,
    programs: &BTreeMap<Contract, Program>,
    deployments: &mut Deployments,
    path: &Path,
) -> Result<()> {
    let total = plan.steps.len();
    for (index, step) in plan.steps.iter().enumerate() {
        let label = format!("[{}/{total}] {step}", index + 1);
        match step {
            Step::StylusDeployer { address } => {
                let code = dev_stylus_deployer_code().into();
                let receipt = chain.send(&label, TxKind::Create, code, U256::ZERO).await?;
                ensure!(
                    receipt.contract_address == Some(*address),
                    "{label}: transaction {} created {:?}, not the planned {address} (did \
                     another transaction from this account get in between?); run again",
                    receipt.transaction_hash,
                    receipt.contract_address
                );
                report(&label, &receipt);
            }
            Step::Deploy {
                contract, address, ..
            } => {
                let program = &programs[contract];
                let sent =
                    deploy(chain, &label, step, program, deployments.stylus_deployer).await?;
                deployments.contracts.insert(
                    contract.name().into(),
                    Deployed {
                        address: *address,
                        code_hash: program.code_hash(),
                        sent,
                    },
                );
            }
            Step::Wire { contract, calldata } => {
                let sent = if is_wired(chain, *contract, &plan.addresses).await? {
                    eprintln!("{label}: already wired on chain");
                    None
                } else {
                    let to = plan.addresses.get(*contract);
                    let receipt = chain.send(&label, to, calldata.clone(), U256::ZERO).await?;
                    Some(report(&label, &receipt))
                };
                deployments.wiring.insert(contract.name().into(), sent);
            }
            Step::CacheBid { contract } => {
                let Some(code_hash) = deployments.deployed(*contract).map(|d| d.code_hash) else {
                    bail!("{label}: {contract} is not deployed");
                };
                let address = plan.addresses.get(*contract);
                let sent = cache_bid(chain, &label, code_hash, address).await?;
                deployments.cache_bids.insert(contract.name().into(), sent);
            }
        }
        deployments.tool = crate::deployments::TOOL.into();
        deployments
            .save(path)
            .wrap_err_with(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// The StylusDeployer call of a deploy step.
fn deploy_call(step: &Step, program: &Program) -> Bytes {
    let Step::Deploy {
        salt, init_data, ..
    } = step
    else {
        return Bytes::new();
    };
    StylusDeployer::deployCall {
        bytecode: program.init_code().into(),
        initData: init_data.clone(),
        initValue: U256::ZERO,
        salt: *salt,
    }
    .abi_encode()
    .into()
}

async fn deploy(
    chain: &Chain,
    label: &str,
    step: &Step,
    program: &Program,
    deployer: Address,
) -> Result<Option<Sent>> {
    let Step::Deploy { address, .. } = step else {
        bail!("{label}: not a deploy step");
    };
    match chain.code_hash_at(*address).await? {
        Some(hash) if hash == program.code_hash() => {
            eprintln!("{label}: already deployed on chain");
            return Ok(None);
        }
        Some(hash) => {
            bail!("{label}: {address} already holds other code (hash {hash}); nothing was sent")
        }
        None => {}
    }
    let fee = chain
        .activation_fee(program, *address)
        .await
        .wrap_err_with(|| format!("{label}: nothing was sent"))?;
    let receipt = chain
        .send(label, deployer, deploy_call(step, program), fee)
        .await?;
    let created = receipt
        .inner
        .logs()
        .iter()
        .filter(|log| log.address() == deployer)
        .find_map(|log| {
            StylusDeployer::ContractDeployed::decode_log_data(log.data())
                .ok()
                .map(|event| event.deployedContract)
        });
    ensure!(
        created == Some(*address),
        "{label}: transaction {} deployed {created:?}, not the expected {address}",
        receipt.transaction_hash
    );
    ensure!(
        chain.code_hash_at(*address).await? == Some(program.code_hash()),
        "{label}: the code at {address} is not the program that was sent"
    );
    Ok(Some(report(label, &receipt)))
}

/// Whether `contract`'s wiring on chain is already `addresses`.
///
/// # Errors
/// RPC failures, or wiring to other addresses (which can never change).
async fn is_wired(chain: &Chain, contract: Contract, addresses: &Addresses) -> Result<bool> {
    let actual = wiring_of(chain, contract, addresses).await?;
    let expected = expected_wiring(contract, addresses);
    if actual.iter().all(|address| address.is_zero()) {
        return Ok(false);
    }
    ensure!(
        actual == expected,
        "{contract} is wired to {actual:?}, not {expected:?}: wiring is one-shot, so this \
         suite cannot be finished; deploy a new one with another --salt"
    );
    Ok(true)
}

/// What `contract` reads back as its wiring.
async fn wiring_of(
    chain: &Chain,
    contract: Contract,
    addresses: &Addresses,
) -> Result<Vec<Address>> {
    // The rewards distributor's wiring lives in the smoothing pool, its
    // proxy; the implementation's own storage is never used.
    let at = if contract == Contract::RewardsDistributor {
        addresses.smoothing_pool
    } else {
        addresses.get(contract)
    };
    Ok(match contract {
        Contract::RethToken => vec![chain.view(at, &IRethToken::getDepositPoolCall {}).await?],
        Contract::DepositPool => {
            let wiring = chain.view(at, &IDepositPool::getWiringCall {}).await?;
            vec![wiring._0, wiring._1]
        }
        Contract::MinipoolManager => {
            let w = chain.view(at, &IMinipoolManager::getWiringCall {}).await?;
            vec![w._0, w._1, w._2, w._3, w._4, w._5]
        }
        Contract::RewardsDistributor => {
            let w = chain
                .view(at, &IRewardsDistributor::getWiringCall {})
                .await?;
            vec![w._0, w._1, w._2]
        }
        _ => Vec::new(),
    })
}

/// The wiring every contract must read back.
fn expected_wiring(contract: Contract, a: &Addresses) -> Vec<Address> {
    match contract {
        Contract::RethToken => vec![a.deposit_pool],
        Contract::DepositPool => vec![a.reth_token, a.minipool_manager],
        Contract::MinipoolManager => vec![
            a.deposit_pool,
            a.reth_token,
            a.smoothing_pool,
            a.minipool,
            a.beacon_deposit,
            a.node_manager,
        ],
        Contract::RewardsDistributor => vec![a.reth_token, a.minipool_manager, a.node_manager],
        _ => Vec::new(),
    }
}

/// Reads back the whole suite's wiring, the smoothing pool's code and every
/// admin, after a run.
///
/// # Errors
/// The first contract whose wiring, code or admin is not what it must be.
pub async fn verify(chain: &Chain, addresses: &Addresses, admin: Address) -> Result<()> {
    let runtime = proxy_runtime(addresses);
    ensure!(
        chain.code_hash_at(addresses.smoothing_pool).await? == Some(keccak256(&runtime)),
        "verify: the smoothing pool at {} is not the proxy of the rewards distributor at {}",
        addresses.smoothing_pool,
        addresses.rewards_distributor
    );
    for contract in [
        Contract::RethToken,
        Contract::DepositPool,
        Contract::MinipoolManager,
        Contract::RewardsDistributor,
    ] {
        let actual = wiring_of(chain, contract, addresses).await?;
        let expected = expected_wiring(contract, addresses);
        ensure!(
            actual == expected,
            "verify: {contract} reads back wiring {actual:?}, expected {expected:?}"
        );
    }
    // rETH has no admin of its own: the deposit pool's is its.
    for contract in [
        Contract::NodeManager,
        Contract::DepositPool,
        Contract::MinipoolManager,
    ] {
        let owner = chain
            .view(addresses.get(contract), &IOwnable2Step::ownerCall {})
            .await?;
        ensure!(
            owner == admin,
            "verify: {contract}'s admin is {owner}, expected {admin}"
        );
    }
    Ok(())
}

async fn cache_bid(
    chain: &Chain,
    label: &str,
    code_hash: B256,
    address: Address,
) -> Result<Option<Sent>> {
    if chain.is_cached(code_hash).await? {
        eprintln!("{label}: already cached");
        return Ok(None);
    }
    let manager = cache_manager(chain.provider())
        .await
        .wrap_err_with(|| format!("{label}: this chain has no Stylus cache manager"))?;
    let bid = chain
        .view(
            *manager.address(),
            &CacheManager::getMinBid_0Call { program: address },
        )
        .await
        .wrap_err_with(|| format!("{label}: nothing was sent"))?;
    let call = CacheManager::placeBidCall { program: address };
    let receipt = chain
        .send(
            label,
            *manager.address(),
            call.abi_encode().into(),
            U256::from(bid),
        )
        .await?;
    Ok(Some(report(label, &receipt)))
}

fn report(label: &str, receipt: &TransactionReceipt) -> Sent {
    let sent = Sent {
        tx_hash: receipt.transaction_hash,
        block: receipt.block_number.unwrap_or_default(),
        gas_used: receipt.gas_used,
    };
    eprintln!(
        "{label}: done in block {} ({} gas, tx {})",
        sent.block, sent.gas_used, sent.tx_hash
    );
    sent
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_shows_what_each_step_costs_and_why_one_would_fail() {
        let step = |contract| Step::CacheBid { contract };
        let estimates = [
            Estimate {
                step: step(Contract::RethToken),
                gas: Some(1_000_000),
                value: U256::from(5_000_000_000_000_000_u64),
                note: None,
                problem: None,
            },
            Estimate {
                step: step(Contract::DepositPool),
                gas: Some(200_000),
                value: U256::ZERO,
                note: None,
                problem: Some("would revert with NotWired()".into()),
            },
            Estimate {
                step: step(Contract::Minipool),
                gas: None,
                value: U256::ZERO,
                note: Some("estimated once the contracts exist".into()),
                problem: None,
            },
        ];
        // 1.2 M gas at 0.1 gwei, plus the 0.005 ETH sent.
        assert_eq!(
            total_cost(&estimates, 100_000_000),
            U256::from(5_120_000_000_000_000_u64)
        );
        let table = describe(&estimates, 100_000_000);
        assert!(table.contains("cache reth-token"), "{table}");
        assert!(table.contains("0.005100000000000000 ETH"), "{table}");
        assert!(
            table.contains("PROBLEM: would revert with NotWired()"),
            "{table}"
        );
        assert!(
            table.contains("(estimated once the contracts exist)"),
            "{table}"
        );
        assert!(
            table.contains("total at most 0.005120000000000000 ETH"),
            "{table}"
        );
        let json = to_json(&estimates);
        assert_eq!(json[1]["problem"], "would revert with NotWired()");
        assert_eq!(json[0]["gas"], 1_000_000);
    }
}
