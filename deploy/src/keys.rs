//! The signing key: from an encrypted keystore file or an environment
//! variable, never from a command-line flag that shell history keeps; on
//! the Nitro dev node, its documented prefunded account by default.

use std::path::Path;

use alloy::{
    primitives::{address, Address},
    signers::local::PrivateKeySigner,
};
use eyre::{bail, Result, WrapErr};

/// The environment variable a raw private key may be given in.
pub const PRIVATE_KEY_VAR: &str = "DEPLOY_PRIVATE_KEY";
/// The environment variable a keystore's password may be given in.
pub const PASSWORD_VAR: &str = "DEPLOY_KEYSTORE_PASSWORD";
/// The Nitro dev node's chain id.
pub const NITRO_DEV_CHAIN_ID: u64 = 412_346;
/// The Nitro dev node's prefunded account (Arbitrum's "run a local dev
/// node" documentation publishes its key).
pub const NITRO_DEV_ACCOUNT: Address = address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");
const NITRO_DEV_KEY: &str = "b6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

/// Where the key comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource<'a> {
    Keystore(&'a Path),
    Environment,
    NitroDevAccount,
}

/// Picks the key source: a keystore if given, else the environment
/// variable if set, else the dev account on the dev chain.
///
/// # Errors
/// When none applies, saying what to do.
pub fn source(keystore: Option<&Path>, env_key_set: bool, chain_id: u64) -> Result<KeySource<'_>> {
    match (keystore, env_key_set) {
        (Some(path), _) => Ok(KeySource::Keystore(path)),
        (None, true) => Ok(KeySource::Environment),
        (None, false) if chain_id == NITRO_DEV_CHAIN_ID => Ok(KeySource::NitroDevAccount),
        (None, false) => bail!(
            "no signing key for chain {chain_id}: pass --keystore FILE (its password in \
             {PASSWORD_VAR} or typed at the prompt) or set {PRIVATE_KEY_VAR}"
        ),
    }
}

/// Loads the signer from `source`.
///
/// # Errors
/// An unreadable keystore, a wrong password or a malformed key.
pub fn load(source: &KeySource<'_>) -> Result<PrivateKeySigner> {
    match source {
        KeySource::Keystore(path) => {
            let password = match std::env::var(PASSWORD_VAR) {
                Ok(password) => password,
                Err(_) => rpassword::prompt_password(format!("password for {}: ", path.display()))
                    .wrap_err("cannot read the keystore password")?,
            };
            PrivateKeySigner::decrypt_keystore(path, password)
                .wrap_err_with(|| format!("cannot decrypt {} (wrong password?)", path.display()))
        }
        KeySource::Environment => std::env::var(PRIVATE_KEY_VAR)
            .unwrap_or_default()
            .trim()
            .parse()
            .wrap_err_with(|| format!("{PRIVATE_KEY_VAR} is not a 32-byte hex private key")),
        KeySource::NitroDevAccount => NITRO_DEV_KEY
            .parse()
            .wrap_err("the dev account key does not parse"),
    }
}
