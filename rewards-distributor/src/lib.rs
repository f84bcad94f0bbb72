//! The smoothing pool.
//!
//! Validators name the smoothing pool as their fee recipient, so
//! execution-layer rewards (priority fees, MEV) arrive there as plain ETH.
//! The smoothing pool is the protocol's proxy (the `proxy` crate) in front of
//! this implementation, created by the minipool manager when it is wired,
//! with the contracts it works with named after its code: plain ETH stops
//! in the proxy, so a block builder's payment
//! costs what a transfer to an account costs, and this code runs only for
//! calls. `distribute` splits
//! what arrived since the last distribution equally across the staking
//! minipools (each has 32 ETH at stake) and each slice between the minipool's
//! node and the users by the spec's rule: the users' part goes to rETH at
//! once, the nodes' part waits here until each node claims it.
//!
//! The work is O(1) whatever the number of minipools: an accumulator counts
//! the wei each staking minipool has earned (`rewardPerMinipool`, scaled by
//! 1e18), and each node is owed its weight (the sum of its staking
//! minipools' node fractions, see [`contracts::math::node_fraction`]) times
//! the accumulator's growth since it was last settled. A node is settled
//! whenever its weight changes, so a minipool earns exactly from the moment
//! it starts staking to the moment it finalises; ETH waiting undistributed
//! is distributed before any minipool joins or leaves.
//!
//! Rounding: the nodes' part of each distribution is rounded up into the
//! unclaimed total and each claim rounds down, so claims can never exceed
//! what is held; the difference is dust of a wei or so per distribution.
//!
//! Call graph: minipools call `join` and `leave` (a caller is one of the
//! suite's minipools if its code is the proxy of the minipool
//! implementation naming the suite, see [`clone::is_minipool`]); the
//! distributor pays rETH (a plain transfer) and reads the node manager, and
//! neither calls back.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
// The SDK's entrypoint adds undocumented functions to wasm and export-abi builds.
#![cfg_attr(
    any(target_arch = "wasm32", feature = "export-abi"),
    allow(missing_docs)
)]
#![allow(deprecated)] // stylus-sdk 0.9's `sol_interface!` calls take `call::Call`.
extern crate alloc;

use alloc::{vec, vec::Vec};

use alloy_primitives::{uint, Address, U128, U256, U32};
use contracts::{
    clone::{self, Links},
    constants::ETHER,
    env::EnvAccess,
    errors::{
        call_failed, send_eth, ArithmeticOverflow, EthTransferFailed, ExternalCallFailed,
        NothingToDistribute, UnauthorizedCaller,
    },
    interfaces::INodeManager,
    math,
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageMap, StorageU128, StorageU32, StorageUint},
};

/// Scale of the accumulator times the scale of node fractions: a node's
/// weight times the accumulator's growth, divided by this, is wei.
const WEIGHTED_PRECISION: U256 = uint!(1_000_000_000_000_000_000_000_000_000_000_000_000_U256);

contracts::events! {
    /// `total` was split: `nodeAmount` kept for the nodes to claim,
    /// `userAmount` sent to rETH.
    event RewardsDistributed(uint256 total, uint256 nodeAmount, uint256 userAmount);
    /// `node` claimed `amount`, paid to its withdrawal address.
    event RewardsClaimed(address indexed node, uint256 amount);
}

contracts::errors! {
    /// `node` has no rewards to claim.
    error NothingToClaim(address node);
}

/// Everything that can go wrong in the smoothing pool.
#[derive(contracts::SolidityError, Debug)]
pub enum Error {
    /// Nothing arrived since the last distribution.
    NothingToDistribute(NothingToDistribute),
    /// A claim with nothing owed.
    NothingToClaim(NothingToClaim),
    /// `join`/`leave` called by something other than one of the suite's
    /// minipools.
    UnauthorizedCaller(UnauthorizedCaller),
    /// A computation overflowed.
    ArithmeticOverflow(ArithmeticOverflow),
    /// Reading the withdrawal address failed.
    ExternalCallFailed(ExternalCallFailed),
    /// Paying rETH or a node failed.
    EthTransferFailed(EthTransferFailed),
}

/// A stored weight, of a node or of all nodes (at most 1e18 a minipool,
/// so 96 bits hold tens of billions of minipools), or an amount of wei (96
/// bits hold 79 billion ETH).
type StorageWeight = StorageUint<96, 2>;
/// The stored accumulator, or a node's copy of it. It grows by at most
/// 1e18 times the wei distributed, so 160 bits hold 1e30 wei of rewards per
/// minipool, far beyond all the ether there is.
type StorageAccumulator = StorageUint<160, 3>;

