//! Deposit data the node operator CLI made is accepted as it is. The files
//! in `tests/fixtures/` were written by
//! `node-operator deposit-data --minipool 0x4d696e69706f6f6c000000000000000000000001
//! --index 0 --amount prestake|stake` for the mnemonic "test test test test
//! test test test test test test test waste"; the CLI's own tests check that
//! they are still what it makes and that the signatures verify with blst.
//! Here the beacon deposit contract recomputes both roots inside
//! `createMinipool` and `stake`, for a minipool created at that address.

use alloy_primitives::{address, hex, Address, B256, U256};
use contracts::{
    beacon::withdrawal_credentials,
    constants::{DEFAULT_SCRUB_PERIOD, PRESTAKE_AMOUNT, STAKE_AMOUNT},
};
use minipool::{Minipool, PRELAUNCH, STAKING};
use motsu::prelude::*;
use tests::{advance_time, eth, DepositData, Protocol};

/// The minipool address the fixtures pay.
const MINIPOOL: Address = address!("4d696e69706f6f6c000000000000000000000001");

/// The one entry of a `deposit_data-*.json` fixture, with its amount in wei
/// and withdrawal credentials.
fn fixture(name: &str) -> (DepositData, U256, B256) {
    let path = format!(
        "{}/fixtures/deposit_data-{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let entry = &file[0];
    let field = |name: &str| hex::decode(entry[name].as_str().unwrap()).unwrap();
    let data = DepositData {
        pubkey: field("pubkey"),
        signature: field("signature"),
        root: B256::from_slice(&field("deposit_data_root")),
    };
    let amount = U256::from(entry["amount"].as_u64().unwrap()) * U256::from(1_000_000_000_u64);
    (
        data,
        amount,
        B256::from_slice(&field("withdrawal_credentials")),
    )
}

#[motsu::test]
fn deposit_data_made_by_the_cli_is_accepted_by_create_minipool_and_stake(
    admin: Address,
    linus: Address,
    wale: Address,
) {
    let (prestake, prestake_amount, credentials) = fixture("prestake");
    let (stake, stake_amount, stake_credentials) = fixture("stake");
    assert_eq!(
        (prestake_amount, stake_amount),
        (PRESTAKE_AMOUNT, STAKE_AMOUNT)
    );
    assert_eq!(credentials, withdrawal_credentials(MINIPOOL));
    assert_eq!(stake_credentials, credentials);
    assert_eq!(stake.pubkey, prestake.pubkey);

    let mut protocol = Protocol::deploy(admin);
    protocol.deposit(wale, eth(25)).motsu_unwrap();
    protocol.register(linus, "Europe/Berlin");
    // A root that is one bit off is refused by the beacon deposit contract.
    let tampered = DepositData {
        root: B256::from(U256::from_be_bytes(prestake.root.0) ^ U256::from(1)),
        pubkey: prestake.pubkey.clone(),
        signature: prestake.signature.clone(),
    };
    let before = protocol.snapshot();
    assert!(protocol
        .create_minipool_at(
            linus,
            eth(8),
            Contract::<Minipool>::new_at(MINIPOOL),
            &tampered,
            U256::ZERO
        )
        .is_err());
    assert_eq!(protocol.snapshot(), before);

    let index = protocol
        .create_minipool_at(
            linus,
            eth(8),
            Contract::<Minipool>::new_at(MINIPOOL),
            &prestake,
            U256::ZERO,
        )
        .motsu_unwrap();
    protocol.check_invariants();
    let minipool = &protocol.minipools[index];
    assert_eq!(minipool.sender(linus).get_status(), PRELAUNCH);
    assert_eq!(
        minipool.sender(linus).get_validator_pubkey().to_vec(),
        prestake.pubkey
    );
    assert_eq!(protocol.beacon.balance(), PRESTAKE_AMOUNT);

    advance_time(DEFAULT_SCRUB_PERIOD);
    // The prestake's data is not the stake's: its root is for 1 ETH.
    assert!(minipool
        .sender(linus)
        .stake(prestake.signature.clone().into(), prestake.root)
        .motsu_res()
        .is_err());
    minipool
        .sender(linus)
        .stake(stake.signature.into(), stake.root)
        .motsu_unwrap();
    assert_eq!(minipool.sender(linus).get_status(), STAKING);
    assert_eq!(protocol.beacon.balance(), eth(32));
    protocol.check_invariants();
}
