//! The deposit pool.
//!
//! Holds stakers' ETH until it is matched with node operators' bonds. A
//! deposit mints rETH at the current rate (the fee goes to rETH, locked like
//! any reward), then assigns the ETH to minipools waiting in a FIFO queue:
//! each gets the user half of its 32-ETH validator (24 ETH against an 8-ETH
//! bond, 16 against 16).
//!
//! The queue is keyed by each minipool's creation index, which the node
//! manager gives the minipool too; a minipool proves who it is by naming its
//! index, so that the pool needs no extra registry to accept a dequeue or a
//! returned user deposit. Entries stay after assignment until the minipool
//! hands its user ETH back.
//!
//! Call graph: the pool calls rETH (mint for a deposit, report user
//! capital) and minipools (assign), which call nothing back. Exited
//! minipools pass the users' share of their exit balance through the pool to
//! rETH together with the ledger change; burns that rETH cannot cover alone
//! are topped up by the pool straight to the burner.
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

use alloy_primitives::{Address, U128, U256, U32, U64};
use contracts::{
    admin::{admin_setting_changed, only_admin, only_caller, wired, within, Ownable2Step},
    beacon::amount_in_gwei,
    constants::{
        DEFAULT_DEPOSIT_FEE, DEFAULT_MAXIMUM_DEPOSIT_ASSIGNMENTS,
        DEFAULT_MAXIMUM_DEPOSIT_POOL_SIZE, DEFAULT_MINIMUM_DEPOSIT, GWEI, MAX_DEPOSIT_FEE,
        MAX_MAXIMUM_DEPOSIT_ASSIGNMENTS, MAX_MAXIMUM_DEPOSIT_POOL_SIZE, MAX_MINIMUM_DEPOSIT,
        MIN_MINIMUM_DEPOSIT,
    },
    env::EnvAccess,
    errors::{
        call_failed, send_eth, AlreadyWired, ArithmeticOverflow, EthTransferFailed,
        ExternalCallFailed, NotWired, OwnableInvalidOwner, OwnableUnauthorizedAccount,
        SettingOutOfBounds, UnauthorizedCaller, ZeroAddress,
    },
    events::Wired,
    interfaces::{IMinipool, IRethToken},
    math,
};
use stylus_sdk::{
    call::Call,
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU128, StorageU32, StorageU64},
};

contracts::events! {
    /// `from` deposited `amount` and got `rethMinted`.
    event DepositReceived(address indexed from, uint256 amount, uint256 rethMinted);
    /// `amount` of user ETH went to `minipool`.
    event DepositAssigned(address indexed minipool, uint256 amount);
    /// `minipool` joined the queue at `index`, needing `amount`.
    event MinipoolEnqueued(address indexed minipool, uint256 index, uint256 amount);
    /// `minipool` left the queue unassigned.
    event MinipoolDequeued(address indexed minipool);
    /// `minipool` left the ledger with `capital` of user ETH: dissolved
    /// (its ETH back here) or exited (`exitShare` passed on to rETH).
    event UserDepositReleased(address indexed minipool, uint256 capital, uint256 exitShare);
}

contracts::errors! {
    /// Deposits are switched off.
    error DepositsDisabled();
    /// A deposit of `value` is below the `minimum`.
    error DepositBelowMinimum(uint256 value, uint256 minimum);
    /// A deposit of `value` exceeds the `maximum` the pool takes now.
    error DepositPoolFull(uint256 value, uint256 maximum);
    /// A deposit of `value` would mint no rETH.
    error MintRoundsToZero(uint256 value);
}

