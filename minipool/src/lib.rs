//! The minipool: one validator's contract.
//!
//! Each minipool lives at its own address, a proxy delegating here, because
//! the beacon chain pays a validator's rewards and exit balance to its
//! withdrawal credentials, `0x01 ‖ 0…0 ‖ minipool`. The proxy takes plain
//! ETH without calling here (see `contracts::clone`), so this implementation
//! has no `receive`, and it keeps the addresses of the contracts the
//! minipool works with after its code, where the minipool reads them
//! instead of storing them. It holds the node's
//! bond (less the 1-ETH prestake), receives the user half from the deposit
//! pool, deposits the remaining 31 ETH once the scrub period is over, and can
//! be scrubbed by the watchers or dissolved when it does not launch in time.
//! Once staking, it splits what the beacon chain pays it: skims of rewards
//! at once, and the exit balance once the watchers reported the exit (the
//! bond absorbs losses first), keeping the node's part as a refund balance.
//! The minipool keeps the settings in force when it was created (node fee,
//! scrub period, launch timeout, scrub penalty): no later change can stop
//! it from staking, dissolve it sooner or cost its node more.
//!
//! Status: 0 Initialised (bond in, prestaked, queued) → 1 Prelaunch (user ETH
//! assigned) → 2 Staking → 3 Withdrawable (the watchers reported the exit;
//! `getFinalised` once the exit balance is distributed); 4 Dissolved
//! (scrubbed or timed out). No ETH sent to a minipool ever changes its
//! status. A clone's storage is its own; the implementation's storage is
//! never used.
//!
//! Call graph: a minipool calls the minipool manager (watchers), the
//! smoothing pool (joining it as it stakes, leaving it on the exit report),
//! the node manager (withdrawal address), the beacon deposit contract, the
//! deposit pool (user capital
//! back, exit shares on to rETH) and rETH (skim shares), none of which calls
//! it back in the same flow. When the pool assigns it user ETH, it calls
//! nothing.
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

use alloy_primitives::{Address, FixedBytes, Uint, B256, U256, U32, U64, U8};
use contracts::{
    admin::only_caller,
    beacon::withdrawal_credentials,
    clone::Links,
    constants::{GWEI, LAUNCH_BALANCE, PUBKEY_LENGTH, SKIM_LIMIT, STAKE_AMOUNT},
    env::EnvAccess,
    errors::{
        call_failed, send_eth, AlreadyInitialised, ArithmeticOverflow, EthTransferFailed,
        ExternalCallFailed, InvalidPubkeyLength, NothingToDistribute, UnauthorizedCaller,
    },
    interfaces::{
        IBeaconDeposit, IDepositPool, IMinipoolManager, INodeManager, IRewardsDistributor,
    },
    math, time,
};
use stylus_sdk::{
    abi::Bytes,
    call::Call,
    prelude::*,
    storage::{
        StorageAddress, StorageBool, StorageFixedBytes, StorageMap, StorageU32, StorageU64,
        StorageU8, StorageUint,
    },
};

/// Bond in, prestaked, waiting in the queue.
pub const INITIALISED: u8 = 0;
/// User ETH assigned, waiting for the scrub period.
pub const PRELAUNCH: u8 = 1;
/// All 32 ETH at the beacon deposit contract.
pub const STAKING: u8 = 2;
/// The watchers reported the exit; the exit balance can be distributed.
pub const WITHDRAWABLE: u8 = 3;
/// Scrubbed or timed out.
pub const DISSOLVED: u8 = 4;

