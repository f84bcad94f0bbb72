//! The seed story end to end: Alice deposits 1 ETH, Linus registers and
//! bonds 8 ETH, Wale deposits 320 ETH; 24 ETH of the pool is matched to
//! Linus's bond and a 32-ETH validator is deposited with the minipool as its
//! withdrawal address. Bob joins with a 16-ETH bond at a lower fee. The
//! validators earn a skim and smoothing-pool rewards, split between the
//! operators and rETH, where every gain unlocks into the rate over a day;
//! the watchers report each exit before it is distributed, and once
//! everything has unlocked Alice and Wale burn their rETH for more ETH than
//! they put in. Exact wei at every step (computed apart, in a Python model
//! of the rules); invariants after each.
//!
//! Run with `--nocapture` to see who holds what after each step.
#![allow(deprecated)]

use alloy_primitives::{uint, Address, U256};
use contracts::{
    beacon::{hash_pair, sha256, withdrawal_credentials, zero_hashes},
    constants::{DEFAULT_SCRUB_PERIOD, PRESTAKE_AMOUNT, STAKE_AMOUNT},
};
use motsu::prelude::*;
use stylus_sdk::prelude::*;
use tests::{advance_time, eth, pubkey, root_for, signature, Protocol, Wallet};

fn report(protocol: &Protocol, step: &str, people: &[(&str, Address)]) {
    println!("\n== {step}");
    for (name, who) in people {
        println!("  {name:<6} rETH {:>28}", protocol.reth_of(*who));
    }
    for (name, who) in people {
        println!("  {name:<6} ETH  {:>28}", who.balance());
    }
    println!("  deposit pool     {:>28} wei", protocol.pool.balance());
    println!("  rETH contract    {:>28} wei", protocol.reth.balance());
    println!(
        "  smoothing pool   {:>28} wei",
        protocol.distributor.balance()
    );
    println!("  beacon deposit   {:>28} wei", protocol.beacon.balance());
    for (i, minipool) in protocol.minipools.iter().enumerate() {
        let minipool_view = minipool.sender(protocol.admin);
        println!(
            "  minipool #{i}      {:>28} wei (status {}, node refund {})",
            minipool.balance(),
            minipool_view.get_status(),
            minipool_view.get_node_refund_balance()
        );
    }
    println!("  total ETH        {:>28} wei", protocol.total_eth());
    println!("  locked rewards   {:>28} wei", protocol.locked_rewards());
    println!("  rETH supply      {:>28}", protocol.supply());
    println!("  exchange rate    {:>28}", protocol.rate());
}

/// The deposit contract's root over `leaves`, computed level by level.
fn naive_deposit_root(leaves: &[alloy_primitives::B256]) -> alloy_primitives::B256 {
    let mut level = leaves.to_vec();
    for zero in zero_hashes() {
        if level.len() % 2 == 1 {
            level.push(zero);
        }
        level = level
            .chunks(2)
            .map(|pair| hash_pair(&pair[0], &pair[1]))
            .collect();
    }
    sha256(&[
        level[0].as_slice(),
        &(leaves.len() as u64).to_le_bytes(),
        &[0; 24],
    ])
}

