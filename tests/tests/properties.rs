//! Random sequences of every user, node, watcher, keeper, admin and attacker
//! action, with the spec's invariants checked after every step (proptest:
//! seeded, reproducible, shrinking to the shortest failing sequence).
//!
//! CI runs 1,000 sequences of up to 50 steps. More, or another seed:
//!
//!     PROPTEST_CASES=10000 cargo test --release -p tests --test properties
//!     PROPTEST_RNG_SEED=7 cargo test -p tests --test properties
#![allow(deprecated)] // motsu's `Balance` reads accounts through the SDK's old API.

use alloy_primitives::{Address, U256};
use contracts::constants::{
    ETHER, MAX_NODE_FEE, MAX_REWARDS_UNLOCK_PERIOD, MAX_SCRUB_PENALTY, MIN_NODE_FEE,
    MIN_REWARDS_UNLOCK_PERIOD, MIN_SUPPLY, SKIM_LIMIT,
};
use motsu::prelude::*;
use proptest::{
    collection::vec,
    prelude::*,
    test_runner::{Config, RngSeed, TestCaseError, TestRunner},
};
use stylus_sdk::prelude::*;
use tests::{advance_time, eth, Protocol, RateMay, Wallet};

/// Milli-ether: amounts are drawn in 0.001 ETH steps.
fn finney(n: u64) -> U256 {
    U256::from(n) * ETHER / U256::from(1000)
}

/// One step of a sequence. Indices pick among what exists (modulo).
#[derive(Clone, Debug)]
enum Action {
    Deposit { staker: u8, finney: u64 },
    Burn { staker: u8, percent: u8 },
    Transfer { from: u8, to: u8, percent: u8 },
    DonateToReth { finney: u64 },
    ForceIntoPool { finney: u64 },
    DonateToMinipool { minipool: u8, finney: u64 },
    CreateMinipool { node: u8, sixteen: bool },
    Stake { minipool: u8 },
    Skim { minipool: u8, finney: u64 },
    SmoothingPool { finney: u64 },
    Exit { minipool: u8, finney: u64 },
    Scrub { minipool: u8 },
    Dissolve { minipool: u8 },
    Refund { minipool: u8 },
    Claim { node: u8 },
    Close { minipool: u8 },
    Assign,
    Wait { seconds: u32 },
    SetNodeFee { fee: u64 },
    SetUnlockPeriod { period: u64 },
    SetScrubPenalty { finney: u64 },
    JustInTime { finney: u64, minipool: u8 },
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => (0..3_u8, 10..60_000_u64).prop_map(|(staker, finney)| Action::Deposit { staker, finney }),
        3 => (0..3_u8, 1..=100_u8).prop_map(|(staker, percent)| Action::Burn { staker, percent }),
        1 => (0..3_u8, 0..3_u8, 1..=100_u8).prop_map(|(from, to, percent)| Action::Transfer { from, to, percent }),
        1 => (1..20_000_u64).prop_map(|finney| Action::DonateToReth { finney }),
        1 => (1..20_000_u64).prop_map(|finney| Action::ForceIntoPool { finney }),
        1 => (0..8_u8, prop_oneof![Just(8_000_u64), Just(16_000), Just(32_000), 1..40_000_u64]).prop_map(|(minipool, finney)| Action::DonateToMinipool { minipool, finney }),
        3 => (0..2_u8, any::<bool>()).prop_map(|(node, sixteen)| Action::CreateMinipool { node, sixteen }),
        3 => (0..8_u8).prop_map(|minipool| Action::Stake { minipool }),
        3 => (0..8_u8, 1..500_u64).prop_map(|(minipool, finney)| Action::Skim { minipool, finney }),
        3 => (1..3_000_u64).prop_map(|finney| Action::SmoothingPool { finney }),
        2 => (0..8_u8, 0..40_000_u64).prop_map(|(minipool, finney)| Action::Exit { minipool, finney }),
        1 => (0..8_u8).prop_map(|minipool| Action::Scrub { minipool }),
        1 => (0..8_u8).prop_map(|minipool| Action::Dissolve { minipool }),
        2 => (0..8_u8).prop_map(|minipool| Action::Refund { minipool }),
        2 => (0..2_u8).prop_map(|node| Action::Claim { node }),
        1 => (0..8_u8).prop_map(|minipool| Action::Close { minipool }),
        1 => Just(Action::Assign),
        3 => (1..200_000_u32).prop_map(|seconds| Action::Wait { seconds }),
        1 => (MIN_NODE_FEE..=MAX_NODE_FEE).prop_map(|fee| Action::SetNodeFee { fee }),
        1 => (MIN_REWARDS_UNLOCK_PERIOD..=MAX_REWARDS_UNLOCK_PERIOD).prop_map(|period| Action::SetUnlockPeriod { period }),
        1 => (0..=MAX_SCRUB_PENALTY / 1_000_000_000_000_000).prop_map(|finney| Action::SetScrubPenalty { finney }),
        2 => (100..100_000_u64, 0..8_u8).prop_map(|(finney, minipool)| Action::JustInTime { finney, minipool }),
    ]
}

