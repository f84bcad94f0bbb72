//! The key and deposit code against published vectors, taken as data
//! (`tests/vectors/*.json`, each naming its source): EIP-2333's test cases,
//! EIP-2335's test keystores, and files the official staking deposit CLI
//! wrote for a known mnemonic.
#![allow(clippy::unwrap_used)] // fixtures and helpers of tests

use std::str::FromStr;

use alloy::primitives::{Address, B256, U256};
use node_operator::{
    deposit::{withdrawal_credentials, Deposit, DepositJson, Network},
    keys::{self, ValidatorKey},
    keystore::{normalise_password, Kdf, Keystore},
};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn vectors(name: &str) -> Value {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap()
}

/// A decimal secret key as 32 big-endian bytes.
fn scalar(decimal: &Value) -> [u8; 32] {
    U256::from_str_radix(text(decimal), 10)
        .unwrap()
        .to_be_bytes()
}

#[test]
fn eip2333_every_test_case_of_the_eip() {
    let vectors = vectors("eip2333.json");
    let cases = vectors["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    for case in cases {
        let seed = hex::decode(text(&case["seed"])).unwrap();
        let master = keys::derive(&seed, "m").unwrap();
        assert_eq!(master.to_bytes(), scalar(&case["master_sk"]));
        let index = case["child_index"].as_u64().unwrap();
        let child = keys::derive(&seed, &format!("m/{index}")).unwrap();
        assert_eq!(child.to_bytes(), scalar(&case["child_sk"]));
    }
    // Case 0's seed is the BIP-39 seed of a known mnemonic and passphrase.
    let origin = &vectors["mnemonic_of_case_0"];
    let mnemonic = keys::parse_mnemonic(text(&origin["mnemonic"])).unwrap();
    let seed = keys::seed(&mnemonic, text(&origin["passphrase"]));
    assert_eq!(hex::encode(*seed), text(&cases[0]["seed"]));
}

#[test]
fn eip2334_paths_and_their_refusals() {
    assert_eq!(keys::signing_path(7), "m/12381/3600/7/0/0");
    assert_eq!(keys::withdrawal_path(7), "m/12381/3600/7/0");
    assert_eq!(
        keys::parse_path("m/12381/3600/0/0/0").unwrap(),
        vec![12381, 3600, 0, 0, 0]
    );
    assert_eq!(keys::parse_path("m").unwrap(), Vec::<u32>::new());
    for bad in ["12381/3600", "m/x", "m/4294967296", "m//1", "n/1"] {
        assert!(keys::parse_path(bad).is_err(), "{bad} was accepted");
    }
    assert!(
        keys::derive(&[0_u8; 31], "m").is_err(),
        "EIP-2333 needs 32 bytes of seed"
    );
}

#[test]
fn mnemonics_parse_as_typed_and_refuse_typos() {
    let typed = "  Test test TEST test test test test test test test test   waste\n";
    let mnemonic = keys::parse_mnemonic(typed).unwrap();
    assert_eq!(
        mnemonic.to_string(),
        "test test test test test test test test test test test waste"
    );
    let error = keys::parse_mnemonic("test test test test test test test test test test test test")
        .unwrap_err()
        .to_string();
    assert!(error.contains("checksum"), "{error}");
    assert!(
        keys::parse_mnemonic("test test test test test test test test test test test wastr")
            .is_err()
    );
    let fresh = keys::generate_mnemonic(24).unwrap();
    assert_eq!(fresh.word_count(), 24);
    assert_eq!(keys::parse_mnemonic(&fresh.to_string()).unwrap(), fresh);
    assert!(keys::generate_mnemonic(13).is_err());
}

#[test]
fn eip2335_test_keystores_decrypt_to_their_secret() {
    let vectors = vectors("eip2335.json");
    let password = text(&vectors["password"]);
    assert_eq!(
        hex::encode(&*normalise_password(password)),
        text(&vectors["encoded_password"])
    );
    let secret = hex::decode(text(&vectors["secret"])).unwrap();
    for keystore in vectors["keystores"].as_array().unwrap() {
        let keystore: Keystore = serde_json::from_value(keystore.clone()).unwrap();
        assert_eq!(*keystore.decrypt(password).unwrap(), secret);
        let key = blst::min_pk::SecretKey::from_bytes(&secret).unwrap();
        assert_eq!(hex::encode(key.sk_to_pk().compress()), keystore.pubkey);
        let error = keystore.decrypt("testpassword").unwrap_err().to_string();
        assert!(error.contains("wrong password"), "{error}");
    }
}

#[test]
fn eip2335_password_normalisation_drops_control_codes_after_nfkd() {
    // NFKD turns the ligature into "fi" and the fullwidth letters into
    // ASCII; C0, Delete and C1 codes go.
    assert_eq!(
        &*normalise_password("\u{fb01}ｘ\u{0}\u{1f}\u{7f}\u{80}\u{9f}y"),
        b"fixy"
    );
    assert_eq!(&*normalise_password("pass word"), b"pass word");
}