/// Everything that can go wrong in the deposit pool.
#[derive(contracts::SolidityError, Debug)]
pub enum Error {
    /// Deposits are off.
    DepositsDisabled(DepositsDisabled),
    /// Below the minimum.
    DepositBelowMinimum(DepositBelowMinimum),
    /// Over the pool's cap.
    DepositPoolFull(DepositPoolFull),
    /// Would mint nothing.
    MintRoundsToZero(MintRoundsToZero),
    /// Paying a burner failed.
    EthTransferFailed(EthTransferFailed),
    /// The caller is not the admin.
    UnauthorizedAccount(OwnableUnauthorizedAccount),
    /// The admin given at construction is the zero address.
    InvalidOwner(OwnableInvalidOwner),
    /// A restricted entry point called by someone else.
    UnauthorizedCaller(UnauthorizedCaller),
    /// A setting outside its bounds.
    SettingOutOfBounds(SettingOutOfBounds),
    /// Wiring set twice.
    AlreadyWired(AlreadyWired),
    /// Used before wiring.
    NotWired(NotWired),
    /// A zero address where one is needed.
    ZeroAddress(ZeroAddress),
    /// A money computation overflowed, or the backing is gone.
    ArithmeticOverflow(ArithmeticOverflow),
    /// A call to another contract failed.
    ExternalCallFailed(ExternalCallFailed),
}

/// A queue slot: a minipool and the user ETH it needs.
#[storage]
pub struct QueueEntry {
    /// The minipool, kept for good: the queue is also the registry of
    /// minipools by creation index (`getMinipoolAt`).
    minipool: StorageAddress,
    /// User ETH the minipool needs or holds, in gwei (so that it shares the
    /// slot); zero once it left the queue unassigned or handed its user ETH
    /// back.
    user_deposit_gwei: StorageU64,
}

/// The queued minipools a balance covers: the queue's head now and the
/// index to move it to (past any entries that left the queue), how many
/// minipools, and the user ETH they take.
#[derive(Default)]
struct Assignment {
    head: u32,
    end: u32,
    count: u32,
    amount: U256,
}

/// State of the deposit pool, packed so that a deposit reads three slots
/// (rETH with the deposit settings, the size limits, the queue) and an
/// enqueue or an assignment writes the queue's counters in one.
#[entrypoint]
#[storage]
pub struct DepositPool {
    /// Protocol governance, handed over in two steps.
    #[borrow]
    admin: Ownable2Step,
    /// The rETH token.
    reth: StorageAddress,
    /// Whether `deposit` is open.
    deposit_enabled: StorageBool,
    /// Whether deposits are assigned to queued minipools.
    assign_deposits_enabled: StorageBool,
    /// Deposit fee, 1e18-scaled.
    deposit_fee: StorageU64,
    /// Smallest deposit.
    minimum_deposit: StorageU128,
    /// Cap on the balance not reserved for queued minipools.
    maximum_deposit_pool_size: StorageU128,
    /// User ETH the queued minipools still need.
    queue_capacity: StorageU128,
    /// Index of the first entry not yet assigned.
    queue_head: StorageU32,
    /// Index the next enqueued minipool gets.
    queue_tail: StorageU32,
    /// Minipools waiting (entries between head and tail that are not holes).
    queue_length: StorageU32,
    /// Most queue entries one call works through.
    maximum_deposit_assignments: StorageU32,
    /// The minipool manager, the only one that enqueues.
    minipool_manager: StorageAddress,
    /// The queue, by minipool creation index.
    queue: StorageMap<u32, QueueEntry>,
}

#[contracts::public]
#[inherit(Ownable2Step)]
impl DepositPool {
    /// Sets the admin and the default settings; deposits open.
    ///
    /// # Errors
    /// [`OwnableInvalidOwner`] if `admin` is zero.
    #[constructor]
    pub fn constructor(&mut self, admin: Address) -> Result<(), Error> {
        self.admin.constructor(admin)?;
        self.deposit_enabled.set(true);
        self.assign_deposits_enabled.set(true);
        self.deposit_fee.set(U64::from(DEFAULT_DEPOSIT_FEE));
        self.maximum_deposit_assignments
            .set(U32::from(DEFAULT_MAXIMUM_DEPOSIT_ASSIGNMENTS));
        self.minimum_deposit
            .set(U128::from(DEFAULT_MINIMUM_DEPOSIT));
        self.maximum_deposit_pool_size
            .set(U128::from(DEFAULT_MAXIMUM_DEPOSIT_POOL_SIZE));
        Ok(())
    }

