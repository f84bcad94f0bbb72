//! The deposit data files the contracts' motsu suite feeds to
//! `createMinipool` and `stake` (`tests/fixtures/` at the repository root)
//! are what this CLI makes, and their signatures verify with blst.
#![allow(clippy::unwrap_used)] // fixtures and helpers of tests

use alloy::primitives::address;
use node_operator::{
    deposit::{withdrawal_credentials, Deposit, DepositJson, Network, PRESTAKE_GWEI, STAKE_GWEI},
    keys::{self, ValidatorKey},
};

#[test]
fn the_suites_deposit_data_is_what_the_cli_makes_and_verifies() {
    let mnemonic =
        keys::parse_mnemonic("test test test test test test test test test test test waste")
            .unwrap();
    let key = ValidatorKey::from_seed(&*keys::seed(&mnemonic, ""), 0).unwrap();
    let minipool = address!("4d696e69706f6f6c000000000000000000000001");
    for (name, gwei) in [("prestake", PRESTAKE_GWEI), ("stake", STAKE_GWEI)] {
        let path = format!(
            "{}/../tests/fixtures/deposit_data-{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let file: Vec<DepositJson> =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let made = Deposit::sign(
            &key,
            withdrawal_credentials(minipool),
            gwei,
            Network::Mainnet,
        );
        assert_eq!(file, vec![made.to_json()], "{name}");
        Deposit::from_json(&file[0]).unwrap().verify().unwrap();
    }
}
