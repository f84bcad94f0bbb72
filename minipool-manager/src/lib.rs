//! The minipool manager: creates minipools and keeps their registry, the
//! watcher set and the minipool settings.
//!
//! A registered node (see the node manager) creates a minipool with its bond:
//! a proxy of the minipool implementation (see `contracts::clone`), whose
//! code also names the contracts the minipool works with, at a CREATE2
//! address the node can predict, so that it signs deposit data before the
//! minipool exists. 1 ETH of the bond is prestaked to the beacon deposit
//! contract, the rest goes to the minipool, and the minipool joins the
//! deposit pool's queue.
//!
//! Call graph of `createMinipool`: manager → node manager (is the caller
//! registered? asked for a node's first minipool only) → beacon deposit
//! (prestake) → new minipool (`initialise`) → deposit pool (enqueue) →
//! minipools (assignment). No callee calls back into the manager.
//! Minipools call the manager later (the watcher set), never while it is
//! executing; they join and leave the smoothing pool themselves, which
//! knows them by their code.
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

use alloy_primitives::{keccak256, Address, B256, U256, U32, U64};
use contracts::{
    admin::{admin_setting_changed, only_admin, only_contract, wired, within, Ownable2Step},
    beacon::withdrawal_credentials,
    clone::{self, Links},
    constants::{
        is_allowed_bond, DEFAULT_LAUNCH_TIMEOUT, DEFAULT_NODE_FEE, DEFAULT_SCRUB_PENALTY,
        DEFAULT_SCRUB_PERIOD, LAUNCH_BALANCE, MAX_LAUNCH_TIMEOUT, MAX_NODE_FEE, MAX_SCRUB_PENALTY,
        MAX_SCRUB_PERIOD, MAX_WATCHERS, MIN_LAUNCH_TIMEOUT, MIN_NODE_FEE, MIN_SCRUB_PERIOD,
        MIN_STAKE_WINDOW, PRESTAKE_AMOUNT, PUBKEY_LENGTH, SIGNATURE_LENGTH,
    },
    env::EnvAccess,
    errors::{
        call_failed, AlreadyWired, ArithmeticOverflow, ExternalCallFailed, InvalidPubkeyLength,
        NotAContract, NotWired, OwnableInvalidOwner, OwnableUnauthorizedAccount,
        SettingOutOfBounds, ZeroAddress,
    },
    events::{bytes_field, Wired},
    interfaces::{
        IBeaconDeposit, IDepositPool, IMinipool, INodeManager, IRethToken, IRewardsDistributor,
    },
    math,
};
use stylus_sdk::{
    abi::Bytes,
    call::Call,
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU32, StorageU64},
};

contracts::events! {
    /// `node` created `minipool` for `validatorPubkey` with a `bondAmount` bond.
    event MinipoolCreated(address indexed minipool, address indexed node, bytes validatorPubkey, uint256 bondAmount);
    /// `watcher` joined the trusted set.
    event WatcherAdded(address indexed watcher);
    /// `watcher` left the trusted set.
    event WatcherRemoved(address indexed watcher);
}

contracts::errors! {
    /// `node` is not a registered node.
    error NodeNotRegistered(address node);
    /// Creating minipools is switched off.
    error MinipoolCreationDisabled();
    /// `amount` is not an allowed bond (8 or 16 ETH).
    error InvalidBondAmount(uint256 amount);
    /// A validator signature must be 96 bytes.
    error InvalidSignatureLength(uint256 length);
    /// The validator public key belongs to `minipool` already.
    error PubkeyAlreadyUsed(address minipool);
    /// The minipool could not be created at `expected` (that salt is used).
    error MinipoolDeploymentFailed(address expected);
    /// The smoothing pool could not be created at `expected`.
    error SmoothingPoolDeploymentFailed(address expected);
    /// `watcher` is a watcher already.
    error WatcherAlreadyAdded(address watcher);
    /// `watcher` is not a watcher.
    error WatcherNotFound(address watcher);
    /// The watcher set is full.
    error TooManyWatchers();
}