/// The actors of one sequence.
struct World {
    protocol: Protocol,
    stakers: [Address; 3],
    nodes: [Address; 2],
    attacker: Address,
    watchers: Vec<Address>,
    keys: u8,
    /// ETH each staker paid in and took out.
    paid_in: [U256; 3],
    taken_out: [U256; 3],
    /// ETH forced into the pool, which counts at once.
    forced: U256,
    /// The wallet contracts behind the addresses above, kept alive.
    _wallets: Vec<Contract<Wallet>>,
}

impl World {
    fn new() -> Self {
        let admin = Address::repeat_byte(0xad);
        let protocol = Protocol::deploy(admin);
        let watchers = protocol.add_watchers(3);
        let wallets: Vec<Contract<Wallet>> = (0..6).map(|_| Contract::new()).collect();
        let wallet = |i: usize| wallets[i].address();
        let nodes = [wallet(0), wallet(1)];
        protocol.register(nodes[0], "Europe/Berlin");
        protocol.register(nodes[1], "Asia/Tokyo");
        Self {
            protocol,
            stakers: [wallet(2), wallet(3), wallet(4)],
            nodes,
            attacker: wallet(5),
            watchers,
            keys: 0,
            paid_in: [U256::ZERO; 3],
            taken_out: [U256::ZERO; 3],
            forced: U256::ZERO,
            _wallets: wallets,
        }
    }

    fn minipool(&self, index: u8) -> Option<usize> {
        let count = self.protocol.minipools.len();
        (count > 0).then(|| usize::from(index) % count)
    }

    fn status(&self, index: usize) -> u8 {
        self.protocol.minipools[index]
            .sender(self.protocol.admin)
            .get_status()
    }

    /// What `holder` may burn of `amount` now without a revert; zero if
    /// nothing.
    fn burnable(&self, holder: Address, amount: U256) -> U256 {
        let p = &self.protocol;
        if p.total_eth().is_zero() {
            return U256::ZERO; // losses took all the backing for now
        }
        let reth = p.reth.sender(p.admin);
        let collateral = reth.get_total_collateral().motsu_unwrap();
        let payable = reth.get_reth_value(collateral).motsu_unwrap();
        let supply = reth.erc20.total_supply();
        drop(reth);
        let mut amount = amount.min(p.reth_of(holder)).min(payable);
        let left = supply - amount;
        if !left.is_zero() && left < MIN_SUPPLY {
            // Keep the minimum, or burn all if that is what is held.
            amount = if supply == p.reth_of(holder) && supply <= payable {
                supply
            } else {
                supply.saturating_sub(MIN_SUPPLY).min(amount)
            };
        }
        let value = p.reth.sender(p.admin).get_eth_value(amount).motsu_unwrap();
        if value.is_zero() {
            U256::ZERO
        } else {
            amount
        }
    }

    fn deposit(&mut self, who: Address, amount: U256) -> bool {
        let p = &mut self.protocol;
        let pool = p.pool.sender(p.admin);
        let ok = pool.get_deposit_enabled()
            && amount >= pool.get_minimum_deposit()
            && amount <= pool.get_maximum_deposit_amount();
        drop(pool);
        let (total, supply) = p.reth.sender(p.admin).get_backing().motsu_unwrap();
        // No price while losses took all the backing.
        let mints =
            supply.is_zero() || (!total.is_zero() && amount * supply / total > U256::from(1));
        ok && mints && p.deposit(who, amount).is_ok()
    }