contracts::events! {
    /// The minipool entered `status` at `time`.
    event StatusUpdated(uint8 indexed status, uint256 time);
    /// The remaining 31 ETH went to the beacon deposit contract.
    event MinipoolStaked(address indexed minipool);
    /// `watcher` voted to scrub the minipool.
    event ScrubVoted(address indexed watcher);
    /// The watchers scrubbed the minipool.
    event MinipoolScrubbed(address indexed minipool);
    /// `watcher` reported the validator's exit.
    event WithdrawableVoted(address indexed watcher);
    /// The watchers reported the exit: the minipool left the smoothing pool
    /// and its exit balance can be distributed.
    event MinipoolWithdrawable(address indexed minipool);
    /// The node took `amount` out of the dissolved minipool.
    event MinipoolClosed(address indexed minipool, uint256 amount);
    /// A balance was split: `nodeAmount` to the refund balance,
    /// `userAmount` to rETH.
    event BalanceDistributed(address indexed minipool, uint256 nodeAmount, uint256 userAmount);
    /// The node's refund balance, `amount`, went to `withdrawalAddress`.
    event NodeRefunded(address indexed withdrawalAddress, uint256 amount);
}

contracts::errors! {
    /// The call is not allowed while the minipool is in `status`.
    error InvalidStatus(uint8 status);
    /// Only the minipool's node may call this; `caller` is not it.
    error NotNode(address caller);
    /// `caller` is not a watcher.
    error NotWatcher(address caller);
    /// `watcher` cast this vote on this minipool already.
    error AlreadyVoted(address watcher);
    /// The scrub period runs until `endsAt`.
    error ScrubPeriodNotOver(uint256 endsAt);
    /// The minipool may be dissolved from `endsAt` on.
    error LaunchTimeoutNotReached(uint256 endsAt);
    /// `distributeBalance(true)` met an exit balance of `balance`.
    error RewardsOnlyOnExitBalance(uint256 balance);
    /// A staking minipool holds `balance`, too much for a skim: only the
    /// watchers' exit report makes it an exit balance.
    error ExitNotReported(uint256 balance);
    /// The refund balance is empty.
    error NothingToRefund();
}

/// Everything that can go wrong in a minipool.
#[derive(contracts::SolidityError, Debug)]
pub enum Error {
    /// Initialised twice.
    AlreadyInitialised(AlreadyInitialised),
    /// Public key of the wrong length.
    InvalidPubkeyLength(InvalidPubkeyLength),
    /// Wrong status for the call.
    InvalidStatus(InvalidStatus),
    /// Not the node.
    NotNode(NotNode),
    /// Not a watcher.
    NotWatcher(NotWatcher),
    /// Voted twice.
    AlreadyVoted(AlreadyVoted),
    /// Staking before the scrub period is over.
    ScrubPeriodNotOver(ScrubPeriodNotOver),
    /// Dissolving before the launch timeout.
    LaunchTimeoutNotReached(LaunchTimeoutNotReached),
    /// `rewardsOnly` on an exit balance.
    RewardsOnlyOnExitBalance(RewardsOnlyOnExitBalance),
    /// An exit balance the watchers have not reported.
    ExitNotReported(ExitNotReported),
    /// Nothing to distribute.
    NothingToDistribute(NothingToDistribute),
    /// Nothing to refund.
    NothingToRefund(NothingToRefund),
    /// A restricted entry point called by someone else.
    UnauthorizedCaller(UnauthorizedCaller),
    /// A computation overflowed.
    ArithmeticOverflow(ArithmeticOverflow),
    /// A call to another contract failed (its revert data inside).
    ExternalCallFailed(ExternalCallFailed),
    /// Paying the node failed.
    EthTransferFailed(EthTransferFailed),
}