/// Everything that can go wrong in the node manager.
#[derive(contracts::SolidityError, Debug)]
pub enum Error {
    /// The caller is not a registered node.
    NodeNotRegistered(NodeNotRegistered),
    /// Minipool creation is off.
    MinipoolCreationDisabled(MinipoolCreationDisabled),
    /// Not an allowed bond.
    InvalidBondAmount(InvalidBondAmount),
    /// Public key of the wrong length.
    InvalidPubkeyLength(InvalidPubkeyLength),
    /// Signature of the wrong length.
    InvalidSignatureLength(InvalidSignatureLength),
    /// Public key used before.
    PubkeyAlreadyUsed(PubkeyAlreadyUsed),
    /// CREATE2 of a minipool failed.
    MinipoolDeploymentFailed(MinipoolDeploymentFailed),
    /// CREATE2 of the smoothing pool failed.
    SmoothingPoolDeploymentFailed(SmoothingPoolDeploymentFailed),
    /// Watcher added twice.
    WatcherAlreadyAdded(WatcherAlreadyAdded),
    /// Removing a non-watcher.
    WatcherNotFound(WatcherNotFound),
    /// Too many watchers.
    TooManyWatchers(TooManyWatchers),
    /// The caller is not the admin.
    UnauthorizedAccount(OwnableUnauthorizedAccount),
    /// The admin given at construction is the zero address.
    InvalidOwner(OwnableInvalidOwner),
    /// A setting outside its bounds.
    SettingOutOfBounds(SettingOutOfBounds),
    /// Wiring set twice.
    AlreadyWired(AlreadyWired),
    /// Used before wiring.
    NotWired(NotWired),
    /// A zero address where one is needed.
    ZeroAddress(ZeroAddress),
    /// An implementation to wire has no code.
    NotAContract(NotAContract),
    /// A computation overflowed.
    ArithmeticOverflow(ArithmeticOverflow),
    /// A call to another contract failed (its revert data inside).
    ExternalCallFailed(ExternalCallFailed),
}

/// State of the minipool manager.
#[entrypoint]
#[storage]
pub struct MinipoolManager {
    /// Protocol governance, handed over in two steps.
    #[borrow]
    admin: Ownable2Step,
    /// The beacon deposit contract, fixed at construction.
    beacon_deposit: StorageAddress,
    /// The node registry, fixed at construction.
    node_manager: StorageAddress,
    /// The deposit pool (wiring).
    deposit_pool: StorageAddress,
    /// The rETH token (wiring).
    reth: StorageAddress,
    /// The smoothing pool staking minipools belong to (wiring).
    rewards_distributor: StorageAddress,
    /// The minipool implementation every clone delegates to (wiring).
    minipool_implementation: StorageAddress,
    /// Whether minipools may be created.
    minipool_creation_enabled: StorageBool,
    /// Node fee snapshotted by new minipools, 1e18-scaled.
    node_fee: StorageU64,
    /// Seconds watchers have to scrub a prelaunch minipool.
    scrub_period: StorageU64,
    /// Seconds a prelaunch minipool has to stake.
    launch_timeout: StorageU64,
    /// Bond new minipools forfeit to the stakers when scrubbed, in wei.
    scrub_penalty: StorageU64,
    /// Minipools created; the next one's index, in this registry and in
    /// the deposit pool's queue (which lists them: `getMinipoolAt`).
    minipool_count: StorageU32,
    /// Watchers in the trusted set.
    watcher_count: StorageU32,
    /// How many minipools each node created.
    node_minipool_count: StorageMap<Address, StorageU32>,
    /// Each node's minipools in creation order.
    node_minipools: StorageMap<Address, StorageMap<u32, StorageAddress>>,
    /// Minipool by keccak256 of its validator public key.
    minipool_by_pubkey: StorageMap<alloy_primitives::B256, StorageAddress>,
    /// The trusted watcher set.
    watchers: StorageMap<Address, StorageBool>,
}

