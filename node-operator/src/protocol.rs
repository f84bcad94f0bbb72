//! What the node software reads from the protocol: a node, its minipools,
//! the queue and the watchers' view, as plain values the commands decide on.

use alloy::{
    eips::BlockNumberOrTag,
    primitives::{uint, Address, Bytes, U256},
    providers::Provider,
};
use deploy::{
    abi::{
        deposit_pool::IDepositPool, minipool::IMinipool, minipool_manager::IMinipoolManager,
        node_manager::INodeManager, rewards_distributor::IRewardsDistributor,
    },
    chain::Chain,
    suite::Addresses,
};
use eyre::{bail, Result};
use serde::Serialize;

/// 32 ETH: a validator's launch balance.
pub const LAUNCH_BALANCE: U256 = uint!(32_000_000_000_000_000_000_U256);
/// 1e18: fractions and fees are scaled by it.
const FULL_FRACTION: U256 = uint!(1_000_000_000_000_000_000_U256);
/// A Staking minipool's balance of this much or more is an exit the
/// watchers must report before it can be distributed.
pub const SKIM_LIMIT: U256 = uint!(8_000_000_000_000_000_000_U256);

/// A minipool's status (Rocket Pool's numbering).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    Initialised,
    Prelaunch,
    Staking,
    Withdrawable,
    Dissolved,
}

impl Status {
    /// The status a minipool reports.
    ///
    /// # Errors
    /// A number the protocol does not use.
    pub fn from_code(code: u8) -> Result<Self> {
        Ok(match code {
            0 => Self::Initialised,
            1 => Self::Prelaunch,
            2 => Self::Staking,
            3 => Self::Withdrawable,
            4 => Self::Dissolved,
            other => bail!("unknown minipool status {other}"),
        })
    }

    pub const fn name(self) -> &'static str {
        match self {
            Self::Initialised => "Initialised (in the queue)",
            Self::Prelaunch => "Prelaunch",
            Self::Staking => "Staking",
            Self::Withdrawable => "Withdrawable",
            Self::Dissolved => "Dissolved",
        }
    }
}

/// A minipool in the deposit pool's queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueSpot {
    /// 0 is next to be matched.
    pub position: u64,
    /// ETH stakers must still deposit before this minipool is matched (what
    /// it and the minipools ahead need, less the pool's balance).
    pub eth_needed: U256,
}

/// One minipool as its node sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Minipool {
    pub address: Address,
    pub status: Status,
    pub finalised: bool,
    /// When the current status began (unix seconds).
    pub status_time: u64,
    pub scrub_period: u64,
    pub launch_timeout: u64,
    pub node_fee: U256,
    pub bond: U256,
    pub user_deposit: U256,
    pub refund: U256,
    /// ETH the minipool holds.
    pub balance: U256,
    pub pubkey: Bytes,
    pub queue: Option<QueueSpot>,
}

impl Minipool {
    /// The balance a distribution would split: what it holds less the
    /// refund balance.
    pub fn distributable(&self) -> U256 {
        self.balance.saturating_sub(self.refund)
    }

    /// When `stake` becomes possible (Prelaunch only).
    pub fn stake_from(&self) -> u64 {
        self.status_time.saturating_add(self.scrub_period)
    }

    /// When anyone may dissolve it for not staking (Prelaunch only).
    pub fn timeout_at(&self) -> u64 {
        self.status_time.saturating_add(self.launch_timeout)
    }

    /// What the node would receive from distributing the balance now:
    /// `None` where it cannot be distributed yet (an unreported exit) or
    /// not at all (before Staking, or Dissolved).
    pub fn node_share_of_balance(&self) -> Option<U256> {
        let balance = self.distributable();
        match self.status {
            Status::Staking if balance < SKIM_LIMIT => {
                node_share(balance, self.bond, self.node_fee)
            }
            Status::Withdrawable if self.finalised => node_share(balance, self.bond, self.node_fee),
            Status::Withdrawable if balance > LAUNCH_BALANCE => {
                node_share(balance - LAUNCH_BALANCE, self.bond, self.node_fee)?
                    .checked_add(self.bond)
            }
            Status::Withdrawable => Some(balance.saturating_sub(self.user_deposit)),
            _ => None,
        }
    }

