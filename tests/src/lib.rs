//! Test harness: the whole protocol deployed and wired on motsu, the seed
//! story's actors, and the spec's invariants as one check.
#![allow(deprecated)] // motsu's `Balance` reads accounts through the SDK's old API.
extern crate alloc;

use alloy_primitives::{Address, B256, U256};
use beacon_deposit::BeaconDeposit;
use contracts::{
    beacon::{self, deposit_data_root, withdrawal_credentials},
    constants::{DEFAULT_SCRUB_PERIOD, ETHER, LAUNCH_BALANCE, PRESTAKE_AMOUNT, STAKE_AMOUNT},
};
use deposit_pool::DepositPool;
use minipool::Minipool;
use minipool_manager::MinipoolManager;
use motsu::prelude::*;
use node_manager::NodeManager;
use reth_token::RethToken;
use rewards_distributor::RewardsDistributor;
use stylus_sdk::prelude::*;

pub use contracts::seams::advance_time;

/// Asserts that a motsu call reverts (and is rolled back) with an error
/// matching `$error`, and says which error it got when it does not. The
/// caller needs motsu's prelude in scope.
#[macro_export]
macro_rules! assert_reverts {
    ($call:expr, $error:pat $(if $guard:expr)? $(,)?) => {{
        let error = $call.motsu_unwrap_err();
        assert!(
            matches!(&error, $error $(if $guard)?),
            "{} reverted with {error:?}, not {}",
            stringify!($call),
            stringify!($error $(if $guard)?)
        );
    }};
}

/// `n` whole ETH in wei.
pub fn eth(n: u64) -> U256 {
    U256::from(n) * ETHER
}

/// A distinct 48-byte validator public key.
pub fn pubkey(n: u8) -> Vec<u8> {
    let mut key = vec![0xa0; 48];
    key[0] = n;
    key
}

/// A 96-byte validator signature (the deposit contract checks no BLS).
pub fn signature(n: u8) -> Vec<u8> {
    vec![n; 96]
}

/// The deposit data root of `amount` for `pubkey` paying out to `minipool`.
pub fn root_for(pubkey: &[u8], minipool: Address, amount: U256, signature: &[u8]) -> B256 {
    let gwei = beacon::amount_in_gwei(amount).unwrap_or_default();
    deposit_data_root(
        pubkey,
        withdrawal_credentials(minipool).as_slice(),
        gwei,
        signature,
    )
}

/// A validator's deposit data as `createMinipool` and `stake` take it.
pub struct DepositData {
    pub pubkey: Vec<u8>,
    pub signature: Vec<u8>,
    pub root: B256,
}

/// A contract that accepts ETH: stands for a wallet wherever the protocol
/// pays out (motsu aborts on ETH sent to a bare account).
#[storage]
pub struct Wallet {}

#[allow(unsafe_code)]
// SAFETY: the wallet has no storage of its own to alias.
unsafe impl TopLevelStorage for Wallet {}

#[public]
impl Wallet {
    #[receive]
    fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }
}

/// The protocol deployed, constructed and wired.
pub struct Protocol {
    pub admin: Address,
    pub reth: Contract<RethToken>,
    pub pool: Contract<DepositPool>,
    pub nodes: Contract<NodeManager>,
    pub manager: Contract<MinipoolManager>,
    pub beacon: Contract<BeaconDeposit>,
    pub distributor: Contract<RewardsDistributor>,
    pub implementation: Contract<Minipool>,
    /// Every minipool created, in order.
    pub minipools: Vec<Contract<Minipool>>,
    /// Wei that entered the protocol: deposits, bonds and rewards sent in.
    pub entered: U256,
    /// Wei the protocol paid out to its rightful owners.
    pub paid_out: U256,
    /// The exchange rate after the last invariant check.
    pub last_rate: U256,
    /// Wei that entered as gains (deposit fees, rewards and anything sent
    /// to a minipool or the smoothing pool): a bound on what rETH locks.
    pub gains: U256,
}