/// State of one minipool, packed into four slots. The contracts it works
/// with (its manager, the deposit pool, rETH, the node manager, the beacon
/// deposit contract and the smoothing pool) are not stored: its proxy keeps
/// them after its code ([`Links`]).
#[entrypoint]
#[storage]
pub struct Minipool {
    /// Current status.
    status: StorageU8,
    /// When the current status began.
    status_time: StorageU64,
    /// Whether the exit balance was distributed (Withdrawable only).
    finalised: StorageBool,
    /// Creation index, which is also the queue index in the deposit pool.
    queue_index: StorageU32,
    /// Node fee snapshotted at creation, 1e18-scaled.
    node_fee: StorageU64,
    /// Votes for the decision open now: scrub while Prelaunch, withdrawable
    /// while Staking (reset when staking begins).
    vote_count: StorageU32,
    /// Bond a scrub forfeits to the stakers, in gwei (snapshot).
    scrub_penalty_gwei: StorageU32,
    /// The node operator; zero until initialised.
    node: StorageAddress,
    /// The node's share of distributed balances, held until `refund`.
    refund_balance: StorageUint<96, 2>,
    /// First 32 bytes of the validator public key.
    pubkey_head: StorageFixedBytes<32>,
    /// Last 16 bytes of the validator public key.
    pubkey_tail: StorageFixedBytes<16>,
    /// The node's bond, in gwei.
    bond_gwei: StorageU64,
    /// Seconds after prelaunch before the node may stake (snapshot).
    scrub_period: StorageU32,
    /// Seconds after prelaunch before anyone may dissolve (snapshot).
    launch_timeout: StorageU32,
    /// Each watcher's votes: [`SCRUB_VOTE`] and [`WITHDRAWABLE_VOTE`] bits.
    votes: StorageMap<Address, StorageU8>,
}

/// A watcher's vote to scrub, in [`Minipool`]'s `votes`.
const SCRUB_VOTE: u8 = 1;
/// A watcher's report of the exit, in [`Minipool`]'s `votes`.
const WITHDRAWABLE_VOTE: u8 = 2;

#[contracts::public]
impl Minipool {
    /// Once, by the minipool manager its proxy names, right after creating
    /// it: records the node, its bond (`msg.value` is the bond less the
    /// prestake), the validator public key and the settings in force: node
    /// fee, scrub period, launch timeout and scrub penalty.
    ///
    /// # Errors
    /// [`AlreadyInitialised`], [`UnauthorizedCaller`],
    /// [`InvalidPubkeyLength`], [`ArithmeticOverflow`].
    ///
    /// # Events
    /// [`StatusUpdated`].
    #[payable]
    #[allow(clippy::too_many_arguments)] // one call from the manager sets everything
    pub fn initialise(
        &mut self,
        node: Address,
        index: u32,
        node_fee: u64,
        bond_amount: U256,
        validator_pubkey: Bytes,
        scrub_period: u32,
        launch_timeout: u32,
        scrub_penalty: U256,
    ) -> Result<(), Error> {
        if !self.node.get().is_zero() {
            return Err(AlreadyInitialised {}.into());
        }
        only_caller(self.links().manager(), self.env().msg_sender())?;
        let bond_gwei =
            contracts::beacon::amount_in_gwei(bond_amount).ok_or(ArithmeticOverflow {})?;
        if validator_pubkey.len() != PUBKEY_LENGTH {
            return Err(InvalidPubkeyLength {
                length: U256::from(validator_pubkey.len()),
            }
            .into());
        }
        self.node_fee.set(U64::from(node_fee));
        self.queue_index.set(U32::from(index));
        self.node.set(node);
        self.pubkey_head
            .set(FixedBytes::from_slice(&validator_pubkey[..32]));
        self.pubkey_tail
            .set(FixedBytes::from_slice(&validator_pubkey[32..]));
        self.bond_gwei.set(U64::from(bond_gwei));
        self.scrub_period.set(U32::from(scrub_period));
        self.launch_timeout.set(U32::from(launch_timeout));
        let penalty_gwei = math::div(scrub_penalty, GWEI)
            .and_then(|gwei| u32::try_from(gwei).ok())
            .ok_or(ArithmeticOverflow {})?;
        self.scrub_penalty_gwei.set(U32::from(penalty_gwei));
        self.set_status(INITIALISED);
        Ok(())
    }

