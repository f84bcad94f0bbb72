//! The attacks of the spec's "Attacks the protocol defeats", each tried with
//! real numbers: the attacker ends with no profit and the honest holders
//! lose nothing beyond rounding in the protocol's favour. Invariants after
//! every step.
#![allow(deprecated)] // motsu's `Balance` reads accounts through the SDK's old API.

use alloy_primitives::{uint, Address, U256};
use contracts::constants::{
    DEFAULT_LAUNCH_TIMEOUT, DEFAULT_SCRUB_PENALTY, DEFAULT_SCRUB_PERIOD, MAX_NODE_FEE,
    MAX_SCRUB_PENALTY, MIN_SUPPLY,
};
use motsu::prelude::*;
use stylus_sdk::prelude::*;
use tests::{advance_time, assert_reverts, eth, staking, Protocol, RateMay, Wallet};

/// An honest holder's 100 ETH of stake and Linus's staking LEB8 minipool,
/// rewards unlocked.
fn honest(admin: Address, holder: Address, linus: Address) -> Protocol {
    staking(admin, holder, eth(100), &[(linus, eth(8))])
}

/// ETH value of `holder`'s rETH.
fn worth(protocol: &Protocol, holder: Address) -> U256 {
    protocol
        .reth
        .sender(protocol.admin)
        .get_eth_value(protocol.reth_of(holder))
        .motsu_unwrap()
}

/// The attacker deposits `stake`, someone runs `distribution`, and the
/// attacker burns everything, all at one moment: it gets back no more than
/// it put in, and the honest holder's rETH is worth no less.
fn deposit_distribute_burn(
    protocol: &mut Protocol,
    attacker: Address,
    honest: Address,
    stake: U256,
    distribution: impl FnOnce(&mut Protocol),
) {
    let honest_before = worth(protocol, honest);
    protocol.deposit(attacker, stake).motsu_unwrap();
    protocol.check_invariants();
    distribution(protocol);
    protocol.check_invariants();
    let held = protocol.reth_of(attacker);
    let paid = protocol.burn(attacker, held).motsu_unwrap();
    protocol.check_invariants();
    assert!(paid <= stake, "the attacker made {} wei", paid - stake);
    assert!(worth(protocol, honest) >= honest_before);
    // The reward reaches the holders who stay, once it has unlocked.
    protocol.unlock_rewards();
    protocol.check_invariants();
    assert!(worth(protocol, honest) > honest_before);
}

#[motsu::test]
fn just_in_time_capture_of_the_smoothing_pool_fails(
    admin: Address,
    holder: Contract<Wallet>,
    attacker: Contract<Wallet>,
    linus: Contract<Wallet>,
    keeper: Address,
) {
    let (holder, attacker) = (holder.address(), attacker.address());
    let mut protocol = honest(admin, holder, linus.address());
    // 10 ETH of execution-layer rewards wait in the smoothing pool.
    protocol.pay_smoothing_pool(eth(10));
    deposit_distribute_burn(&mut protocol, attacker, holder, eth(4000), |p| {
        p.distributor.sender(keeper).distribute().motsu_unwrap();
    });
}

#[motsu::test]
fn just_in_time_capture_of_a_skim_fails(
    admin: Address,
    holder: Contract<Wallet>,
    attacker: Contract<Wallet>,
    linus: Contract<Wallet>,
    keeper: Address,
) {
    let (holder, attacker) = (holder.address(), attacker.address());
    let mut protocol = honest(admin, holder, linus.address());
    protocol.pay_minipool(0, eth(2));
    deposit_distribute_burn(&mut protocol, attacker, holder, eth(4000), |p| {
        p.minipools[0]
            .sender(keeper)
            .distribute_balance(true)
            .motsu_unwrap();
    });
}

#[motsu::test]
fn just_in_time_capture_of_a_reported_exit_fails(
    admin: Address,
    holder: Contract<Wallet>,
    attacker: Contract<Wallet>,
    linus: Contract<Wallet>,
    keeper: Address,
) {
    let (holder, attacker) = (holder.address(), attacker.address());
    let mut protocol = honest(admin, holder, linus.address());
    // The validator exits with 33 ETH and the watchers report it.
    protocol.pay_minipool(0, eth(33));
    protocol.report_exit(0);
    deposit_distribute_burn(&mut protocol, attacker, holder, eth(4000), |p| {
        p.minipools[0]
            .sender(keeper)
            .distribute_balance(false)
            .motsu_unwrap();
    });
}