/// One node's standing in the smoothing pool. Its weight and accumulator
/// share a slot, so a node's first minipool to stake sets one slot from
/// zero; the node's settled rewards stay zero until it has earned some.
#[storage]
pub struct NodeRewards {
    /// Sum of the node fractions of the node's staking minipools, 1e18-scaled.
    weight: StorageWeight,
    /// The accumulator when the node was last settled.
    reward_per_minipool_paid: StorageAccumulator,
    /// Rewards settled and not yet claimed.
    settled: StorageU128,
}

/// State of the smoothing pool. The contracts it works with (rETH, where
/// the users' part goes; the node manager, for withdrawal addresses; the
/// minipool implementation and the rest of the suite, by which it knows
/// the minipools, the only callers of `join` and `leave`) are not stored:
/// its proxy keeps them after its code ([`Links`]).
#[entrypoint]
#[storage]
pub struct RewardsDistributor {
    /// Wei each staking minipool has earned since deployment, times 1e18,
    /// in one slot with the next field, so that a distribution writes one
    /// slot.
    reward_per_minipool: StorageAccumulator,
    /// Node rewards distributed and not yet claimed (rounded up).
    unclaimed: StorageWeight,
    /// Minipools staking now, in one slot with the next field.
    staking_minipools: StorageU32,
    /// Sum of all nodes' weights.
    total_weight: StorageWeight,
    /// Each node's standing.
    nodes: StorageMap<Address, NodeRewards>,
}

#[contracts::public]
impl RewardsDistributor {
    /// `(rETH, minipoolManager, nodeManager)`, as the proxy names them.
    pub fn get_wiring(&self) -> (Address, Address, Address) {
        let links = self.links();
        (links.reth(), links.manager(), links.node_manager())
    }

    /// Splits the ETH that arrived since the last distribution across the
    /// staking minipools (all to rETH while none is staking). Anyone may call.
    ///
    /// # Errors
    /// [`NothingToDistribute`], [`EthTransferFailed`], [`ArithmeticOverflow`].
    ///
    /// # Events
    /// [`RewardsDistributed`].
    pub fn distribute(&mut self) -> Result<(), Error> {
        if self.distribute_pending(self.links().reth())? {
            Ok(())
        } else {
            Err(NothingToDistribute {}.into())
        }
    }

    /// Pays the caller's rewards to its withdrawal address, after
    /// distributing what is waiting.
    ///
    /// # Errors
    /// [`NothingToClaim`], [`ExternalCallFailed`], [`EthTransferFailed`],
    /// [`ArithmeticOverflow`].
    ///
    /// # Events
    /// [`RewardsClaimed`], and [`RewardsDistributed`] if ETH was waiting.
    pub fn claim(&mut self) -> Result<(), Error> {
        let node = self.env().msg_sender();
        let links = self.links();
        self.distribute_pending(links.reth())?;
        let amount = self.settle(node, true)?;
        if amount.is_zero() {
            return Err(NothingToClaim { node }.into());
        }
        let unclaimed = math::widen(self.unclaimed.get())
            .checked_sub(amount)
            .and_then(math::narrow)
            .ok_or(ArithmeticOverflow {})?;
        self.unclaimed.set(unclaimed);
        let registry = links.node_manager();
        let to = INodeManager::new(registry)
            .get_node_withdrawal_address(&*self, node)
            .map_err(|e| call_failed(registry, e))?;
        RewardsClaimed { node, amount }.emit(self.env());
        send_eth(self.env(), to, amount)?;
        Ok(())
    }

    /// The suite's minipools only, as they start staking: the calling
    /// minipool of `node` earns `node_fraction` of its rewards from now on.
    /// What was waiting is distributed first.
    ///
    /// # Errors
    /// [`UnauthorizedCaller`], [`EthTransferFailed`], [`ArithmeticOverflow`].
    pub fn join(&mut self, node: Address, node_fraction: U256) -> Result<(), Error> {
        self.change_weight(node, node_fraction, true)
    }

    /// The suite's minipools only, as their exit is reported: the calling
    /// minipool of `node`, which earned `node_fraction`, stops earning; the
    /// node keeps what it earned until now.
    ///
    /// # Errors
    /// [`UnauthorizedCaller`], [`EthTransferFailed`], [`ArithmeticOverflow`].
    pub fn leave(&mut self, node: Address, node_fraction: U256) -> Result<(), Error> {
        self.change_weight(node, node_fraction, false)
    }

    /// What `node` can claim now (ETH waiting undistributed not included).
    pub fn get_claimable(&self, node: Address) -> U256 {
        self.owed(&self.nodes.getter(node)).unwrap_or_default()
    }

    /// ETH that arrived since the last distribution.
    pub fn get_undistributed_balance(&self) -> U256 {
        self.env()
            .balance(self.env().contract_address())
            .saturating_sub(math::widen(self.unclaimed.get()))
    }

    /// How many minipools share the rewards.
    pub fn get_staking_minipool_count(&self) -> U256 {
        math::widen(self.staking_minipools.get())
    }