    /// Deposit pool only, while Initialised: `msg.value` is the user half of
    /// the validator; the minipool enters Prelaunch.
    ///
    /// # Errors
    /// [`UnauthorizedCaller`], [`InvalidStatus`].
    ///
    /// # Events
    /// [`StatusUpdated`].
    #[payable]
    pub fn assign_user_deposit(&mut self) -> Result<(), Error> {
        only_caller(self.links().deposit_pool(), self.env().msg_sender())?;
        self.require_status(INITIALISED)?;
        self.set_status(PRELAUNCH);
        Ok(())
    }

    /// Node only, in Prelaunch once the scrub period is over: deposits the
    /// remaining 31 ETH for the same public key and withdrawal credentials.
    /// `validator_signature` and `deposit_data_root` are for that deposit.
    ///
    /// # Errors
    /// [`NotNode`], [`InvalidStatus`], [`ScrubPeriodNotOver`],
    /// [`ExternalCallFailed`] (e.g. the beacon deposit contract refusing the
    /// data).
    ///
    /// # Events
    /// [`MinipoolStaked`], [`StatusUpdated`].
    pub fn stake(
        &mut self,
        validator_signature: Bytes,
        deposit_data_root: B256,
    ) -> Result<(), Error> {
        self.only_node()?;
        self.require_status(PRELAUNCH)?;
        let ends_at = self.prelaunch_deadline(self.scrub_period.get().to());
        if time::now(self.env().block_timestamp()) < ends_at {
            return Err(ScrubPeriodNotOver {
                endsAt: U256::from(ends_at),
            }
            .into());
        }
        let links = self.links();
        let (node, fraction) = (self.node.get(), self.node_fraction()?);
        let smoothing_pool = links.smoothing_pool();
        IRewardsDistributor::new(smoothing_pool)
            .join(Call::new_in(self), node, fraction)
            .map_err(|e| call_failed(smoothing_pool, e))?;
        let beacon = links.beacon_deposit();
        let credentials = withdrawal_credentials(self.env().contract_address());
        let pubkey = self.get_validator_pubkey();
        IBeaconDeposit::new(beacon)
            .deposit(
                Call::new_in(self).value(STAKE_AMOUNT),
                &pubkey.0,
                credentials.as_slice(),
                &validator_signature.0,
                deposit_data_root,
            )
            .map_err(|e| call_failed(beacon, e))?;
        // Scrub votes end with Prelaunch; reports of the exit start from none.
        self.vote_count.set(U32::ZERO);
        self.set_status(STAKING);
        MinipoolStaked {
            minipool: self.env().contract_address(),
        }
        .emit(self.env());
        Ok(())
    }

    /// Watchers only, in Prelaunch: a vote to scrub. Once more than half of
    /// the watchers voted, the minipool is dissolved: its user ETH goes back
    /// to the deposit pool and the scrub penalty (at most what is left of
    /// the bond) goes to the stakers through rETH.
    ///
    /// # Errors
    /// [`InvalidStatus`], [`NotWatcher`], [`AlreadyVoted`],
    /// [`ExternalCallFailed`], [`EthTransferFailed`].
    ///
    /// # Events
    /// [`ScrubVoted`]; on the deciding vote [`MinipoolScrubbed`] and
    /// [`StatusUpdated`].
    pub fn vote_scrub(&mut self) -> Result<(), Error> {
        self.require_status(PRELAUNCH)?;
        let links = self.links();
        let watcher = self.env().msg_sender();
        let decided = self.vote(links.manager(), watcher, SCRUB_VOTE)?;
        ScrubVoted { watcher }.emit(self.env());
        if !decided {
            return Ok(());
        }
        self.return_user_deposit(links.deposit_pool())?;
        let bond_left = self.env().balance(self.env().contract_address());
        let penalty = math::widen(self.scrub_penalty_gwei.get())
            .saturating_mul(GWEI)
            .min(bond_left);
        if !penalty.is_zero() {
            send_eth(self.env(), links.reth(), penalty)?;
        }
        MinipoolScrubbed {
            minipool: self.env().contract_address(),
        }
        .emit(self.env());
        Ok(())
    }