/// Donations of 8, 16 and 32 ETH to a minipool never change its status,
/// finalise it or move its user capital.
fn donations_change_nothing(protocol: &mut Protocol, index: usize, keeper: Address) {
    for amount in [8, 16, 32] {
        let minipool = protocol.minipools[index].sender(protocol.admin);
        let (status, finalised) = (minipool.get_status(), minipool.get_finalised());
        drop(minipool);
        let capital = protocol
            .reth
            .sender(protocol.admin)
            .get_total_user_capital();
        protocol.pay_minipool(index, eth(amount));
        let minipool = protocol.minipools[index].sender(keeper);
        assert_eq!(
            minipool.get_status(),
            status,
            "{amount} ETH at status {status}"
        );
        assert_eq!(minipool.get_finalised(), finalised);
        drop(minipool);
        if status == minipool::STAKING {
            for rewards_only in [true, false] {
                assert_reverts!(
                    protocol.minipools[index]
                        .sender(keeper)
                        .distribute_balance(rewards_only),
                    minipool::Error::ExitNotReported(_)
                );
            }
        }
        assert_eq!(
            protocol
                .reth
                .sender(protocol.admin)
                .get_total_user_capital(),
            capital
        );
        protocol.check_invariants();
    }
}

#[motsu::test]
fn fake_exits_fail_at_every_status(
    admin: Address,
    holder: Contract<Wallet>,
    linus: Contract<Wallet>,
    dana: Contract<Wallet>,
    keeper: Address,
) {
    let (holder, linus, dana) = (holder.address(), linus.address(), dana.address());
    let mut protocol = Protocol::deploy(admin);
    protocol.add_watchers(3);
    protocol.deposit(holder, eth(30)).motsu_unwrap();
    protocol.register(linus, "Europe/Berlin");
    protocol.register(dana, "Europe/Paris");
    // Linus's minipool is assigned (Prelaunch), Dana's waits (Initialised).
    protocol.create_minipool(linus, eth(8), 1).motsu_unwrap();
    protocol.create_minipool(dana, eth(8), 2).motsu_unwrap();
    assert_eq!(
        protocol.minipools[1].sender(admin).get_status(),
        minipool::INITIALISED
    );
    donations_change_nothing(&mut protocol, 1, keeper);
    donations_change_nothing(&mut protocol, 0, keeper);

    // 56 ETH sent before staking stay in the minipool: stake moves exactly
    // 31 ETH, and the fresh validator does not look exited.
    advance_time(DEFAULT_SCRUB_PERIOD);
    protocol.stake(0, linus).motsu_unwrap();
    assert_eq!(protocol.minipools[0].balance(), eth(56));
    protocol.check_invariants();
    let rate = protocol.rate();
    donations_change_nothing(&mut protocol, 0, keeper);
    assert_eq!(protocol.rate(), rate);

    // The real exit, 32 ETH on top of the 112 donated: reported, split as an
    // exit exactly once (everything above 32 ETH as rewards), the users
    // whole; what arrives afterwards is only ever a skim.
    protocol.pay_minipool(0, eth(32));
    protocol.report_exit(0);
    donations_change_nothing(&mut protocol, 0, keeper);
    protocol.minipools[0]
        .sender(keeper)
        .distribute_balance(false)
        .motsu_unwrap();
    assert!(protocol.minipools[0].sender(admin).get_finalised());
    assert_eq!(
        protocol.reth.sender(admin).get_total_user_capital(),
        U256::ZERO
    );
    protocol.check_invariants();
    donations_change_nothing(&mut protocol, 0, keeper);
    protocol.minipools[0]
        .sender(keeper)
        .distribute_balance(true)
        .motsu_unwrap();
    protocol.check_invariants();
    protocol.unlock_rewards();
    protocol.check_invariants();

    // Dissolved: donations are the node's to close out, nothing else.
    protocol.minipools[1].sender(dana).dissolve().motsu_unwrap();
    donations_change_nothing(&mut protocol, 1, keeper);
}