    /// Runs one action; returns whether the rate may have fallen (a loss).
    #[allow(clippy::too_many_lines)]
    fn step(&mut self, action: &Action) -> RateMay {
        let admin = self.protocol.admin;
        match *action {
            Action::Deposit {
                staker,
                finney: amount,
            } => {
                let who = usize::from(staker);
                if self.deposit(self.stakers[who], finney(amount)) {
                    self.paid_in[who] += finney(amount);
                }
            }
            Action::Burn { staker, percent } => {
                let who = usize::from(staker);
                let holder = self.stakers[who];
                let want = self.protocol.reth_of(holder) * U256::from(percent) / U256::from(100);
                let amount = self.burnable(holder, want);
                if !amount.is_zero() {
                    self.taken_out[who] += self.protocol.burn(holder, amount).motsu_unwrap();
                }
            }
            Action::Transfer { from, to, percent } => {
                let (from, to) = (
                    self.stakers[usize::from(from)],
                    self.stakers[usize::from(to)],
                );
                let amount = self.protocol.reth_of(from) * U256::from(percent) / U256::from(100);
                self.protocol
                    .reth
                    .sender(from)
                    .erc20
                    .transfer(to, amount)
                    .motsu_unwrap();
            }
            Action::DonateToReth { finney: amount } => {
                let donor = Address::repeat_byte(0xd0);
                donor.fund(finney(amount));
                self.protocol
                    .reth
                    .sender_and_value(donor, finney(amount))
                    .receive()
                    .motsu_unwrap();
                self.protocol.entered += finney(amount);
                self.protocol.gains += finney(amount);
            }
            Action::ForceIntoPool { finney: amount } => {
                self.protocol.pool.fund(finney(amount));
                self.protocol.entered += finney(amount);
                // Forced into an empty protocol, it is locked at the first
                // mint: a gain like any other.
                self.protocol.gains += finney(amount);
                self.forced += finney(amount);
            }
            Action::DonateToMinipool {
                minipool,
                finney: amount,
            } => {
                if let Some(i) = self.minipool(minipool) {
                    self.protocol.pay_minipool(i, finney(amount));
                }
            }
            Action::CreateMinipool { node, sixteen } => {
                let bond = if sixteen { eth(16) } else { eth(8) };
                let manager = self.protocol.manager.sender(admin);
                let open = manager.get_minipool_creation_enabled();
                drop(manager);
                if open && self.keys < 200 {
                    self.keys += 1;
                    self.protocol
                        .create_minipool(self.nodes[usize::from(node)], bond, self.keys)
                        .motsu_unwrap();
                }
            }
            Action::Stake { minipool } => {
                if let Some(i) = self.minipool(minipool) {
                    let m = self.protocol.minipools[i].sender(admin);
                    let ready = m.get_status() == minipool::PRELAUNCH
                        && tests_now()
                            >= (m.get_status_time() + U256::from(m.get_scrub_period())).to::<u64>();
                    let node = m.get_node_address();
                    drop(m);
                    if ready {
                        self.protocol.stake(i, node).motsu_unwrap();
                    }
                }
            }
            Action::Skim {
                minipool,
                finney: amount,
            } => {
                if let Some(i) = self.minipool(minipool) {
                    self.protocol.pay_minipool(i, finney(amount));
                    let m = self.protocol.minipools[i].sender(admin);
                    let (status, finalised) = (m.get_status(), m.get_finalised());
                    let left = self.protocol.minipools[i].balance() - m.get_node_refund_balance();
                    drop(m);
                    let skim = (status == minipool::STAKING && left < SKIM_LIMIT)
                        || (status == minipool::WITHDRAWABLE && finalised);
                    if skim && !left.is_zero() {
                        self.protocol.minipools[i]
                            .sender(self.attacker)
                            .distribute_balance(true)
                            .motsu_unwrap();
                    }
                }
            }
            Action::SmoothingPool { finney: amount } => {
                self.protocol.pay_smoothing_pool(finney(amount));
                self.protocol
                    .distributor
                    .sender(self.attacker)
                    .distribute()
                    .motsu_unwrap();
            }
            Action::Exit {
                minipool,
                finney: amount,
            } => {
                if let Some(i) = self.minipool(minipool) {
                    if self.status(i) == minipool::STAKING {
                        self.protocol.pay_minipool(i, finney(amount));
                        self.protocol.report_exit(i);
                        self.protocol.minipools[i]
                            .sender(self.attacker)
                            .distribute_balance(false)
                            .motsu_unwrap();
                        return RateMay::Fall;
                    }
                }
            }
            Action::Scrub { minipool } => {
                if let Some(i) = self.minipool(minipool) {
                    if self.status(i) == minipool::PRELAUNCH {
                        for watcher in self.watchers[..2].iter().copied() {
                            self.protocol.minipools[i]
                                .sender(watcher)
                                .vote_scrub()
                                .motsu_unwrap();
                        }
                        let penalty = self.protocol.minipools[i].sender(admin).get_scrub_penalty();
                        self.protocol.gains += penalty;
                    }
                }
            }
            Action::Dissolve { minipool } => {
                if let Some(i) = self.minipool(minipool) {
                    let m = self.protocol.minipools[i].sender(admin);
                    let (status, node) = (m.get_status(), m.get_node_address());
                    let timed_out = tests_now()
                        >= (m.get_status_time() + U256::from(m.get_launch_timeout())).to::<u64>();
                    drop(m);
                    if status == minipool::INITIALISED {
                        self.protocol.minipools[i]
                            .sender(node)
                            .dissolve()
                            .motsu_unwrap();
                    } else if status == minipool::PRELAUNCH && timed_out {
                        self.protocol.minipools[i]
                            .sender(self.attacker)
                            .dissolve()
                            .motsu_unwrap();
                    }
                }
            }
            Action::Refund { minipool } => {
                if let Some(i) = self.minipool(minipool) {
                    let m = self.protocol.minipools[i].sender(admin);
                    let owed = !m.get_node_refund_balance().is_zero();
                    drop(m);
                    if owed {
                        self.protocol.refund(i).motsu_unwrap();
                    }
                }
            }
            Action::Claim { node } => {
                let node = self.nodes[usize::from(node)];
                if !self
                    .protocol
                    .distributor
                    .sender(admin)
                    .get_claimable(node)
                    .is_zero()
                {
                    self.protocol.claim(node).motsu_unwrap();
                }
            }
            Action::Close { minipool } => {
                if let Some(i) = self.minipool(minipool) {
                    if self.status(i) == minipool::DISSOLVED
                        && !self.protocol.minipools[i].balance().is_zero()
                    {
                        let m = &self.protocol.minipools[i];
                        let node = m.sender(admin).get_node_address();
                        let before = node.balance();
                        m.sender(node).close().motsu_unwrap();
                        self.protocol.paid_out += node.balance() - before;
                    }
                }
            }
            Action::Assign => {
                self.protocol
                    .pool
                    .sender(self.attacker)
                    .assign_deposits()
                    .motsu_unwrap();
            }
            Action::Wait { seconds } => advance_time(u64::from(seconds)),
            Action::SetNodeFee { fee } => {
                self.protocol
                    .manager
                    .sender(admin)
                    .set_node_fee(U256::from(fee))
                    .motsu_unwrap();
            }
            Action::SetUnlockPeriod { period } => {
                self.protocol
                    .reth
                    .sender(admin)
                    .set_rewards_unlock_period(period)
                    .motsu_unwrap();
            }
            Action::SetScrubPenalty { finney: amount } => {
                self.protocol
                    .manager
                    .sender(admin)
                    .set_scrub_penalty(finney(amount))
                    .motsu_unwrap();
            }
            Action::JustInTime {
                finney: amount,
                minipool,
            } => return self.just_in_time(finney(amount), minipool),
        }
        RateMay::NotFall
    }