    /// Watchers only, in Staking, once the validator has exited and its
    /// whole balance has reached the minipool: a report of the exit. Once
    /// more than half of the watchers reported, the minipool becomes
    /// Withdrawable and leaves the smoothing pool; its balance can then be
    /// distributed as the exit balance. This report is the only way an exit
    /// becomes final.
    ///
    /// # Errors
    /// [`InvalidStatus`], [`NotWatcher`], [`AlreadyVoted`],
    /// [`ExternalCallFailed`], [`ArithmeticOverflow`].
    ///
    /// # Events
    /// [`WithdrawableVoted`]; on the deciding vote [`MinipoolWithdrawable`]
    /// and [`StatusUpdated`].
    pub fn vote_withdrawable(&mut self) -> Result<(), Error> {
        self.require_status(STAKING)?;
        let links = self.links();
        let watcher = self.env().msg_sender();
        let decided = self.vote(links.manager(), watcher, WITHDRAWABLE_VOTE)?;
        WithdrawableVoted { watcher }.emit(self.env());
        if decided {
            self.set_status(WITHDRAWABLE);
            let smoothing_pool = links.smoothing_pool();
            let (node, fraction) = (self.node.get(), self.node_fraction()?);
            IRewardsDistributor::new(smoothing_pool)
                .leave(Call::new_in(self), node, fraction)
                .map_err(|e| call_failed(smoothing_pool, e))?;
            MinipoolWithdrawable {
                minipool: self.env().contract_address(),
            }
            .emit(self.env());
        }
        Ok(())
    }

    /// Dissolves the minipool: by its node while Initialised (it leaves the
    /// queue), or by anyone in Prelaunch once the launch timeout passed
    /// without `stake` (its user ETH goes back to the deposit pool at once).
    ///
    /// # Errors
    /// [`NotNode`], [`LaunchTimeoutNotReached`], [`InvalidStatus`],
    /// [`ExternalCallFailed`].
    ///
    /// # Events
    /// [`StatusUpdated`].
    pub fn dissolve(&mut self) -> Result<(), Error> {
        match self.status.get().to::<u8>() {
            INITIALISED => {
                self.only_node()?;
                let (pool, index) = (
                    self.links().deposit_pool(),
                    math::widen(self.queue_index.get()),
                );
                IDepositPool::new(pool)
                    .dequeue_minipool(Call::new_in(self), index)
                    .map_err(|e| call_failed(pool, e))?;
                self.set_status(DISSOLVED);
                Ok(())
            }
            PRELAUNCH => {
                let ends_at = self.prelaunch_deadline(self.launch_timeout.get().to());
                if time::now(self.env().block_timestamp()) < ends_at {
                    return Err(LaunchTimeoutNotReached {
                        endsAt: U256::from(ends_at),
                    }
                    .into());
                }
                self.return_user_deposit(self.links().deposit_pool())
            }
            status => Err(InvalidStatus { status }.into()),
        }
    }

    /// Node only, once Dissolved: pays everything the minipool holds (the
    /// bond less the prestake, and whatever arrived since) to the node's
    /// withdrawal address.
    ///
    /// # Errors
    /// [`NotNode`], [`InvalidStatus`], [`ExternalCallFailed`],
    /// [`EthTransferFailed`].
    ///
    /// # Events
    /// [`MinipoolClosed`].
    pub fn close(&mut self) -> Result<(), Error> {
        self.only_node()?;
        self.require_status(DISSOLVED)?;
        let minipool = self.env().contract_address();
        let amount = self.env().balance(minipool);
        self.pay_node(self.links().node_manager(), amount)?;
        MinipoolClosed { minipool, amount }.emit(self.env());
        Ok(())
    }