/// Whether the step just checked may have lowered the exchange rate.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RateMay {
    /// Only rise or stay (every step but a loss-making exit).
    NotFall,
    /// Fall: a minipool exited with less than its user capital.
    Fall,
}

impl Protocol {
    /// Deploys and wires the suite with `admin` as governance.
    pub fn deploy(admin: Address) -> Self {
        let protocol = Self {
            admin,
            reth: Contract::new(),
            pool: Contract::new(),
            nodes: Contract::new(),
            manager: Contract::new(),
            beacon: Contract::new(),
            distributor: Contract::new(),
            implementation: Contract::new(),
            minipools: Vec::new(),
            entered: U256::ZERO,
            paid_out: U256::ZERO,
            last_rate: ETHER,
            gains: U256::ZERO,
        };
        protocol
            .reth
            .sender(admin)
            .constructor(protocol.pool.address())
            .motsu_unwrap();
        protocol
            .pool
            .sender(admin)
            .constructor(admin)
            .motsu_unwrap();
        protocol
            .nodes
            .sender(admin)
            .constructor(admin)
            .motsu_unwrap();
        protocol
            .manager
            .sender(admin)
            .constructor(admin, protocol.beacon.address(), protocol.nodes.address())
            .motsu_unwrap();
        protocol
            .pool
            .sender(admin)
            .wire(protocol.reth.address(), protocol.manager.address())
            .motsu_unwrap();
        // motsu has no proxies: the distributor contract stands for the
        // smoothing pool the manager creates, and is its own implementation.
        contracts::seams::provide_proxy(protocol.distributor.address());
        protocol
            .manager
            .sender(admin)
            .wire(
                protocol.pool.address(),
                protocol.reth.address(),
                protocol.distributor.address(),
                protocol.implementation.address(),
            )
            .motsu_unwrap();
        protocol
    }

    /// `staker` deposits `amount` (funded first).
    pub fn deposit(&mut self, staker: Address, amount: U256) -> Result<(), deposit_pool::Error> {
        staker.fund(amount);
        let fee = self.pool.sender(self.admin).get_deposit_fee();
        let result = self
            .pool
            .sender_and_value(staker, amount)
            .deposit()
            .motsu_res();
        if result.is_ok() {
            self.entered += amount;
            self.gains += (amount * fee).div_ceil(ETHER);
        }
        result
    }

    /// `node` registers in `timezone`.
    pub fn register(&self, node: Address, timezone: &str) {
        self.nodes
            .sender(node)
            .register_node(timezone.into())
            .motsu_unwrap();
    }

    /// `node` creates a minipool with `bond` for validator key number `key`,
    /// with valid prestake deposit data. Returns its index in `minipools`.
    pub fn create_minipool(
        &mut self,
        node: Address,
        bond: U256,
        key: u8,
    ) -> Result<usize, minipool_manager::Error> {
        let minipool = Contract::<Minipool>::new();
        let root = root_for(
            &pubkey(key),
            minipool.address(),
            PRESTAKE_AMOUNT,
            &signature(key),
        );
        let prestake = DepositData {
            pubkey: pubkey(key),
            signature: signature(key),
            root,
        };
        self.create_minipool_at(node, bond, minipool, &prestake, U256::from(key))
    }

    /// `node` creates `minipool` (a contract at the address the manager
    /// will create it at) with `bond`, the given prestake deposit data and
    /// `salt`. Returns its index in `minipools`.
    pub fn create_minipool_at(
        &mut self,
        node: Address,
        bond: U256,
        minipool: Contract<Minipool>,
        prestake: &DepositData,
        salt: U256,
    ) -> Result<usize, minipool_manager::Error> {
        contracts::seams::provide_proxy(minipool.address());
        node.fund(bond);
        let result = self
            .manager
            .sender_and_value(node, bond)
            .create_minipool(
                prestake.pubkey.clone().into(),
                prestake.signature.clone().into(),
                prestake.root,
                salt,
            )
            .motsu_res();
        let _ = contracts::seams::take_proxy(); // drop the seam if the call failed first
        let created = result?;
        assert_eq!(created, minipool.address());
        self.entered += bond;
        self.minipools.push(minipool);
        Ok(self.minipools.len() - 1)
    }