#[test]
fn new_keystores_round_trip_with_both_kdfs_and_refuse_tampering() {
    let key = ValidatorKey::from_seed(&[7_u8; 32], 3).unwrap();
    let secret = key.secret.to_bytes();
    for kdf in [Kdf::Scrypt, Kdf::Pbkdf2] {
        let keystore =
            Keystore::encrypt(&secret, "correct horse", &key.pubkey, &key.path(), kdf).unwrap();
        assert_eq!(keystore.version, 4);
        assert_eq!(keystore.path, "m/12381/3600/3/0/0");
        assert_eq!(keystore.pubkey, hex::encode(key.pubkey));
        let json = serde_json::to_string(&keystore).unwrap();
        let read: Keystore = serde_json::from_str(&json).unwrap();
        assert_eq!(*read.decrypt("correct horse").unwrap(), secret);
        assert!(read.decrypt("correct horse ").is_err());
        let mut tampered = read.clone();
        tampered.crypto.cipher.message.replace_range(0..2, "00");
        assert!(tampered.decrypt("correct horse").is_err());
    }
}

fn json_of(entry: &Value) -> DepositJson {
    serde_json::from_value(entry.clone()).unwrap()
}

/// The deposit CLI's BLS withdrawal credentials: `0x00 ‖ sha256(pubkey)[1..]`.
fn bls_credentials(seed: &[u8], index: u32) -> B256 {
    let withdrawal = keys::derive(seed, &keys::withdrawal_path(index)).unwrap();
    let mut credentials: [u8; 32] = Sha256::digest(withdrawal.sk_to_pk().compress()).into();
    credentials[0] = 0;
    B256::from(credentials)
}

#[test]
fn keys_and_deposit_data_equal_the_deposit_clis_for_a_known_mnemonic() {
    let vectors = vectors("deposit_cli.json");
    let mnemonic = keys::parse_mnemonic(text(&vectors["mnemonic"])).unwrap();
    let seed = keys::seed(&mnemonic, "");
    let mut checked = 0;
    for run in vectors["runs"].as_array().unwrap() {
        let first = u32::try_from(run["first_index"].as_u64().unwrap()).unwrap();
        for (offset, entry) in run["deposits"].as_array().unwrap().iter().enumerate() {
            let index = first + u32::try_from(offset).unwrap();
            let expected = json_of(entry);
            let key = ValidatorKey::from_seed(&*seed, index).unwrap();
            assert_eq!(
                hex::encode(key.pubkey),
                expected.pubkey,
                "validator {index}"
            );
            let credentials = match run["withdrawal_address"].as_str() {
                Some(address) => withdrawal_credentials(Address::from_str(address).unwrap()),
                None => bls_credentials(&*seed, index),
            };
            let network: Network = expected.network_name.parse().unwrap();
            let deposit = Deposit::sign(&key, credentials, expected.amount, network);
            let made = deposit.to_json();
            assert_eq!(
                DepositJson {
                    deposit_cli_version: expected.deposit_cli_version.clone(),
                    ..made
                },
                expected,
                "validator {index} on {network}"
            );
            deposit.verify().unwrap();
            Deposit::from_json(&expected).unwrap().verify().unwrap();
            checked += 1;
        }
    }
    assert_eq!(checked, 7);
}

#[test]
fn verification_refuses_a_deposit_changed_in_any_field_or_signed_for_another_network() {
    let vectors = vectors("deposit_cli.json");
    let good = Deposit::from_json(&json_of(&vectors["runs"][0]["deposits"][0])).unwrap();
    good.verify().unwrap();
    let mut amount = good.clone();
    amount.amount_gwei -= 1;
    assert!(amount
        .verify()
        .unwrap_err()
        .to_string()
        .contains("deposit_message_root"));
    let mut root = good.clone();
    root.deposit_data_root = B256::repeat_byte(1);
    assert!(root
        .verify()
        .unwrap_err()
        .to_string()
        .contains("deposit_data_root"));
    // Roots made consistent again, but the signature is for mainnet.
    let key = ValidatorKey::from_seed(&[9_u8; 32], 0).unwrap();
    let mut elsewhere = Deposit::sign(
        &key,
        good.withdrawal_credentials,
        1_000_000_000,
        Network::Mainnet,
    );
    elsewhere.network = Network::Hoodi;
    let error = elsewhere.verify().unwrap_err().to_string();
    assert!(error.contains("does not verify for hoodi"), "{error}");
    let mut other_key = Deposit::sign(
        &key,
        good.withdrawal_credentials,
        1_000_000_000,
        Network::Mainnet,
    );
    other_key.signature = good.signature;
    assert!(other_key.verify().is_err());
}

#[test]
fn deposit_domain_and_signing_root_equal_the_deposit_clis_unit_tests() {
    let ssz = &vectors("deposit_cli.json")["ssz"];
    let network: Network = text(&ssz["fork_version"]).parse().unwrap();
    assert_eq!(network, Network::Devnet([0x12; 4]));
    assert_eq!(
        hex::encode(network.deposit_domain()),
        text(&ssz["deposit_domain"])
    );
    assert_eq!(
        Network::Mainnet.deposit_domain(),
        "0x03000000f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a9"
            .parse::<B256>()
            .unwrap(),
        "mainnet's deposit domain, as every beacon client has it"
    );
    assert!("sepolia-ish".parse::<Network>().is_err());
    assert!("0x1212".parse::<Network>().is_err());
}

#[test]
fn bls_withdrawal_credentials_equal_the_deposit_clis_for_its_mnemonic() {
    let case = &vectors("deposit_cli.json")["bls_withdrawal_credentials"];
    let mnemonic = keys::parse_mnemonic(text(&case["mnemonic"])).unwrap();
    let seed = keys::seed(&mnemonic, "");
    let index = u32::try_from(case["validator_index"].as_u64().unwrap()).unwrap();
    assert_eq!(
        hex::encode(bls_credentials(&*seed, index)),
        text(&case["credentials"])
    );
}