#[contracts::public]
#[inherit(Ownable2Step)]
impl MinipoolManager {
    /// Sets the admin, the beacon deposit contract, the node registry and
    /// default settings; minipool creation opens.
    ///
    /// # Errors
    /// [`OwnableInvalidOwner`], [`ZeroAddress`].
    #[constructor]
    pub fn constructor(
        &mut self,
        admin: Address,
        beacon_deposit: Address,
        node_manager: Address,
    ) -> Result<(), Error> {
        self.admin.constructor(admin)?;
        if beacon_deposit.is_zero() || node_manager.is_zero() {
            return Err(ZeroAddress {}.into());
        }
        self.beacon_deposit.set(beacon_deposit);
        self.node_manager.set(node_manager);
        self.minipool_creation_enabled.set(true);
        self.node_fee.set(U64::from(DEFAULT_NODE_FEE));
        self.scrub_period.set(U64::from(DEFAULT_SCRUB_PERIOD));
        self.launch_timeout.set(U64::from(DEFAULT_LAUNCH_TIMEOUT));
        self.scrub_penalty.set(U64::from(DEFAULT_SCRUB_PENALTY));
        Ok(())
    }

    /// Admin only, once: sets the deposit pool, the rETH token and the
    /// minipool implementation, and creates the smoothing pool: the proxy of
    /// `rewards_distributor_implementation` (the third address of
    /// [`Self::get_wiring`]), whose code names the contracts it works with.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`], [`AlreadyWired`], [`ZeroAddress`],
    /// [`NotAContract`] (an implementation without code),
    /// [`SmoothingPoolDeploymentFailed`], [`ExternalCallFailed`].
    ///
    /// # Events
    /// [`Wired`].
    pub fn wire(
        &mut self,
        deposit_pool: Address,
        reth: Address,
        rewards_distributor_implementation: Address,
        minipool_implementation: Address,
    ) -> Result<(), Error> {
        let caller = self.env().msg_sender();
        only_admin(&self.admin, caller)?;
        if !self.deposit_pool.get().is_zero() {
            return Err(AlreadyWired {}.into());
        }
        if [
            deposit_pool,
            reth,
            rewards_distributor_implementation,
            minipool_implementation,
        ]
        .iter()
        .any(|address| address.is_zero())
        {
            return Err(ZeroAddress {}.into());
        }
        only_contract(self.env(), rewards_distributor_implementation)?;
        only_contract(self.env(), minipool_implementation)?;
        self.deposit_pool.set(deposit_pool);
        self.reth.set(reth);
        self.minipool_implementation.set(minipool_implementation);
        // The smoothing pool names itself as zero: its address is its code's.
        let links = self.links();
        let smoothing_pool = self
            .deploy_proxy(
                &clone::init_code(rewards_distributor_implementation, &links),
                B256::from(proxy::SMOOTHING_POOL_SALT),
            )
            .ok_or_else(|| SmoothingPoolDeploymentFailed {
                expected: clone::smoothing_pool_address(rewards_distributor_implementation, &links),
            })?;
        self.rewards_distributor.set(smoothing_pool);
        Wired { admin: caller }.emit(self.env());
        Ok(())
    }

    /// `(depositPool, rETH, rewardsDistributor, minipoolImplementation,
    /// beaconDeposit, nodeManager)`.
    pub fn get_wiring(&self) -> (Address, Address, Address, Address, Address, Address) {
        (
            self.deposit_pool.get(),
            self.reth.get(),
            self.rewards_distributor.get(),
            self.minipool_implementation.get(),
            self.beacon_deposit.get(),
            self.node_manager.get(),
        )
    }

    // ----- minipools -----