    /// The node stakes minipool `index` with valid deposit data for 31 ETH.
    pub fn stake(&self, index: usize, node: Address) -> Result<(), minipool::Error> {
        let minipool = &self.minipools[index];
        let key = pubkey_of(minipool);
        let sig = signature(key[0]);
        let root = root_for(&key, minipool.address(), STAKE_AMOUNT, &sig);
        minipool.sender(node).stake(sig.into(), root).motsu_res()
    }

    /// ETH backing rETH, as rETH reports it.
    pub fn total_eth(&self) -> U256 {
        self.reth.sender(self.admin).get_total_eth().motsu_unwrap()
    }

    /// The exchange rate.
    pub fn rate(&self) -> U256 {
        self.reth
            .sender(self.admin)
            .get_exchange_rate()
            .motsu_unwrap()
    }

    /// rETH supply.
    pub fn supply(&self) -> U256 {
        self.reth.sender(self.admin).get_backing().motsu_unwrap().1
    }

    /// `holder`'s rETH.
    pub fn reth_of(&self, holder: Address) -> U256 {
        self.reth.sender(self.admin).erc20.balance_of(holder)
    }

    /// Sends `amount` of outside ETH to minipool `index`, as the beacon chain
    /// pays a skim or an exit balance, or anyone sends plain ETH: the
    /// minipool's proxy takes it without running any code (see
    /// `contracts::clone`), so motsu, which has no proxy, credits it.
    pub fn pay_minipool(&mut self, index: usize, amount: U256) {
        self.minipools[index].fund(amount);
        self.entered += amount;
        self.gains += amount;
    }

    /// Sends `amount` of execution-layer rewards to the smoothing pool: its
    /// proxy takes plain ETH without running any code (see
    /// `contracts::clone`), so motsu, which has no proxy, credits it.
    pub fn pay_smoothing_pool(&mut self, amount: U256) {
        self.distributor.fund(amount);
        self.entered += amount;
        self.gains += amount;
    }

    /// Rewards rETH holds back from the rate for now.
    pub fn locked_rewards(&self) -> U256 {
        self.reth.sender(self.admin).get_locked_rewards()
    }

    /// Lets every locked reward unlock: the clock moves on one unlock period.
    pub fn unlock_rewards(&self) {
        advance_time(self.reth.sender(self.admin).get_rewards_unlock_period());
    }

    /// The admin adds `count` watchers (addresses 0x77…01, 0x77…02, ...) and
    /// returns them.
    pub fn add_watchers(&self, count: u8) -> Vec<Address> {
        (1..=count)
            .map(|n| {
                let mut watcher = Address::repeat_byte(0x77);
                watcher.0[19] = n;
                self.manager
                    .sender(self.admin)
                    .add_watcher(watcher)
                    .motsu_unwrap();
                watcher
            })
            .collect()
    }

    /// Every watcher reports the exit of minipool `index`.
    pub fn report_exit(&self, index: usize) {
        let manager = self.manager.sender(self.admin);
        let count = manager.get_watcher_count();
        drop(manager);
        assert!(!count.is_zero(), "no watchers to report the exit");
        let mut voted = 0_u8;
        let mut n = 1_u8;
        while U256::from(voted) < count {
            let mut watcher = Address::repeat_byte(0x77);
            watcher.0[19] = n;
            if self.manager.sender(self.admin).get_watcher_exists(watcher) {
                let minipool = self.minipools[index].sender(watcher);
                if minipool.get_status() != minipool::STAKING {
                    break;
                }
                drop(minipool);
                self.minipools[index]
                    .sender(watcher)
                    .vote_withdrawable()
                    .motsu_unwrap();
                voted += 1;
            }
            n += 1;
        }
        assert_eq!(
            self.minipools[index].sender(self.admin).get_status(),
            minipool::WITHDRAWABLE
        );
    }