    /// Admin only, once: sets the rETH token and the minipool manager.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`], [`AlreadyWired`], [`ZeroAddress`].
    ///
    /// # Events
    /// [`Wired`].
    pub fn wire(&mut self, reth: Address, minipool_manager: Address) -> Result<(), Error> {
        let caller = self.env().msg_sender();
        only_admin(&self.admin, caller)?;
        if !self.reth.get().is_zero() {
            return Err(AlreadyWired {}.into());
        }
        if reth.is_zero() || minipool_manager.is_zero() {
            return Err(ZeroAddress {}.into());
        }
        self.reth.set(reth);
        self.minipool_manager.set(minipool_manager);
        Wired { admin: caller }.emit(self.env());
        Ok(())
    }

    /// The rETH token and the minipool manager this pool is wired to.
    pub fn get_wiring(&self) -> (Address, Address) {
        (self.reth.get(), self.minipool_manager.get())
    }

    /// Mints rETH to the caller for `msg.value` less the fee at the current
    /// rate, then assigns queued minipools.
    ///
    /// # Errors
    /// [`DepositsDisabled`], [`DepositBelowMinimum`], [`DepositPoolFull`],
    /// [`MintRoundsToZero`], [`NotWired`], [`ExternalCallFailed`],
    /// [`ArithmeticOverflow`].
    ///
    /// # Events
    /// [`DepositReceived`], [`DepositAssigned`] per assignment.
    #[payable]
    pub fn deposit(&mut self) -> Result<(), Error> {
        let receiver = self.env().msg_sender();
        self.deposit_to(receiver)
    }

    /// As [`Self::deposit`], with the rETH minted to `receiver` (for routers
    /// and integrators).
    ///
    /// # Errors
    /// As [`Self::deposit`].
    ///
    /// # Events
    /// As [`Self::deposit`].
    #[payable]
    pub fn deposit_for(&mut self, receiver: Address) -> Result<(), Error> {
        self.deposit_to(receiver)
    }

    /// Assigns as many queued minipools as the balance allows, working
    /// through at most `maximumDepositAssignments` entries. Anyone may call.
    ///
    /// # Errors
    /// [`NotWired`], [`ExternalCallFailed`], [`ArithmeticOverflow`].
    ///
    /// # Events
    /// [`DepositAssigned`] per assignment.
    pub fn assign_deposits(&mut self) -> Result<U256, Error> {
        let reth = self.wired_reth()?;
        Ok(U256::from(self.assign_and_report(reth)?))
    }

    /// Minipool manager only: queues `minipool`, which needs `user_deposit`, then
    /// assigns what the balance allows.
    ///
    /// # Errors
    /// [`UnauthorizedCaller`], [`ExternalCallFailed`], [`ArithmeticOverflow`].
    ///
    /// # Events
    /// [`MinipoolEnqueued`], [`DepositAssigned`] per assignment.
    pub fn enqueue_minipool(&mut self, minipool: Address, user_deposit: U256) -> Result<(), Error> {
        only_caller(self.minipool_manager.get(), self.env().msg_sender())?;
        let reth = self.wired_reth()?;
        let index = self.queue_tail.get().to::<u32>();
        let gwei = amount_in_gwei(user_deposit).ok_or(ArithmeticOverflow {})?;
        let mut entry = self.queue.setter(index);
        entry.minipool.set(minipool);
        entry.user_deposit_gwei.set(U64::from(gwei));
        self.queue_tail.set(U32::from(
            index.checked_add(1).ok_or(ArithmeticOverflow {})?,
        ));
        self.queue_length.set(U32::from(
            self.queue_length
                .get()
                .to::<u32>()
                .checked_add(1)
                .ok_or(ArithmeticOverflow {})?,
        ));
        self.change_capacity(user_deposit, true)?;
        MinipoolEnqueued {
            minipool,
            index: U256::from(index),
            amount: user_deposit,
        }
        .emit(self.env());
        self.assign_and_report(reth)?;
        Ok(())
    }