    /// Registered nodes only: creates a minipool with `msg.value` as its bond
    /// (8 or 16 ETH) at `getExpectedMinipoolAddress(node, salt)`, deposits 1
    /// ETH of the bond to the beacon deposit contract (`validator_signature`
    /// and `deposit_data_root` are for that 1-ETH deposit with the
    /// minipool's withdrawal credentials), keeps the rest in the minipool,
    /// snapshots the node fee, scrub period, launch timeout and scrub
    /// penalty, and queues the minipool for user ETH.
    ///
    /// # Errors
    /// [`NodeNotRegistered`], [`MinipoolCreationDisabled`], [`NotWired`],
    /// [`InvalidBondAmount`], [`InvalidPubkeyLength`],
    /// [`InvalidSignatureLength`], [`PubkeyAlreadyUsed`],
    /// [`MinipoolDeploymentFailed`], [`ExternalCallFailed`] (e.g. the beacon
    /// deposit contract refusing the deposit data root).
    ///
    /// # Events
    /// [`MinipoolCreated`].
    #[payable]
    pub fn create_minipool(
        &mut self,
        validator_pubkey: Bytes,
        validator_signature: Bytes,
        deposit_data_root: alloy_primitives::B256,
        salt: U256,
    ) -> Result<Address, Error> {
        let node = self.env().msg_sender();
        if !self.minipool_creation_enabled.get() {
            return Err(MinipoolCreationDisabled {}.into());
        }
        let pool = wired(self.deposit_pool.get())?;
        // A node with a minipool was registered when it created it, and
        // registration is never undone: only its first minipool asks the
        // node registry, the later ones enter no other program to know.
        let node_index = self.node_minipool_count.get(node).to::<u32>();
        if node_index == 0 {
            let registry = self.node_manager.get();
            let registered = INodeManager::new(registry)
                .get_node_exists(&*self, node)
                .map_err(|e| call_failed(registry, e))?;
            if !registered {
                return Err(NodeNotRegistered { node }.into());
            }
        }
        let bond = self.env().msg_value();
        if !is_allowed_bond(bond) {
            return Err(InvalidBondAmount { amount: bond }.into());
        }
        if validator_pubkey.len() != PUBKEY_LENGTH {
            return Err(InvalidPubkeyLength {
                length: U256::from(validator_pubkey.len()),
            }
            .into());
        }
        if validator_signature.len() != SIGNATURE_LENGTH {
            return Err(InvalidSignatureLength {
                length: U256::from(validator_signature.len()),
            }
            .into());
        }
        let pubkey_hash = keccak256(&validator_pubkey);
        let used_by = self.minipool_by_pubkey.get(pubkey_hash);
        if !used_by.is_zero() {
            return Err(PubkeyAlreadyUsed { minipool: used_by }.into());
        }

        let code = clone::init_code(self.minipool_implementation.get(), &self.links());
        let minipool = self
            .deploy_proxy(&code, clone::minipool_salt(node, salt))
            .ok_or_else(|| MinipoolDeploymentFailed {
                expected: self.get_expected_minipool_address(node, salt),
            })?;
        let index = self.minipool_count.get().to::<u32>();
        let next = index.checked_add(1).ok_or(ArithmeticOverflow {})?;
        self.minipool_count.set(U32::from(next));
        self.minipool_by_pubkey.setter(pubkey_hash).set(minipool);
        let node_next = node_index.checked_add(1).ok_or(ArithmeticOverflow {})?;
        self.node_minipool_count
            .setter(node)
            .set(U32::from(node_next));
        self.node_minipools
            .setter(node)
            .setter(node_index)
            .set(minipool);

        let beacon = self.beacon_deposit.get();
        let credentials = withdrawal_credentials(minipool);
        IBeaconDeposit::new(beacon)
            .deposit(
                Call::new_in(self).value(PRESTAKE_AMOUNT),
                &validator_pubkey.0,
                credentials.as_slice(),
                &validator_signature.0,
                deposit_data_root,
            )
            .map_err(|e| call_failed(beacon, e))?;
        self.initialise_minipool(minipool, node, index, bond, &validator_pubkey.0)?;
        MinipoolCreated {
            minipool,
            node,
            validatorPubkey: bytes_field(validator_pubkey.0),
            bondAmount: bond,
        }
        .emit(self.env());
        let user_deposit = LAUNCH_BALANCE
            .checked_sub(bond)
            .ok_or(ArithmeticOverflow {})?;
        IDepositPool::new(pool)
            .enqueue_minipool(Call::new_in(self), minipool, user_deposit)
            .map_err(|e| call_failed(pool, e))?;
        Ok(minipool)
    }