    /// The attacker deposits, runs whatever distribution is there to run,
    /// and burns everything it can at once: it never gets back more than it
    /// put in.
    fn just_in_time(&mut self, amount: U256, minipool: u8) -> RateMay {
        let attacker = self.attacker;
        // What it holds from earlier attempts it could not burn in full.
        let earlier = self.value_of(attacker);
        if !self.deposit(attacker, amount) {
            return RateMay::NotFall;
        }
        self.protocol.check_invariants();
        let waiting = self
            .protocol
            .distributor
            .sender(attacker)
            .get_undistributed_balance();
        if !waiting.is_zero() {
            self.protocol
                .distributor
                .sender(attacker)
                .distribute()
                .motsu_unwrap();
        }
        let mut rate_may = RateMay::NotFall;
        if let Some(i) = self.minipool(minipool) {
            let m = self.protocol.minipools[i].sender(attacker);
            let (status, finalised) = (m.get_status(), m.get_finalised());
            let left = self.protocol.minipools[i].balance() - m.get_node_refund_balance();
            drop(m);
            if (status == minipool::STAKING && left < SKIM_LIMIT && !left.is_zero())
                || (status == minipool::WITHDRAWABLE && (!finalised || !left.is_zero()))
            {
                self.protocol.minipools[i]
                    .sender(attacker)
                    .distribute_balance(false)
                    .motsu_unwrap();
                rate_may = RateMay::Fall;
            }
        }
        let held = self.protocol.reth_of(attacker);
        let amount_out = self.burnable(attacker, held);
        let paid = if amount_out.is_zero() {
            U256::ZERO
        } else {
            self.protocol.burn(attacker, amount_out).motsu_unwrap()
        };
        // What it could not burn (collateral, minimum supply) is worth no
        // more than the rest of what it paid.
        let rest = self.value_of(attacker);
        assert!(
            paid + rest <= amount + earlier,
            "just in time: paid {amount} (holding {earlier}), took {paid} and holds {rest}"
        );
        rate_may
    }