    /// The still-queued minipool at `index` only: takes it out of the queue
    /// (its node dissolved it before it was assigned).
    ///
    /// # Errors
    /// [`UnauthorizedCaller`], [`ArithmeticOverflow`].
    ///
    /// # Events
    /// [`MinipoolDequeued`].
    pub fn dequeue_minipool(&mut self, index: U256) -> Result<(), Error> {
        let caller = self.env().msg_sender();
        let index = self.entry_of(caller, index, false)?;
        let amount = self.user_deposit_at(index)?;
        self.queue.setter(index).user_deposit_gwei.set(U64::ZERO);
        let length = self
            .queue_length
            .get()
            .to::<u32>()
            .checked_sub(1)
            .ok_or(ArithmeticOverflow {})?;
        self.queue_length.set(U32::from(length));
        self.change_capacity(amount, false)?;
        MinipoolDequeued { minipool: caller }.emit(self.env());
        Ok(())
    }

    /// The dissolved minipool at `index` only: takes back its user ETH
    /// (`msg.value`), which stops counting as user capital.
    ///
    /// # Errors
    /// [`UnauthorizedCaller`], [`ExternalCallFailed`], [`ArithmeticOverflow`].
    ///
    /// # Events
    /// [`UserDepositReleased`].
    #[payable]
    pub fn return_user_deposit(&mut self, index: U256) -> Result<(), Error> {
        self.release_user_deposit(index, U256::ZERO)
    }

    /// The exited minipool at `index` only: its user capital leaves the
    /// ledger and `msg.value`, the users' share of the exit balance, goes on
    /// to rETH in the same call.
    ///
    /// # Errors
    /// [`UnauthorizedCaller`], [`ExternalCallFailed`], [`ArithmeticOverflow`].
    ///
    /// # Events
    /// [`UserDepositReleased`].
    #[payable]
    pub fn finalise_user_deposit(&mut self, index: U256) -> Result<(), Error> {
        let exit_share = self.env().msg_value();
        self.release_user_deposit(index, exit_share)
    }

    /// rETH only: pays `amount` out of the excess balance to `to`, who is
    /// burning rETH that the token's own ETH does not cover, if the excess
    /// covers it; returns the excess before the payment. A short excess
    /// pays nothing, and rETH then reverts the burn: so a burn asks the pool
    /// once, where it would otherwise ask for the excess first.
    ///
    /// # Errors
    /// [`UnauthorizedCaller`], [`EthTransferFailed`].
    pub fn pay_burn_shortfall(&mut self, to: Address, amount: U256) -> Result<U256, Error> {
        only_caller(self.reth.get(), self.env().msg_sender())?;
        let excess = self.get_excess_balance();
        if amount <= excess {
            send_eth(self.env(), to, amount)?;
        }
        Ok(excess)
    }

    /// All ETH the pool holds.
    pub fn get_balance(&self) -> U256 {
        self.env().balance(self.env().contract_address())
    }

    /// The balance not reserved for queued minipools.
    pub fn get_excess_balance(&self) -> U256 {
        self.get_balance()
            .saturating_sub(math::widen(self.queue_capacity.get()))
    }

    /// The largest deposit the pool takes now (zero while deposits are off).
    pub fn get_maximum_deposit_amount(&self) -> U256 {
        if !self.deposit_enabled.get() {
            return U256::ZERO;
        }
        self.deposit_limit().saturating_sub(self.get_balance())
    }

    /// How many minipools wait for user ETH.
    pub fn get_queue_length(&self) -> U256 {
        math::widen(self.queue_length.get())
    }

    /// User ETH the queued minipools still need.
    pub fn get_queue_total_capacity(&self) -> U256 {
        math::widen(self.queue_capacity.get())
    }

    /// The `position`-th waiting minipool (0 is next), or zero past the end.
    pub fn get_queue_at(&self, position: U256) -> Address {
        let (head, tail) = (
            self.queue_head.get().to::<u32>(),
            self.queue_tail.get().to::<u32>(),
        );
        let mut remaining = position;
        for index in head..tail {
            let entry = self.queue.get(index);
            if entry.user_deposit_gwei.get().is_zero() {
                continue;
            }
            if remaining.is_zero() {
                return entry.minipool.get();
            }
            remaining = remaining.saturating_sub(U256::from(1));
        }
        Address::ZERO
    }