    /// Where `node`'s minipool with `salt` is (or will be) created. The
    /// address depends on the contracts its proxy names, so it is final
    /// once the manager is wired.
    pub fn get_expected_minipool_address(&self, node: Address, salt: U256) -> Address {
        clone::minipool_address(
            self.minipool_implementation.get(),
            &self.links(),
            node,
            salt,
        )
    }

    /// How many minipools were created.
    pub fn get_minipool_count(&self) -> U256 {
        math::widen(self.minipool_count.get())
    }

    /// The `index`-th minipool created (zero past the end), as the deposit
    /// pool's queue lists it: each minipool's creation index is its queue
    /// index, and the queue keeps it for good.
    pub fn get_minipool_at(&self, index: U256) -> Address {
        IDepositPool::new(self.deposit_pool.get())
            .get_minipool_at(self, index)
            .unwrap_or_default()
    }

    /// How many minipools `node` created.
    pub fn get_node_minipool_count(&self, node: Address) -> U256 {
        math::widen(self.node_minipool_count.get(node))
    }

    /// `node`'s `index`-th minipool (zero past the end).
    pub fn get_node_minipool_at(&self, node: Address, index: U256) -> Address {
        u32::try_from(index)
            .map(|i| self.node_minipools.getter(node).get(i))
            .unwrap_or_default()
    }

    /// The minipool of a validator public key (zero if none).
    pub fn get_minipool_by_pubkey(&self, validator_pubkey: Bytes) -> Address {
        self.minipool_by_pubkey.get(keccak256(&validator_pubkey))
    }

    /// Whether `minipool` was created here: it is the proxy of the minipool
    /// implementation naming this suite (its code says so), and it has a
    /// node, which only this manager can give it (a copy of that code made
    /// elsewhere can never be initialised). No registry is written for it.
    pub fn get_minipool_exists(&self, minipool: Address) -> bool {
        clone::is_minipool(minipool, &self.links())
            && IMinipool::new(minipool)
                .get_node_address(self)
                .is_ok_and(|node| !node.is_zero())
    }

    /// How many minipools are staking (counted by the smoothing pool, which
    /// they all belong to).
    ///
    /// # Errors
    /// [`NotWired`], [`ExternalCallFailed`].
    pub fn get_staking_minipool_count(&self) -> Result<U256, Error> {
        let distributor = wired(self.rewards_distributor.get())?;
        Ok(IRewardsDistributor::new(distributor)
            .get_staking_minipool_count(self)
            .map_err(|e| call_failed(distributor, e))?)
    }

    /// User ETH in Prelaunch and Staking minipools (kept by rETH).
    ///
    /// # Errors
    /// [`NotWired`], [`ExternalCallFailed`].
    pub fn get_total_user_capital(&self) -> Result<U256, Error> {
        let reth = wired(self.reth.get())?;
        Ok(IRethToken::new(reth)
            .get_total_user_capital(self)
            .map_err(|e| call_failed(reth, e))?)
    }

    // ----- watchers -----

    /// Admin only: adds `watcher` to the trusted set.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`], [`ZeroAddress`],
    /// [`WatcherAlreadyAdded`], [`TooManyWatchers`].
    ///
    /// # Events
    /// [`WatcherAdded`].
    pub fn add_watcher(&mut self, watcher: Address) -> Result<(), Error> {
        only_admin(&self.admin, self.env().msg_sender())?;
        if watcher.is_zero() {
            return Err(ZeroAddress {}.into());
        }
        if self.watchers.get(watcher) {
            return Err(WatcherAlreadyAdded { watcher }.into());
        }
        let count = self.watcher_count.get().to::<u32>();
        if count >= MAX_WATCHERS {
            return Err(TooManyWatchers {}.into());
        }
        self.watchers.setter(watcher).set(true);
        self.watcher_count.set(U32::from(count.saturating_add(1)));
        WatcherAdded { watcher }.emit(self.env());
        Ok(())
    }