    /// Splits the minipool's balance less the refund balance, B, between
    /// the node and the users (see the spec's "Rewards"); anyone may call.
    ///
    /// - Staking: B is a skim of rewards. The node's share joins the refund
    ///   balance, the users' share goes to rETH. B of 8 ETH or more is not a
    ///   skim: it waits for the watchers' exit report.
    /// - Withdrawable, not finalised: B is the exit balance, even zero. The
    ///   node gets
    ///   `N + node share of (B − 32 ETH)` above 32 ETH, `B − U` between U and
    ///   32 ETH (its bond absorbs the loss) and nothing at or below U; the
    ///   rest goes to rETH and the minipool's user capital leaves the ledger
    ///   in the same call. The minipool finalises.
    /// - Finalised: whatever still arrives is split as a skim.
    ///
    /// # Errors
    /// [`InvalidStatus`], [`NothingToDistribute`], [`ExitNotReported`],
    /// [`RewardsOnlyOnExitBalance`], [`ExternalCallFailed`],
    /// [`EthTransferFailed`], [`ArithmeticOverflow`].
    ///
    /// # Events
    /// [`BalanceDistributed`].
    pub fn distribute_balance(&mut self, rewards_only: bool) -> Result<(), Error> {
        self.distribute(&self.links(), rewards_only)
    }

    /// Node only: pays the refund balance to the node's withdrawal address.
    ///
    /// # Errors
    /// [`NotNode`], [`NothingToRefund`], [`ExternalCallFailed`],
    /// [`EthTransferFailed`].
    ///
    /// # Events
    /// [`NodeRefunded`].
    pub fn refund(&mut self) -> Result<(), Error> {
        self.only_node()?;
        if self.refund_balance.get().is_zero() {
            return Err(NothingToRefund {}.into());
        }
        self.pay_refund(self.links().node_manager())
    }

    /// Node only: `distributeBalance(rewardsOnly)`, then the refund balance
    /// (the node's share just distributed and whatever was waiting) paid to
    /// the node's withdrawal address: the node takes a skim or its exit in
    /// one transaction instead of two.
    ///
    /// # Errors
    /// [`NotNode`], and those of `distributeBalance`.
    ///
    /// # Events
    /// [`BalanceDistributed`], then [`NodeRefunded`] unless nothing is owed
    /// to the node (an exit whose losses took the whole bond).
    pub fn distribute_balance_and_refund(&mut self, rewards_only: bool) -> Result<(), Error> {
        self.only_node()?;
        let links = self.links();
        self.distribute(&links, rewards_only)?;
        self.pay_refund(links.node_manager())
    }

    /// Current status (see the crate doc).
    pub fn get_status(&self) -> u8 {
        self.status.get().to()
    }

    /// Whether the exit balance was distributed.
    pub fn get_finalised(&self) -> bool {
        self.finalised.get()
    }

    /// Seconds after prelaunch before the node may stake, as in force when
    /// the minipool was created.
    pub fn get_scrub_period(&self) -> u64 {
        self.scrub_period.get().to()
    }

    /// Seconds after prelaunch before anyone may dissolve the minipool, as in
    /// force when it was created.
    pub fn get_launch_timeout(&self) -> u64 {
        self.launch_timeout.get().to()
    }

    /// Bond a scrub forfeits to the stakers, as in force when the minipool
    /// was created.
    pub fn get_scrub_penalty(&self) -> U256 {
        math::widen(self.scrub_penalty_gwei.get()).saturating_mul(GWEI)
    }

    /// When the current status began.
    pub fn get_status_time(&self) -> U256 {
        math::widen(self.status_time.get())
    }

    /// The node operator.
    pub fn get_node_address(&self) -> Address {
        self.node.get()
    }

    /// Node fee snapshotted at creation, 1e18-scaled.
    pub fn get_node_fee(&self) -> U256 {
        math::widen(self.node_fee.get())
    }

    /// The node's bond N.
    pub fn get_node_deposit_balance(&self) -> U256 {
        math::widen(self.bond_gwei.get()).saturating_mul(GWEI)
    }

    /// User ETH U = 32 ETH − N while assigned (Prelaunch, Staking,
    /// Withdrawable); zero before assignment and once dissolved.
    pub fn get_user_deposit_balance(&self) -> U256 {
        match self.status.get().to::<u8>() {
            PRELAUNCH | STAKING | WITHDRAWABLE => {
                LAUNCH_BALANCE.saturating_sub(self.get_node_deposit_balance())
            }
            _ => U256::ZERO,
        }
    }