    /// The minipool created `index`-th, queued, assigned or gone (zero past
    /// the end).
    pub fn get_minipool_at(&self, index: U256) -> Address {
        u32::try_from(index)
            .map(|i| self.queue.get(i).minipool.get())
            .unwrap_or_default()
    }

    /// Whether deposits are open.
    pub fn get_deposit_enabled(&self) -> bool {
        self.deposit_enabled.get()
    }

    /// Whether deposits are assigned to queued minipools.
    pub fn get_assign_deposits_enabled(&self) -> bool {
        self.assign_deposits_enabled.get()
    }

    /// Smallest deposit, in wei.
    pub fn get_minimum_deposit(&self) -> U256 {
        math::widen(self.minimum_deposit.get())
    }

    /// Cap on the balance not reserved for queued minipools.
    pub fn get_maximum_deposit_pool_size(&self) -> U256 {
        math::widen(self.maximum_deposit_pool_size.get())
    }

    /// Deposit fee, 1e18-scaled.
    pub fn get_deposit_fee(&self) -> U256 {
        math::widen(self.deposit_fee.get())
    }

    /// Most queue entries one call works through.
    pub fn get_maximum_deposit_assignments(&self) -> U256 {
        math::widen(self.maximum_deposit_assignments.get())
    }

    /// Admin only: opens or closes deposits.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`].
    ///
    /// # Events
    /// [`SettingChanged`].
    pub fn set_deposit_enabled(&mut self, enabled: bool) -> Result<(), Error> {
        self.setting_changed("depositEnabled", U256::from(u8::from(enabled)))?;
        self.deposit_enabled.set(enabled);
        Ok(())
    }

    /// Admin only: switches assignment of deposits on or off.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`].
    ///
    /// # Events
    /// [`SettingChanged`].
    pub fn set_assign_deposits_enabled(&mut self, enabled: bool) -> Result<(), Error> {
        self.setting_changed("assignDepositsEnabled", U256::from(u8::from(enabled)))?;
        self.assign_deposits_enabled.set(enabled);
        Ok(())
    }

    /// Admin only: the smallest deposit, 1 gwei to 1 ETH.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`], [`SettingOutOfBounds`].
    ///
    /// # Events
    /// [`SettingChanged`].
    pub fn set_minimum_deposit(&mut self, amount: U256) -> Result<(), Error> {
        let amount = within(amount, MIN_MINIMUM_DEPOSIT, MAX_MINIMUM_DEPOSIT)?;
        self.setting_changed("minimumDeposit", U256::from(amount))?;
        self.minimum_deposit.set(U128::from(amount));
        Ok(())
    }

    /// Admin only: the cap on unreserved balance, up to 1,000,000 ETH.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`], [`SettingOutOfBounds`].
    ///
    /// # Events
    /// [`SettingChanged`].
    pub fn set_maximum_deposit_pool_size(&mut self, amount: U256) -> Result<(), Error> {
        let amount = within(amount, 0, MAX_MAXIMUM_DEPOSIT_POOL_SIZE)?;
        self.setting_changed("maximumDepositPoolSize", U256::from(amount))?;
        self.maximum_deposit_pool_size.set(U128::from(amount));
        Ok(())
    }