    /// Admin only: removes `watcher` from the trusted set.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`], [`WatcherNotFound`].
    ///
    /// # Events
    /// [`WatcherRemoved`].
    pub fn remove_watcher(&mut self, watcher: Address) -> Result<(), Error> {
        only_admin(&self.admin, self.env().msg_sender())?;
        if !self.watchers.get(watcher) {
            return Err(WatcherNotFound { watcher }.into());
        }
        self.watchers.setter(watcher).set(false);
        self.watcher_count.set(U32::from(
            self.watcher_count.get().to::<u32>().saturating_sub(1),
        ));
        WatcherRemoved { watcher }.emit(self.env());
        Ok(())
    }

    /// How many watchers the trusted set holds.
    pub fn get_watcher_count(&self) -> U256 {
        math::widen(self.watcher_count.get())
    }

    /// Whether `watcher` is in the trusted set.
    pub fn get_watcher_exists(&self, watcher: Address) -> bool {
        self.watchers.get(watcher)
    }

    /// Whether `watcher` is in the trusted set, and how many watchers it
    /// holds: what a minipool needs to count a vote, in one call.
    pub fn get_watcher_standing(&self, watcher: Address) -> (bool, U256) {
        (self.get_watcher_exists(watcher), self.get_watcher_count())
    }

    // ----- settings -----

    /// Whether minipools may be created.
    pub fn get_minipool_creation_enabled(&self) -> bool {
        self.minipool_creation_enabled.get()
    }

    /// Node fee new minipools snapshot, 1e18-scaled.
    pub fn get_node_fee(&self) -> U256 {
        math::widen(self.node_fee.get())
    }

    /// Seconds watchers have to scrub a prelaunch minipool.
    pub fn get_scrub_period(&self) -> u64 {
        self.scrub_period.get().to()
    }

    /// Seconds a prelaunch minipool has to stake before anyone may dissolve it.
    pub fn get_launch_timeout(&self) -> u64 {
        self.launch_timeout.get().to()
    }

    /// Bond new minipools forfeit to the stakers when scrubbed, in wei.
    pub fn get_scrub_penalty(&self) -> U256 {
        math::widen(self.scrub_penalty.get())
    }

    /// Admin only: opens or closes minipool creation.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`].
    ///
    /// # Events
    /// `SettingChanged`.
    pub fn set_minipool_creation_enabled(&mut self, enabled: bool) -> Result<(), Error> {
        admin_setting_changed(
            &self.admin,
            self.env(),
            "minipoolCreationEnabled",
            U256::from(u8::from(enabled)),
        )?;
        self.minipool_creation_enabled.set(enabled);
        Ok(())
    }

    /// Admin only: the node fee for new minipools, 5 % to 20 %.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`], [`SettingOutOfBounds`].
    ///
    /// # Events
    /// `SettingChanged`.
    pub fn set_node_fee(&mut self, fee: U256) -> Result<(), Error> {
        let fee = within(fee, MIN_NODE_FEE.into(), MAX_NODE_FEE.into())?;
        admin_setting_changed(&self.admin, self.env(), "nodeFee", U256::from(fee))?;
        self.node_fee.set(U64::from(fee));
        Ok(())
    }

    /// Admin only: the scrub period for new minipools in seconds, 1 hour to
    /// 7 days and at least 12 hours shorter than the launch timeout.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`], [`SettingOutOfBounds`].
    ///
    /// # Events
    /// `SettingChanged`.
    pub fn set_scrub_period(&mut self, period: u64) -> Result<(), Error> {
        let longest = self
            .launch_timeout
            .get()
            .to::<u64>()
            .saturating_sub(MIN_STAKE_WINDOW)
            .min(MAX_SCRUB_PERIOD);
        within(U256::from(period), MIN_SCRUB_PERIOD.into(), longest.into())?;
        admin_setting_changed(&self.admin, self.env(), "scrubPeriod", U256::from(period))?;
        self.scrub_period.set(U64::from(period));
        Ok(())
    }