#[motsu::test]
fn fake_exit_with_an_accomplice_gains_nothing(
    admin: Address,
    holder: Contract<Wallet>,
    attacker: Contract<Wallet>,
    accomplice: Contract<Wallet>,
    linus: Contract<Wallet>,
    keeper: Address,
) {
    let (holder, attacker, accomplice) =
        (holder.address(), attacker.address(), accomplice.address());
    let mut protocol = honest(admin, holder, linus.address());
    let honest_before = worth(&protocol, holder);
    let rate = protocol.rate();
    // The attacker sends 8 ETH to the staking minipool to fake an exit: the
    // balance cannot be distributed, the rate does not drop, and the
    // accomplice's deposit gets no cheaper rETH.
    protocol.pay_minipool(0, eth(8));
    for rewards_only in [true, false] {
        assert_reverts!(
            protocol.minipools[0]
                .sender(attacker)
                .distribute_balance(rewards_only),
            minipool::Error::ExitNotReported(e) if e.balance == eth(8)
        );
    }
    assert_eq!(protocol.rate(), rate);
    protocol.deposit(accomplice, eth(100)).motsu_unwrap();
    protocol.unlock_rewards();
    protocol.check_invariants();
    // The real exit comes: split as an exit, the 8 ETH as rewards.
    protocol.pay_minipool(0, eth(32));
    protocol.report_exit(0);
    protocol.minipools[0]
        .sender(keeper)
        .distribute_balance(false)
        .motsu_unwrap();
    // Linus takes his bond and his share of the donation, not more.
    let node = protocol.minipools[0]
        .sender(admin)
        .get_node_refund_balance();
    assert_eq!(node, eth(8) + uint!(2_840_000_000_000_000_000_U256));
    protocol.unlock_rewards();
    protocol.check_invariants();
    let accomplice_paid = protocol
        .burn(accomplice, protocol.reth_of(accomplice))
        .motsu_unwrap();
    // The accomplice shares the donation pro rata (it held about half the
    // stake), which is far less than the attacker sent.
    assert!(accomplice_paid < eth(100) + eth(8) / U256::from(2));
    assert!(worth(&protocol, holder) > honest_before);
}

#[motsu::test]
fn share_inflation_fails(admin: Address, attacker: Contract<Wallet>, victim: Contract<Wallet>) {
    let (attacker, victim) = (attacker.address(), victim.address());
    let mut protocol = Protocol::deploy(admin);
    // The first depositor tries to burn down to 1 wei of rETH.
    protocol.deposit(attacker, eth(1)).motsu_unwrap();
    let held = protocol.reth_of(attacker);
    let before = protocol.snapshot();
    for left in [U256::from(1), MIN_SUPPLY - U256::from(1)] {
        assert_reverts!(
            protocol.reth.sender(attacker).burn(held - left),
            reth_token::Error::SupplyBelowMinimum(e) if e.supply == left && e.minimum == MIN_SUPPLY
        );
        assert_eq!(protocol.snapshot(), before);
    }
    // It may burn down to the minimum supply, then donates 10 ETH to rETH
    // and forces 10 more into the pool.
    protocol.burn(attacker, held - MIN_SUPPLY).motsu_unwrap();
    protocol.check_invariants();
    let donor = Address::repeat_byte(0xd0);
    donor.fund(eth(10));
    protocol
        .reth
        .sender_and_value(donor, eth(10))
        .receive()
        .motsu_unwrap();
    protocol.pool.fund(eth(10));
    protocol.entered += eth(20);
    protocol.gains += eth(10);
    protocol.check_invariants();
    protocol.unlock_rewards();
    protocol.check_invariants();

    // Deposits of the minimum and of 15 ETH go through, each losing less
    // than a gwei to rounding.
    for deposit in [eth(1) / U256::from(100), eth(15)] {
        let (total, supply) = protocol.reth.sender(admin).get_backing().motsu_unwrap();
        protocol.deposit(victim, deposit).motsu_unwrap();
        let fee = (deposit * U256::from(5)).div_ceil(U256::from(10_000));
        let net = deposit - fee;
        let minted = net * supply / total;
        let value = minted * total / supply;
        assert!(
            net - value < U256::from(1_000_000_000),
            "lost {}",
            net - value
        );
        protocol.check_invariants();
    }
    // Burning everything, the victim gets its deposits back less the fees
    // and under a gwei; the attacker cannot take back its donation.
    let victim_reth = protocol.reth_of(victim);
    let paid = protocol.burn(victim, victim_reth).motsu_unwrap();
    let paid_in = eth(1) / U256::from(100) + eth(15);
    let fees = uint!(7_505_000_000_000_000_U256);
    assert!(paid + U256::from(2_000_000_000) >= paid_in - fees);
    protocol.check_invariants();
    let attacker_paid = protocol
        .burn(attacker, protocol.reth_of(attacker))
        .motsu_unwrap();
    assert!(attacker_paid <= eth(1) + eth(20));
}