    /// Admin only: the deposit fee, at most 1 % (1e16).
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`], [`SettingOutOfBounds`].
    ///
    /// # Events
    /// [`SettingChanged`].
    pub fn set_deposit_fee(&mut self, fee: U256) -> Result<(), Error> {
        let fee = within(fee, 0, u128::from(MAX_DEPOSIT_FEE))?;
        self.setting_changed("depositFee", U256::from(fee))?;
        self.deposit_fee.set(U64::from(fee));
        Ok(())
    }

    /// Admin only: most queue entries one call works through, 1 to 200.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`], [`SettingOutOfBounds`].
    ///
    /// # Events
    /// [`SettingChanged`].
    pub fn set_maximum_deposit_assignments(&mut self, count: U256) -> Result<(), Error> {
        let count = within(count, 1, u128::from(MAX_MAXIMUM_DEPOSIT_ASSIGNMENTS))?;
        self.setting_changed("maximumDepositAssignments", U256::from(count))?;
        self.maximum_deposit_assignments.set(U32::from(count));
        Ok(())
    }
}

impl DepositPool {
    fn deposit_to(&mut self, receiver: Address) -> Result<(), Error> {
        let reth = self.wired_reth()?;
        let value = self.env().msg_value();
        if !self.deposit_enabled.get() {
            return Err(DepositsDisabled {}.into());
        }
        let minimum = math::widen(self.minimum_deposit.get());
        if value < minimum {
            return Err(DepositBelowMinimum { value, minimum }.into());
        }
        // The balance already holds `value`: the pool is full if it now
        // exceeds the cap plus what the queued minipools still need.
        let limit = self.deposit_limit();
        let balance = self.get_balance();
        if balance > limit {
            let maximum = limit.saturating_sub(balance.saturating_sub(value));
            return Err(DepositPoolFull { value, maximum }.into());
        }
        let fee = math::fraction_rounded_up(value, math::widen(self.deposit_fee.get()))
            .ok_or(ArithmeticOverflow {})?;
        // What the balance covers once the fee has gone on to rETH.
        let assignment = self.plan_assignment(balance.saturating_sub(fee))?;
        // rETH prices the deposit, locks the fee that goes along and counts
        // the user ETH about to go to the minipools as user capital, so that
        // a deposit that assigns enters rETH once.
        let minted = IRethToken::new(reth)
            .mint_deposit(
                Call::new_in(self).value(fee),
                receiver,
                value,
                assignment.amount,
            )
            .map_err(|e| call_failed(reth, e))?;
        if minted.is_zero() {
            return Err(MintRoundsToZero { value }.into());
        }
        DepositReceived {
            from: self.env().msg_sender(),
            amount: value,
            rethMinted: minted,
        }
        .emit(self.env());
        self.assign(&assignment)
    }

    /// Assigns what the balance covers and reports the ETH assigned to rETH
    /// as user capital. Returns how many minipools it assigned.
    fn assign_and_report(&mut self, reth: Address) -> Result<u32, Error> {
        let assignment = self.plan_assignment(self.get_balance())?;
        self.assign(&assignment)?;
        if !assignment.amount.is_zero() {
            IRethToken::new(reth)
                .add_user_capital(Call::new_in(self), assignment.amount)
                .map_err(|e| call_failed(reth, e))?;
        }
        Ok(assignment.count)
    }

    /// The queued minipools `balance` covers, in order, through at most
    /// `maximumDepositAssignments` entries (none while assignment is off).
    fn plan_assignment(&self, balance: U256) -> Result<Assignment, ArithmeticOverflow> {
        if self.queue_capacity.get().is_zero() || !self.assign_deposits_enabled.get() {
            return Ok(Assignment::default());
        }
        let head = self.queue_head.get().to::<u32>();
        let mut plan = Assignment {
            head,
            end: head,
            ..Assignment::default()
        };
        let end = head
            .saturating_add(self.maximum_deposit_assignments.get().to::<u32>())
            .min(self.queue_tail.get().to::<u32>());
        while plan.end < end {
            let amount = self.user_deposit_at(plan.end)?;
            if !amount.is_zero() {
                let total = plan
                    .amount
                    .checked_add(amount)
                    .ok_or(ArithmeticOverflow {})?;
                if total > balance {
                    break;
                }
                plan.amount = total;
                plan.count = plan.count.checked_add(1).ok_or(ArithmeticOverflow {})?;
            }
            plan.end = plan.end.checked_add(1).ok_or(ArithmeticOverflow {})?;
        }
        Ok(plan)
    }