#[motsu::test]
fn alice_linus_and_wale_stake_earn_and_exit_together(
    admin: Address,
    alice: Contract<Wallet>,
    linus: Contract<Wallet>,
    wale: Contract<Wallet>,
    bob: Contract<Wallet>,
    keeper: Address,
) {
    // Wallets that can be paid; the contracts stay alive to the end.
    let (alice, linus, wale, bob) = (
        alice.address(),
        linus.address(),
        wale.address(),
        bob.address(),
    );
    let mut protocol = Protocol::deploy(admin);
    protocol.add_watchers(3);
    let people = [
        ("Alice", alice),
        ("Linus", linus),
        ("Wale", wale),
        ("Bob", bob),
    ];
    protocol.check_invariants();

    // Alice deposits 1 ETH: 0.9995 rETH at 1:1. The 0.05 % fee goes to
    // rETH, locked: it reaches the rate over the next day.
    protocol.deposit(alice, eth(1)).motsu_unwrap();
    let fee = uint!(500_000_000_000_000_U256);
    assert_eq!(protocol.reth_of(alice), uint!(999_500_000_000_000_000_U256));
    assert_eq!(protocol.pool.balance(), eth(1) - fee);
    assert_eq!(protocol.reth.balance(), fee);
    assert_eq!(protocol.locked_rewards(), fee);
    assert_eq!(protocol.total_eth(), eth(1) - fee);
    assert_eq!(protocol.rate(), eth(1));
    protocol.check_invariants();
    report(&protocol, "Alice deposits 1 ETH", &people);

    // A day later the fee has unlocked into the rate.
    protocol.unlock_rewards();
    assert_eq!(protocol.locked_rewards(), U256::ZERO);
    assert_eq!(protocol.total_eth(), eth(1));
    assert_eq!(protocol.rate(), uint!(1_000_500_250_125_062_531_U256));
    protocol.check_invariants();

    // Linus registers and bonds 8 ETH: 1 ETH prestaked, 7 in the minipool,
    // queued for 24 ETH that the pool does not have yet.
    protocol.register(linus, "Europe/Berlin");
    let linus_pool = protocol.create_minipool(linus, eth(8), 1).motsu_unwrap();
    let minipool = &protocol.minipools[linus_pool];
    assert_eq!(protocol.beacon.balance(), PRESTAKE_AMOUNT);
    assert_eq!(minipool.balance(), eth(7));
    assert_eq!(minipool.sender(admin).get_status(), minipool::INITIALISED);
    assert_eq!(
        protocol.pool.sender(admin).get_queue_length(),
        U256::from(1)
    );
    assert_eq!(
        protocol.pool.sender(admin).get_queue_total_capacity(),
        eth(24)
    );
    assert_eq!(
        protocol.pool.sender(admin).get_queue_at(U256::ZERO),
        minipool.address()
    );
    assert_eq!(protocol.pool.sender(admin).get_excess_balance(), U256::ZERO);
    assert_eq!(protocol.rate(), uint!(1_000_500_250_125_062_531_U256));
    protocol.check_invariants();
    report(&protocol, "Linus registers and bonds 8 ETH", &people);

    // Wale deposits 320 ETH at the current rate; the pool now covers Linus's
    // 24 ETH and assigns them in the same call. His 0.16-ETH fee is locked.
    protocol.deposit(wale, eth(320)).motsu_unwrap();
    assert_eq!(
        protocol.reth_of(wale),
        uint!(319_680_080_000_000_000_000_U256)
    );
    let minipool = &protocol.minipools[linus_pool];
    assert_eq!(minipool.balance(), eth(31));
    assert_eq!(minipool.sender(admin).get_status(), minipool::PRELAUNCH);
    assert_eq!(minipool.sender(admin).get_user_deposit_balance(), eth(24));
    assert_eq!(minipool.sender(admin).get_node_deposit_balance(), eth(8));
    let pool_after_wale = uint!(296_839_500_000_000_000_000_U256);
    assert_eq!(protocol.pool.balance(), pool_after_wale);
    assert_eq!(
        protocol.pool.sender(admin).get_excess_balance(),
        pool_after_wale
    );
    assert_eq!(protocol.pool.sender(admin).get_queue_length(), U256::ZERO);
    assert_eq!(
        protocol
            .manager
            .sender(admin)
            .get_total_user_capital()
            .motsu_unwrap(),
        eth(24)
    );
    assert_eq!(
        protocol.locked_rewards(),
        uint!(160_000_000_000_000_000_U256)
    );
    assert_eq!(
        protocol.total_eth(),
        uint!(320_840_000_000_000_000_000_U256)
    );
    assert_eq!(protocol.supply(), uint!(320_679_580_000_000_000_000_U256));
    assert_eq!(protocol.rate(), uint!(1_000_500_250_125_062_531_U256));
    let assigned = deposit_pool::DepositAssigned {
        minipool: minipool.address(),
        amount: eth(24),
    };
    protocol.pool.assert_emitted(&assigned);
    protocol.check_invariants();
    report(
        &protocol,
        "Wale deposits 320 ETH; 24 ETH matched to Linus",
        &people,
    );

    // After the 12-hour scrub period Linus stakes the remaining 31 ETH;
    // half of Wale's fee has unlocked meanwhile.
    advance_time(DEFAULT_SCRUB_PERIOD);
    protocol.stake(linus_pool, linus).motsu_unwrap();
    let minipool = &protocol.minipools[linus_pool];
    assert_eq!(minipool.sender(admin).get_status(), minipool::STAKING);
    assert_eq!(minipool.balance(), U256::ZERO);
    assert_eq!(protocol.beacon.balance(), eth(32));
    assert_eq!(
        protocol.locked_rewards(),
        uint!(80_000_000_000_000_000_U256)
    );
    assert_eq!(
        protocol
            .manager
            .sender(admin)
            .get_staking_minipool_count()
            .motsu_unwrap(),
        U256::from(1)
    );
    assert_eq!(
        protocol.total_eth(),
        uint!(320_920_000_000_000_000_000_U256)
    );
    assert_eq!(protocol.rate(), uint!(1_000_749_720_328_310_271_U256));
    assert_eq!(
        protocol.pool.sender(admin).get_excess_balance(),
        pool_after_wale
    );
    protocol.check_invariants();
    let minipool = &protocol.minipools[linus_pool];
    report(&protocol, "Linus stakes: a 32-ETH validator", &people);

    // Both deposits reached the beacon deposit contract for Linus's key with
    // the minipool's withdrawal credentials, and its Merkle root is theirs.
    let credentials = withdrawal_credentials(minipool.address());
    assert_eq!(credentials.as_slice()[0], 0x01);
    assert_eq!(&credentials.as_slice()[12..], minipool.address().as_slice());
    assert_eq!(
        minipool.sender(admin).get_withdrawal_credentials(),
        credentials
    );
    let key = pubkey(1);
    let leaves = [
        root_for(&key, minipool.address(), PRESTAKE_AMOUNT, &signature(1)),
        root_for(&key, minipool.address(), STAKE_AMOUNT, &signature(1)),
    ];
    for (index, (gwei, _)) in [(1_000_000_000_u64, 0), (31_000_000_000, 1)]
        .into_iter()
        .enumerate()
    {
        protocol
            .beacon
            .assert_emitted(&beacon_deposit::DepositEvent {
                pubkey: key.clone().into(),
                withdrawal_credentials: credentials.to_vec().into(),
                amount: gwei.to_le_bytes().to_vec().into(),
                signature: signature(1).into(),
                index: (index as u64).to_le_bytes().to_vec().into(),
            });
    }
    assert_eq!(
        protocol.beacon.sender(admin).get_deposit_root(),
        naive_deposit_root(&leaves)
    );
    assert_eq!(
        protocol
            .manager
            .sender(admin)
            .get_minipool_by_pubkey(key.into()),
        minipool.address()
    );

    // ----- the second half: rewards, exits and burns -----

    // Bob joins with a 16-ETH bond after the admin lowered the node fee to
    // 10 %; the pool's excess covers his 16 ETH at once.
    protocol
        .manager
        .sender(admin)
        .set_node_fee(uint!(100_000_000_000_000_000_U256))
        .motsu_unwrap();
    protocol.register(bob, "America/New_York");
    let bob_pool = protocol.create_minipool(bob, eth(16), 2).motsu_unwrap();
    assert_eq!(protocol.pool.balance(), pool_after_wale - eth(16));
    assert_eq!(protocol.rate(), uint!(1_000_749_720_328_310_271_U256));
    advance_time(DEFAULT_SCRUB_PERIOD);
    protocol.stake(bob_pool, bob).motsu_unwrap();
    assert_eq!(
        protocol
            .distributor
            .sender(admin)
            .get_staking_minipool_count(),
        U256::from(2)
    );
    // Wale's fee has fully unlocked: the rate is that of 321 ETH.
    assert_eq!(protocol.locked_rewards(), U256::ZERO);
    assert_eq!(protocol.total_eth(), eth(321));
    assert_eq!(protocol.rate(), uint!(1_000_999_190_531_558_011_U256));
    protocol.check_invariants();
    report(
        &protocol,
        "Bob bonds 16 ETH at a 10 % fee and stakes",
        &people,
    );

    // The beacon chain skims 0.1 ETH of rewards to Linus's minipool; a
    // keeper splits it: 35.5 % to Linus (8/32 of it plus 14 % of the rest),
    // 64.5 % to rETH, where it is locked: the rate does not move yet.
    protocol.pay_minipool(linus_pool, eth(1) / U256::from(10));
    let total_before = protocol.total_eth();
    let rate_before = protocol.rate();
    protocol.minipools[linus_pool]
        .sender(keeper)
        .distribute_balance(true)
        .motsu_unwrap();
    let users = uint!(64_500_000_000_000_000_U256);
    protocol.minipools[linus_pool].assert_emitted(&minipool::BalanceDistributed {
        minipool: protocol.minipools[linus_pool].address(),
        nodeAmount: uint!(35_500_000_000_000_000_U256),
        userAmount: users,
    });
    assert_eq!(
        protocol.minipools[linus_pool]
            .sender(admin)
            .get_node_refund_balance(),
        uint!(35_500_000_000_000_000_U256)
    );
    assert_eq!(
        protocol.reth.balance(),
        uint!(160_500_000_000_000_000_U256) + users
    );
    assert_eq!(protocol.locked_rewards(), users);
    assert_eq!(protocol.total_eth(), total_before);
    assert_eq!(protocol.rate(), rate_before);
    protocol.check_invariants();
    let paid = protocol.refund(linus_pool).motsu_unwrap();
    assert_eq!(paid, uint!(35_500_000_000_000_000_U256));
    protocol.check_invariants();
    report(
        &protocol,
        "A 0.1-ETH skim is split; Linus takes his part",
        &people,
    );

    // 1 ETH of execution-layer rewards reaches the smoothing pool: half a
    // slice each; Linus's node keeps 35.5 % of his, Bob's 55 % of his
    // (16/32 plus 10 % of the rest); 0.5475 ETH goes to rETH, locked with
    // the skim's share.
    protocol.pay_smoothing_pool(eth(1));
    protocol
        .distributor
        .sender(keeper)
        .distribute()
        .motsu_unwrap();
    protocol
        .distributor
        .assert_emitted(&rewards_distributor::RewardsDistributed {
            total: eth(1),
            nodeAmount: uint!(452_500_000_000_000_000_U256),
            userAmount: uint!(547_500_000_000_000_000_U256),
        });
    let claimable = |p: &Protocol, node| p.distributor.sender(admin).get_claimable(node);
    assert_eq!(
        claimable(&protocol, linus),
        uint!(177_500_000_000_000_000_U256)
    );
    assert_eq!(
        claimable(&protocol, bob),
        uint!(275_000_000_000_000_000_U256)
    );
    assert_eq!(
        protocol.locked_rewards(),
        uint!(612_000_000_000_000_000_U256)
    );
    assert_eq!(protocol.rate(), rate_before);
    protocol.check_invariants();
    let paid = protocol.claim(linus).motsu_unwrap();
    assert_eq!(paid, uint!(177_500_000_000_000_000_U256));
    protocol.check_invariants();
    report(
        &protocol,
        "1 ETH through the smoothing pool; Linus claims",
        &people,
    );

    // A day later both rewards have unlocked into the rate.
    protocol.unlock_rewards();
    assert_eq!(protocol.locked_rewards(), U256::ZERO);
    assert_eq!(
        protocol.total_eth(),
        uint!(321_612_000_000_000_000_000_U256)
    );
    assert_eq!(protocol.rate(), uint!(1_002_907_637_586_403_225_U256));
    protocol.check_invariants();
    report(&protocol, "A day later the rewards have unlocked", &people);

    // Linus's validator exits with 32.05 ETH. Its arrival changes nothing
    // until the watchers report the exit; then the minipool leaves the
    // smoothing pool and Linus distributes it: his 8-ETH bond plus 35.5 % of
    // the 0.05 ETH reward; the users' 24 ETH plus the rest go to rETH and
    // leave the user-capital ledger, the 0.03225-ETH gain locked.
    protocol.pay_minipool(linus_pool, eth(3205) / U256::from(100));
    assert_eq!(
        protocol.minipools[linus_pool].sender(admin).get_status(),
        minipool::STAKING
    );
    protocol.check_invariants();
    protocol.report_exit(linus_pool);
    assert_eq!(
        protocol
            .distributor
            .sender(admin)
            .get_staking_minipool_count(),
        U256::from(1)
    );
    protocol.minipools[linus_pool]
        .sender(linus)
        .distribute_balance(false)
        .motsu_unwrap();
    let minipool = &protocol.minipools[linus_pool];
    assert_eq!(minipool.sender(admin).get_status(), minipool::WITHDRAWABLE);
    assert!(minipool.sender(admin).get_finalised());
    assert_eq!(
        minipool.sender(admin).get_node_refund_balance(),
        uint!(8_017_750_000_000_000_000_U256)
    );
    assert_eq!(
        protocol.reth.sender(admin).get_total_user_capital(),
        eth(16)
    );
    assert_eq!(
        protocol
            .distributor
            .sender(admin)
            .get_staking_minipool_count(),
        U256::from(1)
    );
    assert_eq!(
        protocol.locked_rewards(),
        uint!(32_250_000_000_000_000_U256)
    );
    assert_eq!(protocol.rate(), uint!(1_002_907_637_586_403_225_U256));
    protocol.check_invariants();
    let paid = protocol.refund(linus_pool).motsu_unwrap();
    assert_eq!(paid, uint!(8_017_750_000_000_000_000_U256));
    protocol.check_invariants();
    report(
        &protocol,
        "Linus exits with 32.05 ETH and takes 8.01775",
        &people,
    );

    // 0.5 ETH more reaches the smoothing pool: Bob's minipool is the only
    // one staking; Linus, who left, gets none of it.
    protocol.pay_smoothing_pool(eth(1) / U256::from(2));
    protocol
        .distributor
        .sender(keeper)
        .distribute()
        .motsu_unwrap();
    assert_eq!(claimable(&protocol, linus), U256::ZERO);
    assert_eq!(
        claimable(&protocol, bob),
        uint!(550_000_000_000_000_000_U256)
    );
    assert_eq!(
        protocol.locked_rewards(),
        uint!(257_250_000_000_000_000_U256)
    );
    protocol.check_invariants();

    // Bob's validator exits with 32.02 ETH; once the watchers reported it, a
    // keeper distributes it for the users without waiting for Bob.
    protocol.pay_minipool(bob_pool, eth(3202) / U256::from(100));
    protocol.report_exit(bob_pool);
    protocol.minipools[bob_pool]
        .sender(keeper)
        .distribute_balance(false)
        .motsu_unwrap();
    assert_eq!(
        protocol.minipools[bob_pool]
            .sender(admin)
            .get_node_refund_balance(),
        uint!(16_011_000_000_000_000_000_U256)
    );
    assert_eq!(
        protocol.locked_rewards(),
        uint!(266_250_000_000_000_000_U256)
    );
    assert_eq!(protocol.rate(), uint!(1_002_907_637_586_403_225_U256));
    assert_eq!(
        protocol.reth.sender(admin).get_total_user_capital(),
        U256::ZERO
    );
    protocol.check_invariants();
    let paid = protocol.refund(bob_pool).motsu_unwrap();
    assert_eq!(paid, uint!(16_011_000_000_000_000_000_U256));
    let paid = protocol.claim(bob).motsu_unwrap();
    assert_eq!(paid, uint!(550_000_000_000_000_000_U256));
    protocol.check_invariants();
    report(
        &protocol,
        "Bob exits with 32.02 ETH; he takes 16.011 and 0.55",
        &people,
    );

    // A day later everything has unlocked.
    protocol.unlock_rewards();
    assert_eq!(protocol.locked_rewards(), U256::ZERO);
    assert_eq!(
        protocol.total_eth(),
        uint!(321_878_250_000_000_000_000_U256)
    );
    assert_eq!(protocol.rate(), uint!(1_003_737_905_606_587_111_U256));
    protocol.check_invariants();

    // Alice and Wale burn all their rETH, each for more ETH than they put
    // in. rETH pays from its own ETH first, then the pool makes up the rest.
    assert_eq!(
        protocol
            .reth
            .sender(admin)
            .get_total_collateral()
            .motsu_unwrap(),
        protocol.total_eth()
    );
    let alice_reth = protocol.reth_of(alice);
    let paid = protocol.burn(alice, alice_reth).motsu_unwrap();
    assert_eq!(paid, uint!(1_003_236_036_653_783_817_U256));
    assert!(paid > eth(1));
    assert_eq!(protocol.pool.balance(), pool_after_wale - eth(16));
    protocol.check_invariants();
    let wale_reth = protocol.reth_of(wale);
    let paid = protocol.burn(wale, wale_reth).motsu_unwrap();
    assert_eq!(paid, uint!(320_875_013_963_346_216_183_U256));
    assert!(paid > eth(320));
    protocol.reth.assert_emitted(&reth_token::TokensBurned {
        from: wale,
        amount: wale_reth,
        ethAmount: paid,
    });
    protocol.check_invariants();
    report(&protocol, "Alice and Wale burn all their rETH", &people);

    // Everyone is out: the protocol's contracts hold no ETH but dust.
    assert_eq!(protocol.supply(), U256::ZERO);
    for held in [
        protocol.pool.balance(),
        protocol.reth.balance(),
        protocol.distributor.balance(),
        protocol.minipools[linus_pool].balance(),
        protocol.minipools[bob_pool].balance(),
    ] {
        assert!(held <= U256::from(3), "dust left: {held}");
    }
}