#[motsu::test]
fn settings_cannot_strand_an_existing_minipool(
    admin: Address,
    holder: Contract<Wallet>,
    linus: Contract<Wallet>,
    watcher: Address,
    stranger: Address,
) {
    let (holder, linus) = (holder.address(), linus.address());
    let mut protocol = Protocol::deploy(admin);
    protocol.deposit(holder, eth(49)).motsu_unwrap();
    protocol.register(linus, "Europe/Berlin");
    protocol.create_minipool(linus, eth(8), 1).motsu_unwrap();
    protocol.create_minipool(linus, eth(8), 2).motsu_unwrap();
    // The admin moves every minipool setting to its most hostile bound.
    let mut manager = protocol.manager.sender(admin);
    manager
        .set_launch_timeout(contracts::constants::MAX_LAUNCH_TIMEOUT)
        .motsu_unwrap();
    manager
        .set_scrub_period(contracts::constants::MAX_SCRUB_PERIOD)
        .motsu_unwrap();
    manager
        .set_node_fee(U256::from(MAX_NODE_FEE))
        .motsu_unwrap();
    manager
        .set_scrub_penalty(U256::from(MAX_SCRUB_PENALTY))
        .motsu_unwrap();
    manager.add_watcher(watcher).motsu_unwrap();
    // The scrub period can never reach the launch timeout.
    let timeout = manager.get_launch_timeout();
    drop(manager);
    assert_reverts!(
        protocol
            .manager
            .sender(admin)
            .set_launch_timeout(contracts::constants::MAX_SCRUB_PERIOD),
        minipool_manager::Error::SettingOutOfBounds(_)
    );
    assert_eq!(protocol.manager.sender(admin).get_launch_timeout(), timeout);

    // The minipools keep what was in force when they were created.
    let first = protocol.minipools[0].sender(admin);
    assert_eq!(first.get_scrub_period(), DEFAULT_SCRUB_PERIOD);
    assert_eq!(first.get_launch_timeout(), DEFAULT_LAUNCH_TIMEOUT);
    assert_eq!(first.get_scrub_penalty(), U256::from(DEFAULT_SCRUB_PENALTY));
    assert_eq!(
        first.get_node_fee(),
        U256::from(contracts::constants::DEFAULT_NODE_FEE)
    );
    drop(first);
    // Nobody may dissolve them before their own launch timeout, and the
    // node may stake after its own scrub period.
    advance_time(DEFAULT_SCRUB_PERIOD);
    assert_reverts!(
        protocol.minipools[0].sender(stranger).dissolve(),
        minipool::Error::LaunchTimeoutNotReached(_)
    );
    protocol.stake(0, linus).motsu_unwrap();
    protocol.check_invariants();
    // The second is scrubbed for the old penalty, not the new one.
    protocol.minipools[1]
        .sender(watcher)
        .vote_scrub()
        .motsu_unwrap();
    let penalty = U256::from(DEFAULT_SCRUB_PENALTY);
    protocol.gains += penalty;
    assert_eq!(protocol.minipools[1].balance(), eth(7) - penalty);
    protocol.check_invariants();
}

#[motsu::test]
fn a_heavily_slashed_exit_is_reported_and_its_loss_counts_at_once(
    admin: Address,
    holder: Contract<Wallet>,
    linus: Contract<Wallet>,
    keeper: Address,
) {
    let holder = holder.address();
    let mut protocol = honest(admin, holder, linus.address());
    let (total, supply) = (protocol.total_eth(), protocol.supply());
    // The validator exits with 7 ETH: its bond is gone and the users lose
    // 17 of their 24 ETH. The watchers report it.
    protocol.pay_minipool(0, eth(7));
    protocol.report_exit(0);
    protocol.minipools[0]
        .sender(keeper)
        .distribute_balance(false)
        .motsu_unwrap();
    assert!(protocol.minipools[0].sender(admin).get_finalised());
    assert_eq!(
        protocol.minipools[0]
            .sender(admin)
            .get_node_refund_balance(),
        U256::ZERO
    );
    assert_eq!(protocol.total_eth(), total - eth(17));
    assert_eq!(protocol.rate(), (total - eth(17)) * eth(1) / supply);
    protocol.check_invariants_where(RateMay::Fall);
}