    /// The node of minipool `index` takes its refund balance; returns what
    /// its withdrawal address received (booked as paid out).
    pub fn refund(&mut self, index: usize) -> Result<U256, minipool::Error> {
        let node = self.minipools[index].sender(self.admin).get_node_address();
        let to = self.withdrawal_address(node);
        self.payout(to, |p| p.minipools[index].sender(node).refund().motsu_res())
    }

    /// The node of minipool `index` distributes its balance and takes its
    /// refund balance in one call; returns what its withdrawal address
    /// received (booked as paid out).
    pub fn distribute_and_refund(
        &mut self,
        index: usize,
        rewards_only: bool,
    ) -> Result<U256, minipool::Error> {
        let node = self.minipools[index].sender(self.admin).get_node_address();
        let to = self.withdrawal_address(node);
        self.payout(to, |p| {
            p.minipools[index]
                .sender(node)
                .distribute_balance_and_refund(rewards_only)
                .motsu_res()
        })
    }

    /// `node` claims its smoothing-pool rewards; returns what its withdrawal
    /// address received (booked as paid out).
    pub fn claim(&mut self, node: Address) -> Result<U256, rewards_distributor::Error> {
        let to = self.withdrawal_address(node);
        self.payout(to, |p| p.distributor.sender(node).claim().motsu_res())
    }

    /// `holder` burns `amount` of rETH; returns the ETH it received (booked
    /// as paid out).
    pub fn burn(&mut self, holder: Address, amount: U256) -> Result<U256, reth_token::Error> {
        self.payout(holder, |p| p.reth.sender(holder).burn(amount).motsu_res())
    }

    fn withdrawal_address(&self, node: Address) -> Address {
        self.nodes
            .sender(self.admin)
            .get_node_withdrawal_address(node)
    }

    /// Runs `call` and books what `receiver` got from it as paid out.
    fn payout<E>(
        &mut self,
        receiver: Address,
        call: impl FnOnce(&Self) -> Result<(), E>,
    ) -> Result<U256, E> {
        let before = receiver.balance();
        call(self)?;
        let received = receiver.balance() - before;
        self.paid_out += received;
        Ok(received)
    }

    /// Checks the spec's invariants after a step that loses no ETH, so the
    /// rate must not fall.
    pub fn check_invariants(&mut self) {
        self.check_invariants_where(RateMay::NotFall);
    }

    /// Checks the spec's invariants; the rate must not fall unless `rate`
    /// says the step was a loss-making exit.
    pub fn check_invariants_where(&mut self, rate_may: RateMay) {
        // 1. ETH is conserved.
        let mut held = self.pool.balance()
            + self.reth.balance()
            + self.beacon.balance()
            + self.distributor.balance();
        for minipool in &self.minipools {
            held += minipool.balance();
        }
        assert_eq!(held + self.paid_out, self.entered, "ETH conservation");
        // totalEth is what the spec says it is.
        let mut capital = U256::ZERO;
        for minipool in &self.minipools {
            let status = minipool.sender(self.admin).get_status();
            let (n, u) = (
                minipool.sender(self.admin).get_node_deposit_balance(),
                minipool.sender(self.admin).get_user_deposit_balance(),
            );
            if status == minipool::PRELAUNCH || status == minipool::STAKING {
                // 4. N + U = 32 ETH and the balance covers the refund balance.
                assert_eq!(n + u, LAUNCH_BALANCE, "N + U");
                assert!(
                    minipool.balance() >= minipool.sender(self.admin).get_node_refund_balance()
                );
            }
            let exited =
                status == minipool::WITHDRAWABLE && minipool.sender(self.admin).get_finalised();
            if !exited {
                capital += u;
            }
        }
        assert_eq!(
            self.reth.sender(self.admin).get_total_user_capital(),
            capital,
            "user capital"
        );
        assert_eq!(
            self.manager
                .sender(self.admin)
                .get_total_user_capital()
                .motsu_unwrap(),
            capital
        );
        let total = self.total_eth();
        let locked = self.locked_rewards();
        assert_eq!(
            total,
            (self.pool.balance() + self.reth.balance() + capital).saturating_sub(locked),
            "totalEth"
        );
        // 6. What is locked arrived as rewards.
        assert!(
            locked <= self.gains,
            "locked {locked} > gains {}",
            self.gains
        );
        // 2. rETH is fully backed.
        let supply = self.supply();
        assert!(
            self.reth
                .sender(self.admin)
                .get_eth_value(supply)
                .motsu_unwrap()
                <= total,
            "backing"
        );
        // The smoothing pool can pay every claim. (One contract call at a
        // time: motsu runs a call in the storage of the contract whose
        // `sender` was taken last.)
        let count = self.nodes.sender(self.admin).get_node_count().to::<u64>();
        let mut claimable = U256::ZERO;
        for i in 0..count {
            let node = self.nodes.sender(self.admin).get_node_at(U256::from(i));
            claimable += self.distributor.sender(self.admin).get_claimable(node);
        }
        assert!(
            claimable <= self.distributor.balance(),
            "smoothing pool solvency"
        );
        // 3. The rate only falls on a loss-making exit (and restarts at 1e18
        // once every rETH is burned).
        let rate = self.rate();
        if !supply.is_zero() && rate_may == RateMay::NotFall {
            assert!(
                rate >= self.last_rate,
                "rate fell from {} to {rate}",
                self.last_rate
            );
        }
        self.last_rate = rate;
    }
}

