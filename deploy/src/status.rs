//! `deploy status`: each contract of a deployments file as the chain sees
//! it, and the protocol's headline numbers.

use std::fmt::Write as _;

use alloy::primitives::{utils::format_ether, Address, U256};
use eyre::Result;
use serde::Serialize;

use crate::{
    abi::{reth_token::IErc20, IDepositPool, IMinipoolManager, IRethToken},
    chain::Chain,
    deployments::Deployments,
    suite::Contract,
};

/// One contract as the chain sees it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractStatus {
    pub name: String,
    pub address: Address,
    /// Whether the code at the address is the recorded program.
    pub code_matches: bool,
    /// The Stylus version it is active at, if it is.
    pub activated: Option<u16>,
    /// Why it is not active (`ProgramNotActivated`, `ProgramExpired`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_active: Option<String>,
    pub cached: bool,
}

/// The protocol's headline numbers, in wei (the rate is 1e18-scaled).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Headline {
    pub total_eth: U256,
    pub exchange_rate: U256,
    pub reth_supply: U256,
    pub total_collateral: U256,
    /// Rewards that arrived but have not unlocked into the rate yet.
    pub locked_rewards: U256,
    pub deposit_pool_balance: U256,
    pub queue_length: U256,
    pub queue_capacity: U256,
    pub minipools: U256,
    pub staking_minipools: U256,
    pub user_capital_in_minipools: U256,
}

/// Everything `deploy status` shows.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub chain_id: u64,
    pub contracts: Vec<ContractStatus>,
    /// The smoothing pool, validators' fee recipient; absent until the
    /// suite is deployed and wired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smoothing_pool: Option<Address>,
    /// Absent until the suite is deployed and wired.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<Headline>,
}

/// Reads the status of the suite a deployments file describes.
///
/// # Errors
/// RPC failures.
pub async fn read(chain: &Chain, deployments: &Deployments) -> Result<Status> {
    let mut contracts = Vec::new();
    for contract in Contract::ALL {
        let Some(deployed) = deployments.deployed(contract) else {
            continue;
        };
        let on_chain = chain.code_hash_at(deployed.address).await?;
        let (activated, not_active) = match chain.activation(deployed.code_hash).await? {
            Ok(version) => (Some(version), None),
            Err(reason) => (None, Some(reason)),
        };
        contracts.push(ContractStatus {
            name: contract.name().into(),
            address: deployed.address,
            code_matches: on_chain == Some(deployed.code_hash),
            activated,
            not_active,
            cached: chain.is_cached(deployed.code_hash).await.unwrap_or(false),
        });
    }
    let address = |contract| deployments.deployed(contract).map(|d| d.address);
    let wired = deployments.wiring.len() == 3;
    let headline = match (
        wired,
        address(Contract::RethToken),
        address(Contract::DepositPool),
        address(Contract::MinipoolManager),
    ) {
        (true, Some(reth), Some(pool), Some(manager)) => {
            Some(headline(chain, reth, pool, manager).await?)
        }
        _ => None,
    };
    Ok(Status {
        chain_id: chain.chain_id,
        contracts,
        smoothing_pool: deployments
            .addresses()
            .map(|addresses| addresses.smoothing_pool),
        headline,
    })
}

async fn headline(
    chain: &Chain,
    reth: Address,
    pool: Address,
    manager: Address,
) -> Result<Headline> {
    Ok(Headline {
        total_eth: chain.view(reth, &IRethToken::getTotalEthCall {}).await?,
        exchange_rate: chain
            .view(reth, &IRethToken::getExchangeRateCall {})
            .await?,
        reth_supply: chain.view(reth, &IErc20::totalSupplyCall {}).await?,
        total_collateral: chain
            .view(reth, &IRethToken::getTotalCollateralCall {})
            .await?,
        locked_rewards: chain
            .view(reth, &IRethToken::getLockedRewardsCall {})
            .await?,
        deposit_pool_balance: chain.view(pool, &IDepositPool::getBalanceCall {}).await?,
        queue_length: chain
            .view(pool, &IDepositPool::getQueueLengthCall {})
            .await?,
        queue_capacity: chain
            .view(pool, &IDepositPool::getQueueTotalCapacityCall {})
            .await?,
        minipools: chain
            .view(manager, &IMinipoolManager::getMinipoolCountCall {})
            .await?,
        staking_minipools: chain
            .view(manager, &IMinipoolManager::getStakingMinipoolCountCall {})
            .await?,
        user_capital_in_minipools: chain
            .view(manager, &IMinipoolManager::getTotalUserCapitalCall {})
            .await?,
    })
}

/// The status as a person reads it.
pub fn describe(status: &Status) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "chain {}", status.chain_id);
    for contract in &status.contracts {
        let activation = match (&contract.activated, &contract.not_active) {
            (Some(version), _) => format!("active (Stylus v{version})"),
            (None, Some(reason)) => format!("NOT ACTIVE: {reason}"),
            (None, None) => "unknown".into(),
        };
        let _ = writeln!(
            out,
            "  {:<20} {}  {}  {}  {}",
            contract.name,
            contract.address,
            if contract.code_matches {
                "code ok"
            } else {
                "CODE DIFFERS"
            },
            activation,
            if contract.cached {
                "cached"
            } else {
                "not cached"
            },
        );
    }
    if let Some(smoothing_pool) = status.smoothing_pool {
        let _ = writeln!(
            out,
            "  {:<20} {smoothing_pool}  validators' fee recipient (the rewards distributor's proxy)",
            "smoothing-pool"
        );
    }
    match &status.headline {
        None => out.push_str("  (not deployed and wired yet: run `deploy suite`)\n"),
        Some(h) => {
            let eth = |wei: U256| format!("{} ETH", format_ether(wei));
            let rows = [
                ("total ETH backing rETH", eth(h.total_eth)),
                (
                    "exchange rate (ETH per rETH)",
                    format_ether(h.exchange_rate),
                ),
                ("rETH supply", format_ether(h.reth_supply)),
                ("rewards still unlocking", eth(h.locked_rewards)),
                ("collateral for burns now", eth(h.total_collateral)),
                ("deposit pool balance", eth(h.deposit_pool_balance)),
                ("minipools queued", h.queue_length.to_string()),
                ("ETH the queue still needs", eth(h.queue_capacity)),
                ("minipools", h.minipools.to_string()),
                ("staking minipools", h.staking_minipools.to_string()),
                ("user ETH in minipools", eth(h.user_capital_in_minipools)),
            ];
            for (what, value) in rows {
                let _ = writeln!(out, "  {what:<30} {value}");
            }
        }
    }
    out
}