    /// The node's ETH the minipool holds for it to take with `refund`.
    pub fn get_node_refund_balance(&self) -> U256 {
        math::widen(self.refund_balance.get())
    }

    /// The validator public key (48 bytes).
    pub fn get_validator_pubkey(&self) -> Bytes {
        let mut pubkey = [0; PUBKEY_LENGTH];
        let (head, tail) = pubkey.split_at_mut(32);
        head.copy_from_slice(self.pubkey_head.get().as_slice());
        tail.copy_from_slice(self.pubkey_tail.get().as_slice());
        pubkey.to_vec().into()
    }

    /// `0x01 ‖ 11 zero bytes ‖ this minipool`.
    pub fn get_withdrawal_credentials(&self) -> B256 {
        withdrawal_credentials(self.env().contract_address())
    }

    /// Votes for the decision open now: to scrub while Prelaunch, reports
    /// of the exit while Staking.
    pub fn get_vote_count(&self) -> U256 {
        math::widen(self.vote_count.get())
    }
}

impl Minipool {
    fn set_status(&mut self, status: u8) {
        let now = time::now(self.env().block_timestamp());
        self.status.set(U8::from(status));
        self.status_time.set(U64::from(now));
        StatusUpdated {
            status,
            time: U256::from(now),
        }
        .emit(self.env());
    }

    fn require_status(&self, expected: u8) -> Result<(), InvalidStatus> {
        let status = self.status.get().to::<u8>();
        if status == expected && !self.node.get().is_zero() {
            Ok(())
        } else {
            Err(InvalidStatus { status })
        }
    }

    /// The contracts this minipool works with, from its proxy's code.
    fn links(&self) -> Links {
        Links::of(self.env().contract_address())
    }

    fn only_node(&self) -> Result<Address, NotNode> {
        let caller = self.env().msg_sender();
        if caller == self.node.get() && !caller.is_zero() {
            Ok(caller)
        } else {
            Err(NotNode { caller })
        }
    }

    /// The balance less the refund balance: what `distributeBalance` splits.
    fn distributable_balance(&self) -> Result<U256, ArithmeticOverflow> {
        self.env()
            .balance(self.env().contract_address())
            .checked_sub(math::widen(self.refund_balance.get()))
            .ok_or(ArithmeticOverflow {})
    }

    /// The node's fraction of every reward, which weighs it in the
    /// smoothing pool.
    fn node_fraction(&self) -> Result<U256, ArithmeticOverflow> {
        math::node_fraction(self.get_node_deposit_balance(), self.get_node_fee())
            .ok_or(ArithmeticOverflow {})
    }

    /// When `seconds` after prelaunch began is over.
    fn prelaunch_deadline(&self, seconds: u64) -> u64 {
        self.status_time.get().to::<u64>().saturating_add(seconds)
    }