/// Three watchers; `staker` deposits `deposit`, then each `(node, bond)`
/// registers and creates a minipool (key `i + 1`); all that the pool covers
/// stake after the scrub period, and the deposit fee has unlocked.
pub fn staking(
    admin: Address,
    staker: Address,
    deposit: U256,
    nodes: &[(Address, U256)],
) -> Protocol {
    let mut protocol = Protocol::deploy(admin);
    protocol.add_watchers(3);
    protocol.deposit(staker, deposit).motsu_unwrap();
    for (i, (node, bond)) in nodes.iter().enumerate() {
        protocol.register(*node, "Europe/Lisbon");
        protocol
            .create_minipool(*node, *bond, u8::try_from(i + 1).unwrap_or(u8::MAX))
            .motsu_unwrap();
    }
    advance_time(DEFAULT_SCRUB_PERIOD);
    for (i, (node, _)) in nodes.iter().enumerate() {
        if protocol.minipools[i].sender(admin).get_status() == minipool::PRELAUNCH {
            protocol.stake(i, *node).motsu_unwrap();
        }
    }
    protocol.unlock_rewards();
    protocol.check_invariants();
    protocol
}

/// The validator public key a minipool holds.
pub fn pubkey_of(minipool: &Contract<Minipool>) -> Vec<u8> {
    minipool.sender(Address::ZERO).get_validator_pubkey().0
}

/// Everything a failed call must leave as it was.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    balances: Vec<U256>,
    minipools: Vec<(u8, U256, U256, bool)>,
    supply: U256,
    queue: (U256, U256),
    capital: U256,
    counts: (U256, U256, U256),
}

impl Protocol {
    /// The state a failed call must not change.
    pub fn snapshot(&self) -> Snapshot {
        let mut balances = vec![
            self.pool.balance(),
            self.reth.balance(),
            self.beacon.balance(),
            self.distributor.balance(),
        ];
        balances.extend(self.minipools.iter().map(|m| m.balance()));
        let pool = self.pool.sender(self.admin);
        let queue = (pool.get_queue_length(), pool.get_queue_total_capacity());
        drop(pool);
        let manager = self.manager.sender(self.admin);
        let counts = (
            manager.get_minipool_count(),
            manager.get_staking_minipool_count().motsu_unwrap(),
            self.nodes.sender(self.admin).get_node_count(),
        );
        drop(manager);
        let minipools = self
            .minipools
            .iter()
            .map(|m| {
                let m = m.sender(self.admin);
                (
                    m.get_status(),
                    m.get_node_refund_balance(),
                    m.get_vote_count(),
                    m.get_finalised(),
                )
            })
            .collect();
        Snapshot {
            balances,
            minipools,
            supply: self.supply(),
            queue,
            capital: self.reth.sender(self.admin).get_total_user_capital(),
            counts,
        }
    }
}