    /// ETH value of `holder`'s rETH.
    fn value_of(&self, holder: Address) -> U256 {
        self.protocol
            .reth
            .sender(self.protocol.admin)
            .get_eth_value(self.protocol.reth_of(holder))
            .motsu_unwrap()
    }
}

/// The protocol's clock now.
fn tests_now() -> u64 {
    contracts::time::now(1_735_689_600)
}

fn run(actions: &[Action]) {
    let mut world = World::new();
    world.protocol.check_invariants();
    for action in actions {
        let rate_may = world.step(action);
        world.protocol.check_invariants_where(rate_may);
    }
    // Let everything unlock: the stakers (who trade rETH among themselves)
    // hold and took no more than they put in plus the rewards, donations
    // and forced ETH that reached the protocol.
    world.protocol.unlock_rewards();
    world.protocol.check_invariants();
    let reth = world.protocol.reth.sender(world.protocol.admin);
    let held: U256 = world
        .stakers
        .iter()
        .map(|&staker| {
            reth.get_eth_value(reth.erc20.balance_of(staker))
                .motsu_unwrap()
        })
        .fold(U256::ZERO, |sum, value| sum + value);
    drop(reth);
    let taken: U256 = world
        .taken_out
        .iter()
        .copied()
        .fold(U256::ZERO, |a, b| a + b);
    let paid: U256 = world.paid_in.iter().copied().fold(U256::ZERO, |a, b| a + b);
    let windfall = world.protocol.gains + world.forced;
    assert!(
        taken + held <= paid + windfall,
        "the stakers paid {paid} and have {taken} + {held}, with {windfall} of rewards"
    );
}

/// Runs each sequence on a thread of its own, so that it starts from a
/// fresh unit-test VM (motsu keeps one per thread and copies all of it on
/// every call: one thread for every case would slow down with each).
#[test]
fn random_sequences_keep_every_invariant() {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 1000;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = RngSeed::Fixed(0x5eed_1234);
    }
    config.failure_persistence = None;
    // A failure shrinks for at most two minutes.
    config.max_shrink_time = 120_000;
    let mut runner = TestRunner::new(config);
    let result = runner.run(&vec(action(), 1..=50), |actions| {
        std::thread::spawn(move || {
            let _precompiles = motsu::prelude::deploy_precompiles();
            run(&actions);
        })
        .join()
        .map_err(|panic| {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(ToString::to_string))
                .unwrap_or_default();
            TestCaseError::fail(message)
        })
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