    /// Whether a distribution would do anything (a reported exit finalises
    /// even with nothing left).
    pub fn has_distributable(&self) -> bool {
        match self.status {
            Status::Staking => !self.distributable().is_zero() && self.distributable() < SKIM_LIMIT,
            Status::Withdrawable => !self.finalised || !self.distributable().is_zero(),
            _ => false,
        }
    }
}

/// The node's share of a reward (the spec's "Rewards"): `reward · bond /
/// 32 ETH`, plus the node fee on the rest, each rounded down. The contracts
/// compute it with `contracts::math::node_share`; that crate is on the
/// contracts' alloy 0.8 and builds natively only inside motsu's VM, so the
/// CLI states the rule again, and its tests pin it to the contracts' figures.
pub fn node_share(reward: U256, bond: U256, fee: U256) -> Option<U256> {
    let bond_part = reward.checked_mul(bond)?.checked_div(LAUNCH_BALANCE)?;
    let commission = reward
        .checked_sub(bond_part)?
        .checked_mul(fee)?
        .checked_div(FULL_FRACTION)?;
    bond_part.checked_add(commission)
}

/// A node and everything it is owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    pub address: Address,
    pub registered: bool,
    pub withdrawal_address: Address,
    pub pending_withdrawal_address: Address,
    /// Smoothing-pool rewards claimable now.
    pub claimable: U256,
    pub minipools: Vec<Minipool>,
    /// The latest block's timestamp.
    pub now: u64,
}

impl Node {
    /// Everything owed to the node now: claimable smoothing-pool rewards,
    /// refund balances, and its share of every balance it may distribute.
    pub fn total_owed(&self) -> U256 {
        self.minipools
            .iter()
            .fold(self.claimable, |total, minipool| {
                total
                    .saturating_add(minipool.refund)
                    .saturating_add(minipool.node_share_of_balance().unwrap_or_default())
            })
    }

    /// The node's minipool at `address`.
    ///
    /// # Errors
    /// When it is not one of the node's, saying whose it is not.
    pub fn minipool(&self, address: Address) -> Result<&Minipool> {
        match self
            .minipools
            .iter()
            .find(|minipool| minipool.address == address)
        {
            Some(minipool) => Ok(minipool),
            None => bail!("{address} is not a minipool of node {}", self.address),
        }
    }
}

/// The protocol's settings a node's commands check against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub creation_enabled: bool,
    pub registration_enabled: bool,
}

/// Reads the protocol through a chain connection.
pub struct Protocol<'a> {
    pub chain: &'a Chain,
    pub addresses: Addresses,
}

