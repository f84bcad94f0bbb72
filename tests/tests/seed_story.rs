//! The seed story end to end: Alice deposits 1 ETH, Linus registers and
//! bonds 8 ETH, Wale deposits 320 ETH; 24 ETH of the pool is matched to
//! Linus's bond and a 32-ETH validator is deposited with the minipool as its
//! withdrawal address. Exact wei at every step; invariants after each.
//!
//! Run with `--nocapture` to see who holds what after each step.
#![allow(deprecated)]

use alloy_primitives::{uint, Address, U256};
use contracts::{
    beacon::{hash_pair, sha256, withdrawal_credentials, zero_hashes},
    constants::{DEFAULT_SCRUB_PERIOD, PRESTAKE_AMOUNT, STAKE_AMOUNT},
};
use motsu::prelude::*;
use tests::{advance_time, eth, pubkey, root_for, signature, Protocol};

fn report(protocol: &Protocol, step: &str, people: &[(&str, Address)]) {
    println!("\n== {step}");
    for (name, who) in people {
        println!("  {name:<6} rETH {:>28}", protocol.reth_of(*who));
    }
    println!("  deposit pool     {:>28} wei", protocol.pool.balance());
    println!("  beacon deposit   {:>28} wei", protocol.beacon.balance());
    for (i, minipool) in protocol.minipools.iter().enumerate() {
        println!(
            "  minipool #{i}      {:>28} wei (status {})",
            minipool.balance(),
            minipool.sender(protocol.admin).get_status()
        );
    }
    println!("  total ETH        {:>28} wei", protocol.total_eth());
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
fn alice_linus_and_wale_stake_together(
    admin: Address,
    alice: Address,
    linus: Address,
    wale: Address,
) {
    let mut protocol = Protocol::deploy(admin);
    let people = [("Alice", alice), ("Linus", linus), ("Wale", wale)];
    protocol.check_invariants();

    // Alice deposits 1 ETH: 0.05 % fee stays in the pool, 0.9995 rETH at 1:1.
    protocol.deposit(alice, eth(1)).motsu_unwrap();
    assert_eq!(protocol.reth_of(alice), uint!(999_500_000_000_000_000_U256));
    assert_eq!(protocol.pool.balance(), eth(1));
    assert_eq!(protocol.total_eth(), eth(1));
    assert_eq!(protocol.rate(), uint!(1_000_500_250_125_062_531_U256));
    protocol.check_invariants();
    report(&protocol, "Alice deposits 1 ETH", &people);

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
    // 24 ETH and assigns them in the same call.
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
    assert_eq!(protocol.pool.balance(), eth(297));
    assert_eq!(protocol.pool.sender(admin).get_excess_balance(), eth(297));
    assert_eq!(protocol.pool.sender(admin).get_queue_length(), U256::ZERO);
    assert_eq!(
        protocol
            .manager
            .sender(admin)
            .get_total_user_capital()
            .motsu_unwrap(),
        eth(24)
    );
    assert_eq!(protocol.total_eth(), eth(321));
    assert_eq!(protocol.supply(), uint!(320_679_580_000_000_000_000_U256));
    assert_eq!(protocol.rate(), uint!(1_000_999_190_531_558_011_U256));
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

    // After the scrub period Linus stakes the remaining 31 ETH.
    advance_time(DEFAULT_SCRUB_PERIOD);
    protocol.stake(linus_pool, linus).motsu_unwrap();
    let minipool = &protocol.minipools[linus_pool];
    assert_eq!(minipool.sender(admin).get_status(), minipool::STAKING);
    assert_eq!(minipool.balance(), U256::ZERO);
    assert_eq!(protocol.beacon.balance(), eth(32));
    assert_eq!(
        protocol
            .manager
            .sender(admin)
            .get_staking_minipool_count()
            .motsu_unwrap(),
        U256::from(1)
    );
    assert_eq!(protocol.total_eth(), eth(321));
    assert_eq!(protocol.rate(), uint!(1_000_999_190_531_558_011_U256));
    assert_eq!(protocol.pool.sender(admin).get_excess_balance(), eth(297));
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
}