#[motsu::test]
fn an_exit_slashed_to_nothing_still_finalises(
    admin: Address,
    holder: Contract<Wallet>,
    linus: Contract<Wallet>,
    keeper: Address,
) {
    let mut protocol = honest(admin, holder.address(), linus.address());
    let total = protocol.total_eth();
    protocol.report_exit(0);
    protocol.minipools[0]
        .sender(keeper)
        .distribute_balance(false)
        .motsu_unwrap();
    assert!(protocol.minipools[0].sender(admin).get_finalised());
    assert_eq!(protocol.total_eth(), total - eth(24));
    protocol.check_invariants_where(RateMay::Fall);
    let before = protocol.snapshot();
    assert_reverts!(
        protocol.minipools[0]
            .sender(keeper)
            .distribute_balance(true),
        minipool::Error::NothingToDistribute(_)
    );
    assert_eq!(protocol.snapshot(), before);
}

#[motsu::test]
fn an_exited_validator_stops_sharing_the_smoothing_pool_when_reported(
    admin: Address,
    holder: Contract<Wallet>,
    linus: Contract<Wallet>,
    dana: Contract<Wallet>,
    keeper: Address,
) {
    let (linus, dana) = (linus.address(), dana.address());
    let mut protocol = staking(
        admin,
        holder.address(),
        eth(100),
        &[(linus, eth(8)), (dana, eth(8))],
    );
    // Linus's validator exits and is reported, but nobody distributes its
    // balance yet: from the report on, the smoothing pool is Dana's.
    protocol.pay_minipool(0, eth(32));
    protocol.report_exit(0);
    protocol.pay_smoothing_pool(eth(1));
    protocol
        .distributor
        .sender(keeper)
        .distribute()
        .motsu_unwrap();
    let claimable = |p: &Protocol, node| p.distributor.sender(admin).get_claimable(node);
    assert_eq!(claimable(&protocol, linus), U256::ZERO);
    assert_eq!(
        claimable(&protocol, dana),
        uint!(355_000_000_000_000_000_U256)
    );
    protocol.check_invariants();
}

#[motsu::test]
fn a_withdrawal_credential_front_run_is_scrubbed_and_leaves_the_stakers_whole(
    admin: Address,
    holder: Contract<Wallet>,
    linus: Contract<Wallet>,
) {
    let (holder, linus) = (holder.address(), linus.address());
    let mut protocol = Protocol::deploy(admin);
    let watchers = protocol.add_watchers(3);
    protocol.deposit(holder, eth(100)).motsu_unwrap();
    protocol.unlock_rewards();
    let value_before = worth(&protocol, holder);
    protocol.register(linus, "Europe/Berlin");
    protocol.create_minipool(linus, eth(8), 1).motsu_unwrap();
    // The node deposited the key first with its own credentials: the
    // watchers scrub. The stakers get their 24 ETH back and 2.4 ETH of
    // Linus's bond; he keeps the rest of it.
    for watcher in &watchers[..2] {
        protocol.minipools[0]
            .sender(*watcher)
            .vote_scrub()
            .motsu_unwrap();
    }
    let penalty = U256::from(DEFAULT_SCRUB_PENALTY);
    protocol.gains += penalty;
    assert_eq!(
        protocol.minipools[0].sender(admin).get_status(),
        minipool::DISSOLVED
    );
    assert_eq!(
        protocol.reth.sender(admin).get_total_user_capital(),
        U256::ZERO
    );
    protocol.check_invariants();
    protocol.unlock_rewards();
    // Rounding down, by at most a wei.
    let value = worth(&protocol, holder);
    assert!(value <= value_before + penalty && value + U256::from(1) >= value_before + penalty);
    let paid = {
        let wallet = protocol
            .nodes
            .sender(admin)
            .get_node_withdrawal_address(linus);
        let before = wallet.balance();
        protocol.minipools[0].sender(linus).close().motsu_unwrap();
        wallet.balance() - before
    };
    protocol.paid_out += paid;
    assert_eq!(paid, eth(7) - penalty);
    protocol.check_invariants();
}
