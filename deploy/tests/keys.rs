//! Where the signing key comes from, and that it never needs a flag.
#![allow(clippy::unwrap_used)] // fixtures and helpers of tests

use std::path::Path;

use alloy::{primitives::address, signers::local::PrivateKeySigner};
use deploy::keys::{self, KeySource, DEPLOY_VARS};

/// One test, because the sources are read from the process environment.
#[test]
fn keys_come_from_a_keystore_the_environment_or_the_dev_account() {
    let keystore = Path::new("/tmp/key.json");
    assert_eq!(
        keys::source(Some(keystore), true, 1, DEPLOY_VARS).unwrap(),
        KeySource::Keystore(keystore)
    );
    assert_eq!(
        keys::source(None, true, 1, DEPLOY_VARS).unwrap(),
        KeySource::Environment
    );
    assert_eq!(
        keys::source(None, false, 412_346, DEPLOY_VARS).unwrap(),
        KeySource::NitroDevAccount
    );
    let error = keys::source(None, false, 42_161, DEPLOY_VARS)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("--keystore") && error.contains("DEPLOY_PRIVATE_KEY"),
        "{error}"
    );

    // The dev account is the one Arbitrum's documentation funds.
    let dev = keys::load(&KeySource::NitroDevAccount, DEPLOY_VARS).unwrap();
    assert_eq!(
        dev.address(),
        address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E")
    );
    assert_eq!(dev.address(), keys::NITRO_DEV_ACCOUNT);

    // A raw key from the environment, with or without 0x and white space.
    let secret = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    std::env::set_var(DEPLOY_VARS.private_key, format!(" {secret}\n"));
    let from_env = keys::load(&KeySource::Environment, DEPLOY_VARS).unwrap();
    assert_eq!(
        from_env.address(),
        address!("70997970C51812dc3A010C7d01b50e0d17dc79C8")
    );
    std::env::set_var(DEPLOY_VARS.private_key, "not a key");
    let error = keys::load(&KeySource::Environment, DEPLOY_VARS)
        .unwrap_err()
        .to_string();
    assert!(error.contains("DEPLOY_PRIVATE_KEY"), "{error}");
    assert!(
        !error.contains("not a key"),
        "the secret is echoed: {error}"
    );
    std::env::remove_var(DEPLOY_VARS.private_key);

    // An encrypted keystore, its password from the environment.
    let dir = std::env::temp_dir().join(format!("deploy-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (signer, name) =
        PrivateKeySigner::new_keystore(&dir, &mut rand::thread_rng(), "correct horse", None)
            .unwrap();
    let path = dir.join(name);
    std::env::set_var(DEPLOY_VARS.password, "correct horse");
    let loaded = keys::load(&KeySource::Keystore(&path), DEPLOY_VARS).unwrap();
    assert_eq!(loaded.address(), signer.address());
    std::env::set_var(DEPLOY_VARS.password, "wrong");
    let error = format!(
        "{:#}",
        keys::load(&KeySource::Keystore(&path), DEPLOY_VARS).unwrap_err()
    );
    assert!(error.contains("wrong password"), "{error}");
    std::env::remove_var(DEPLOY_VARS.password);
    std::fs::remove_dir_all(dir).unwrap();
}