    /// Wei each staking minipool has earned since deployment, times 1e18.
    pub fn get_reward_per_minipool(&self) -> U256 {
        math::widen(self.reward_per_minipool.get())
    }
}

impl RewardsDistributor {
    /// The contracts the smoothing pool works with, from its proxy's code.
    fn links(&self) -> Links {
        Links::of(self.env().contract_address())
    }

    /// Distributes the ETH waiting, if any, the users' part to `reth`;
    /// returns whether there was some.
    fn distribute_pending(&mut self, reth: Address) -> Result<bool, Error> {
        let total = self.get_undistributed_balance();
        if total.is_zero() {
            return Ok(false);
        }
        let minipools = math::widen(self.staking_minipools.get());
        let node_amount = if minipools.is_zero() {
            U256::ZERO
        } else {
            // Each minipool's slice, scaled; the users get the sub-wei rest.
            let slice = math::mul_div(total, ETHER, minipools).ok_or(ArithmeticOverflow {})?;
            let accumulator = math::widen(self.reward_per_minipool.get())
                .checked_add(slice)
                .and_then(math::narrow)
                .ok_or(ArithmeticOverflow {})?;
            self.reward_per_minipool.set(accumulator);
            let weight = math::widen(self.total_weight.get());
            let node_amount =
                math::mul_div_up(weight, slice, WEIGHTED_PRECISION).ok_or(ArithmeticOverflow {})?;
            let unclaimed = math::widen(self.unclaimed.get())
                .checked_add(node_amount)
                .and_then(math::narrow)
                .ok_or(ArithmeticOverflow {})?;
            self.unclaimed.set(unclaimed);
            node_amount
        };
        let user_amount = total
            .checked_sub(node_amount)
            .ok_or(ArithmeticOverflow {})?;
        RewardsDistributed {
            total,
            nodeAmount: node_amount,
            userAmount: user_amount,
        }
        .emit(self.env());
        send_eth(self.env(), reth, user_amount)?;
        Ok(true)
    }

    /// Everything `rewards` is owed: its settled rewards plus what its
    /// weight earned since, rounded down.
    fn owed(&self, rewards: &NodeRewards) -> Option<U256> {
        let growth = math::widen(self.reward_per_minipool.get())
            .checked_sub(math::widen(rewards.reward_per_minipool_paid.get()))?;
        math::mul_div(
            math::widen(rewards.weight.get()),
            growth,
            WEIGHTED_PRECISION,
        )?
        .checked_add(math::widen(rewards.settled.get()))
    }

    /// Brings `node` up to the accumulator and returns what it is owed,
    /// which stays settled for later unless it is being `claimed` now.
    fn settle(&mut self, node: Address, claimed: bool) -> Result<U256, ArithmeticOverflow> {
        let owed = self
            .owed(&self.nodes.getter(node))
            .ok_or(ArithmeticOverflow {})?;
        let settled = if claimed {
            0
        } else {
            u128::try_from(owed).map_err(|_| ArithmeticOverflow {})?
        };
        let accumulator = self.reward_per_minipool.get();
        let mut rewards = self.nodes.setter(node);
        rewards.settled.set(U128::from(settled));
        rewards.reward_per_minipool_paid.set(accumulator);
        Ok(owed)
    }

    /// Adds (`join`) or removes `node_fraction` to `node`'s weight, after
    /// distributing what was waiting and settling the node.
    fn change_weight(
        &mut self,
        node: Address,
        node_fraction: U256,
        join: bool,
    ) -> Result<(), Error> {
        let caller = self.env().msg_sender();
        let links = self.links();
        let minipools = links.with_smoothing_pool(self.env().contract_address());
        if !clone::is_minipool(caller, &minipools) {
            return Err(UnauthorizedCaller { caller }.into());
        }
        self.distribute_pending(links.reth())?;
        self.settle(node, false)?;
        let fraction = u128::try_from(node_fraction).map_err(|_| ArithmeticOverflow {})?;
        let change = |value: u128, by: u128| {
            if join {
                value.checked_add(by)
            } else {
                value.checked_sub(by)
            }
            .ok_or(ArithmeticOverflow {})
        };
        let node_weight = change(self.nodes.getter(node).weight.get().to(), fraction)?;
        let total_weight = change(self.total_weight.get().to(), fraction)?;
        let minipools = change(self.staking_minipools.get().to(), 1)?;
        let minipools = u32::try_from(minipools).map_err(|_| ArithmeticOverflow {})?;
        let weight = |value: u128| math::narrow(U256::from(value)).ok_or(ArithmeticOverflow {});
        self.nodes.setter(node).weight.set(weight(node_weight)?);
        self.total_weight.set(weight(total_weight)?);
        self.staking_minipools.set(U32::from(minipools));
        Ok(())
    }
}