    /// `distributeBalance(rewardsOnly)`, with the minipool's `links`.
    fn distribute(&mut self, links: &Links, rewards_only: bool) -> Result<(), Error> {
        let status = self.status.get().to::<u8>();
        let exit = status == WITHDRAWABLE && !self.finalised.get();
        if status != STAKING && status != WITHDRAWABLE {
            return Err(InvalidStatus { status }.into());
        }
        let balance = self.distributable_balance()?;
        // A reported exit finalises even with nothing left (a validator
        // slashed to zero): its capital must leave the ledger.
        if balance.is_zero() && !exit {
            return Err(NothingToDistribute {}.into());
        }
        if status == STAKING && balance >= SKIM_LIMIT {
            return Err(ExitNotReported { balance }.into());
        }
        if exit && rewards_only {
            return Err(RewardsOnlyOnExitBalance { balance }.into());
        }
        let bond = self.get_node_deposit_balance();
        let fee = self.get_node_fee();
        let node_amount = if !exit {
            math::node_share(balance, bond, fee).ok_or(ArithmeticOverflow {})?
        } else if balance > LAUNCH_BALANCE {
            let rewards = balance.saturating_sub(LAUNCH_BALANCE);
            math::node_share(rewards, bond, fee)
                .and_then(|share| share.checked_add(bond))
                .ok_or(ArithmeticOverflow {})?
        } else {
            balance.saturating_sub(self.get_user_deposit_balance())
        };
        let user_amount = balance
            .checked_sub(node_amount)
            .ok_or(ArithmeticOverflow {})?;
        let refund = math::widen(self.refund_balance.get())
            .checked_add(node_amount)
            .and_then(math::narrow)
            .ok_or(ArithmeticOverflow {})?;
        self.refund_balance.set(refund);
        let minipool = self.env().contract_address();
        BalanceDistributed {
            minipool,
            nodeAmount: node_amount,
            userAmount: user_amount,
        }
        .emit(self.env());
        if exit {
            self.finalised.set(true);
            let (pool, index) = (links.deposit_pool(), math::widen(self.queue_index.get()));
            IDepositPool::new(pool)
                .finalise_user_deposit(Call::new_in(self).value(user_amount), index)
                .map_err(|e| call_failed(pool, e))?;
        } else {
            send_eth(self.env(), links.reth(), user_amount)?;
        }
        Ok(())
    }

    /// Records `watcher`'s vote of `kind`, asking the minipool `manager`
    /// for its standing; returns whether it was the one that gave more than
    /// half of the watchers.
    fn vote(&mut self, manager: Address, watcher: Address, kind: u8) -> Result<bool, Error> {
        let (is_watcher, watchers) = IMinipoolManager::new(manager)
            .get_watcher_standing(&*self, watcher)
            .map_err(|e| call_failed(manager, e))?;
        if !is_watcher {
            return Err(NotWatcher { caller: watcher }.into());
        }
        let cast = self.votes.get(watcher).to::<u8>();
        if cast & kind != 0 {
            return Err(AlreadyVoted { watcher }.into());
        }
        self.votes.setter(watcher).set(U8::from(cast | kind));
        let votes = self
            .vote_count
            .get()
            .to::<u32>()
            .checked_add(1)
            .ok_or(ArithmeticOverflow {})?;
        self.vote_count.set(U32::from(votes));
        Ok(U256::from(votes).saturating_mul(U256::from(2)) > watchers)
    }

    /// Pays the refund balance, if any, to the node's withdrawal address,
    /// which `node_manager` knows.
    fn pay_refund(&mut self, node_manager: Address) -> Result<(), Error> {
        let amount = math::widen(self.refund_balance.get());
        if amount.is_zero() {
            return Ok(());
        }
        self.refund_balance.set(Uint::ZERO);
        let to = self.pay_node(node_manager, amount)?;
        NodeRefunded {
            withdrawalAddress: to,
            amount,
        }
        .emit(self.env());
        Ok(())
    }

    /// Pays `amount` to the node's withdrawal address, which `registry`
    /// (the node manager) knows, and returns it.
    fn pay_node(&mut self, registry: Address, amount: U256) -> Result<Address, Error> {
        let to = INodeManager::new(registry)
            .get_node_withdrawal_address(&*self, self.node.get())
            .map_err(|e| call_failed(registry, e))?;
        send_eth(self.env(), to, amount)?;
        Ok(to)
    }

    /// Hands the user ETH back to the deposit `pool` and dissolves.
    fn return_user_deposit(&mut self, pool: Address) -> Result<(), Error> {
        let index = math::widen(self.queue_index.get());
        let amount = self.get_user_deposit_balance();
        IDepositPool::new(pool)
            .return_user_deposit(Call::new_in(self).value(amount), index)
            .map_err(|e| call_failed(pool, e))?;
        self.set_status(DISSOLVED);
        Ok(())
    }
}