impl Protocol<'_> {
    /// The latest block's timestamp.
    ///
    /// # Errors
    /// RPC failures.
    pub async fn now(&self) -> Result<u64> {
        match self
            .chain
            .provider()
            .get_block_by_number(BlockNumberOrTag::Latest)
            .await?
        {
            Some(block) => Ok(block.header.timestamp),
            None => bail!("the node has no latest block"),
        }
    }

    /// The settings.
    ///
    /// # Errors
    /// RPC failures.
    pub async fn settings(&self) -> Result<Settings> {
        let a = &self.addresses;
        Ok(Settings {
            creation_enabled: self
                .chain
                .view(
                    a.minipool_manager,
                    &IMinipoolManager::getMinipoolCreationEnabledCall {},
                )
                .await?,
            registration_enabled: self
                .chain
                .view(a.node_manager, &INodeManager::getRegistrationEnabledCall {})
                .await?,
        })
    }

    /// `node` with its minipools.
    ///
    /// # Errors
    /// RPC failures.
    pub async fn node(&self, node: Address) -> Result<Node> {
        let (chain, a) = (self.chain, &self.addresses);
        let registered = chain
            .view(a.node_manager, &INodeManager::getNodeExistsCall { node })
            .await?;
        let (withdrawal_address, pending_withdrawal_address) = if registered {
            (
                chain
                    .view(
                        a.node_manager,
                        &INodeManager::getNodeWithdrawalAddressCall { node },
                    )
                    .await?,
                chain
                    .view(
                        a.node_manager,
                        &INodeManager::getNodePendingWithdrawalAddressCall { node },
                    )
                    .await?,
            )
        } else {
            (Address::ZERO, Address::ZERO)
        };
        let count: U256 = chain
            .view(
                a.minipool_manager,
                &IMinipoolManager::getNodeMinipoolCountCall { node },
            )
            .await?;
        let queue = self.queue().await?;
        let mut minipools = Vec::new();
        for index in 0..count.saturating_to::<u64>() {
            let address = chain
                .view(
                    a.minipool_manager,
                    &IMinipoolManager::getNodeMinipoolAtCall {
                        node,
                        index: U256::from(index),
                    },
                )
                .await?;
            minipools.push(self.minipool(address, &queue).await?);
        }
        Ok(Node {
            address: node,
            registered,
            withdrawal_address,
            pending_withdrawal_address,
            claimable: chain
                .view(
                    a.smoothing_pool,
                    &IRewardsDistributor::getClaimableCall { node },
                )
                .await?,
            minipools,
            now: self.now().await?,
        })
    }

    /// The queue, next first, as (minipool, ETH it needs), and the pool's
    /// balance that goes to it.
    ///
    /// # Errors
    /// RPC failures.
    pub async fn queue(&self) -> Result<Queue> {
        let (chain, a) = (self.chain, &self.addresses);
        let length: U256 = chain
            .view(a.deposit_pool, &IDepositPool::getQueueLengthCall {})
            .await?;
        let mut entries = Vec::new();
        for position in 0..length.saturating_to::<u64>() {
            let minipool = chain
                .view(
                    a.deposit_pool,
                    &IDepositPool::getQueueAtCall {
                        position: U256::from(position),
                    },
                )
                .await?;
            let bond: U256 = chain
                .view(minipool, &IMinipool::getNodeDepositBalanceCall {})
                .await?;
            entries.push((minipool, LAUNCH_BALANCE.saturating_sub(bond)));
        }
        Ok(Queue {
            entries,
            pool_balance: chain
                .view(a.deposit_pool, &IDepositPool::getBalanceCall {})
                .await?,
        })
    }

    /// One minipool.
    ///
    /// # Errors
    /// RPC failures, or an unknown status.
    pub async fn minipool(&self, address: Address, queue: &Queue) -> Result<Minipool> {
        let chain = self.chain;
        let status: u8 = chain.view(address, &IMinipool::getStatusCall {}).await?;
        Ok(Minipool {
            address,
            status: Status::from_code(status)?,
            finalised: chain.view(address, &IMinipool::getFinalisedCall {}).await?,
            status_time: chain
                .view(address, &IMinipool::getStatusTimeCall {})
                .await?
                .saturating_to(),
            scrub_period: chain
                .view(address, &IMinipool::getScrubPeriodCall {})
                .await?,
            launch_timeout: chain
                .view(address, &IMinipool::getLaunchTimeoutCall {})
                .await?,
            node_fee: chain.view(address, &IMinipool::getNodeFeeCall {}).await?,
            bond: chain
                .view(address, &IMinipool::getNodeDepositBalanceCall {})
                .await?,
            user_deposit: chain
                .view(address, &IMinipool::getUserDepositBalanceCall {})
                .await?,
            refund: chain
                .view(address, &IMinipool::getNodeRefundBalanceCall {})
                .await?,
            balance: chain.provider().get_balance(address).await?,
            pubkey: chain
                .view(address, &IMinipool::getValidatorPubkeyCall {})
                .await?,
            queue: queue.spot(address),
        })
    }
}

/// The deposit pool's queue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Queue {
    /// Minipools, next first, with the ETH each needs.
    pub entries: Vec<(Address, U256)>,
    pub pool_balance: U256,
}

impl Queue {
    /// Where `minipool` stands, if queued.
    pub fn spot(&self, minipool: Address) -> Option<QueueSpot> {
        let position = self
            .entries
            .iter()
            .position(|(queued, _)| *queued == minipool)?;
        let needed = self.entries[..=position]
            .iter()
            .fold(U256::ZERO, |total, (_, need)| total.saturating_add(*need));
        Some(QueueSpot {
            position: position as u64,
            eth_needed: needed.saturating_sub(self.pool_balance),
        })
    }
}