    /// Admin only: the launch timeout for new minipools in seconds, 1 to 30
    /// days and at least 12 hours longer than the scrub period.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`], [`SettingOutOfBounds`].
    ///
    /// # Events
    /// `SettingChanged`.
    pub fn set_launch_timeout(&mut self, timeout: u64) -> Result<(), Error> {
        let shortest = self
            .scrub_period
            .get()
            .to::<u64>()
            .saturating_add(MIN_STAKE_WINDOW)
            .max(MIN_LAUNCH_TIMEOUT);
        within(
            U256::from(timeout),
            shortest.into(),
            MAX_LAUNCH_TIMEOUT.into(),
        )?;
        admin_setting_changed(
            &self.admin,
            self.env(),
            "launchTimeout",
            U256::from(timeout),
        )?;
        self.launch_timeout.set(U64::from(timeout));
        Ok(())
    }

    /// Admin only: the scrub penalty for new minipools, 0 to 4 ETH of the
    /// bond (kept in whole gwei by each minipool).
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`], [`SettingOutOfBounds`].
    ///
    /// # Events
    /// `SettingChanged`.
    pub fn set_scrub_penalty(&mut self, penalty: U256) -> Result<(), Error> {
        let penalty = within(penalty, 0, MAX_SCRUB_PENALTY.into())?;
        admin_setting_changed(&self.admin, self.env(), "scrubPenalty", U256::from(penalty))?;
        self.scrub_penalty.set(U64::from(penalty));
        Ok(())
    }
}

impl MinipoolManager {
    /// Hands the new clone its node, the remaining bond, its public key and
    /// the settings in force now, which it keeps for good.
    fn initialise_minipool(
        &mut self,
        minipool: Address,
        node: Address,
        index: u32,
        bond: U256,
        validator_pubkey: &[u8],
    ) -> Result<(), Error> {
        let (node_fee, scrub_period, launch_timeout, scrub_penalty) = (
            self.node_fee.get().to::<u64>(),
            self.scrub_period.get().to::<u32>(),
            self.launch_timeout.get().to::<u32>(),
            math::widen(self.scrub_penalty.get()),
        );
        let remaining_bond = bond
            .checked_sub(PRESTAKE_AMOUNT)
            .ok_or(ArithmeticOverflow {})?;
        IMinipool::new(minipool)
            .initialise(
                Call::new_in(self).value(remaining_bond),
                node,
                index,
                node_fee,
                bond,
                validator_pubkey,
                scrub_period,
                launch_timeout,
                scrub_penalty,
            )
            .map_err(|e| call_failed(minipool, e))?;
        Ok(())
    }

    /// The contracts the manager's minipools and the smoothing pool work
    /// with, which each proxy keeps after its code.
    fn links(&self) -> Links {
        Links::new(
            self.env().contract_address(),
            self.deposit_pool.get(),
            self.reth.get(),
            self.node_manager.get(),
            self.beacon_deposit.get(),
            self.rewards_distributor.get(),
            self.minipool_implementation.get(),
        )
    }

    /// Creates a proxy from its creation code `init_code` with CREATE2 and
    /// `salt`; `None` when that address is taken.
    #[cfg(not(feature = "test-seams"))]
    #[allow(unsafe_code)]
    fn deploy_proxy(&mut self, init_code: &[u8], salt: B256) -> Option<Address> {
        // SAFETY: the SDK's reentrancy guard is on and the proxy's creation
        // code calls nothing, so no storage can be aliased during the deploy.
        unsafe {
            stylus_sdk::deploy::RawDeploy::new()
                .salt(salt)
                .deploy(init_code, U256::ZERO)
        }
        .ok()
    }

    /// Test seam: motsu's CREATE2 does nothing, so the test provides an
    /// already deployed contract to stand for the proxy, which keeps the
    /// proxy's code for what reads it.
    #[cfg(feature = "test-seams")]
    #[allow(clippy::unused_self)] // the same signature as the CREATE2 one
    fn deploy_proxy(&mut self, init_code: &[u8], _salt: B256) -> Option<Address> {
        let proxy = contracts::seams::take_proxy()?;
        contracts::seams::keep_proxy_code(proxy, init_code);
        Some(proxy)
    }
}