    /// Sends each minipool of `plan` its user ETH and takes them off the
    /// queue.
    fn assign(&mut self, plan: &Assignment) -> Result<(), Error> {
        if plan.end == plan.head {
            return Ok(());
        }
        for index in plan.head..plan.end {
            let amount = self.user_deposit_at(index)?;
            if amount.is_zero() {
                continue;
            }
            let minipool = self.queue.get(index).minipool.get();
            IMinipool::new(minipool)
                .assign_user_deposit(Call::new_in(self).value(amount))
                .map_err(|e| call_failed(minipool, e))?;
            DepositAssigned { minipool, amount }.emit(self.env());
        }
        self.queue_head.set(U32::from(plan.end));
        if plan.count == 0 {
            return Ok(());
        }
        self.change_capacity(plan.amount, false)?;
        let length = self
            .queue_length
            .get()
            .to::<u32>()
            .checked_sub(plan.count)
            .ok_or(ArithmeticOverflow {})?;
        self.queue_length.set(U32::from(length));
        Ok(())
    }

    /// Takes the assigned minipool calling at `index` off the ledger: its
    /// user capital leaves rETH's books and `exit_share` of the ETH that came
    /// with the call goes on to rETH.
    fn release_user_deposit(&mut self, index: U256, exit_share: U256) -> Result<(), Error> {
        let minipool = self.env().msg_sender();
        let index = self.entry_of(minipool, index, true)?;
        let capital = self.user_deposit_at(index)?;
        self.queue.setter(index).user_deposit_gwei.set(U64::ZERO);
        let reth = self.wired_reth()?;
        IRethToken::new(reth)
            .remove_user_capital(Call::new_in(self).value(exit_share), capital)
            .map_err(|e| call_failed(reth, e))?;
        UserDepositReleased {
            minipool,
            capital,
            exitShare: exit_share,
        }
        .emit(self.env());
        Ok(())
    }

    /// The queue index of `minipool`, which claims to sit at `index` and to
    /// be assigned (or still queued).
    fn entry_of(
        &self,
        minipool: Address,
        index: U256,
        assigned: bool,
    ) -> Result<u32, UnauthorizedCaller> {
        let unauthorized = UnauthorizedCaller { caller: minipool };
        let index = u32::try_from(index).map_err(|_| unauthorized.clone())?;
        let is_assigned = index < self.queue_head.get().to::<u32>();
        let entry = self.queue.get(index);
        if minipool.is_zero()
            || entry.minipool.get() != minipool
            || entry.user_deposit_gwei.get().is_zero()
            || is_assigned != assigned
        {
            return Err(unauthorized);
        }
        Ok(index)
    }

    /// The most the pool may hold: the cap plus what the queue still needs.
    fn deposit_limit(&self) -> U256 {
        math::widen(self.maximum_deposit_pool_size.get())
            .saturating_add(math::widen(self.queue_capacity.get()))
    }

    /// User ETH the entry at `index` needs, in wei.
    fn user_deposit_at(&self, index: u32) -> Result<U256, ArithmeticOverflow> {
        U256::from(self.queue.get(index).user_deposit_gwei.get())
            .checked_mul(GWEI)
            .ok_or(ArithmeticOverflow {})
    }

    /// Adds `amount` to, or takes it from, the ETH the queue needs.
    fn change_capacity(&mut self, amount: U256, add: bool) -> Result<(), ArithmeticOverflow> {
        let current = math::widen(self.queue_capacity.get());
        let next = if add {
            current.checked_add(amount)
        } else {
            current.checked_sub(amount)
        };
        let next = next
            .and_then(|n| u128::try_from(n).ok())
            .ok_or(ArithmeticOverflow {})?;
        self.queue_capacity.set(U128::from(next));
        Ok(())
    }

    fn wired_reth(&self) -> Result<Address, NotWired> {
        wired(self.reth.get())
    }

    fn setting_changed(&self, name: &str, value: U256) -> Result<(), OwnableUnauthorizedAccount> {
        admin_setting_changed(&self.admin, self.env(), name, value)
    }
}
