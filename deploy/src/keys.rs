//! The signing key: from an encrypted keystore file or an environment
//! variable, never from a command-line flag that shell history keeps; on
//! the Nitro dev node, its documented prefunded account by default.

use std::path::Path;

use alloy::{
    primitives::{address, Address},
    signers::local::PrivateKeySigner,
};
use eyre::{bail, Result, WrapErr};

use crate::chain::Chain;

/// The environment variables a tool takes a raw private key and a
/// keystore's password from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyVars {
    pub private_key: &'static str,
    pub password: &'static str,
}

/// The deploy tool's.
pub const DEPLOY_VARS: KeyVars = KeyVars {
    private_key: "DEPLOY_PRIVATE_KEY",
    password: "DEPLOY_KEYSTORE_PASSWORD",
};
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
pub fn source(
    keystore: Option<&Path>,
    env_key_set: bool,
    chain_id: u64,
    vars: KeyVars,
) -> Result<KeySource<'_>> {
    match (keystore, env_key_set) {
        (Some(path), _) => Ok(KeySource::Keystore(path)),
        (None, true) => Ok(KeySource::Environment),
        (None, false) if chain_id == NITRO_DEV_CHAIN_ID => Ok(KeySource::NitroDevAccount),
        (None, false) => bail!(
            "no signing key for chain {chain_id}: pass --keystore FILE (its password in \
             {} or typed at the prompt) or set {}",
            vars.password,
            vars.private_key
        ),
    }
}

/// Loads the signer from `source`.
///
/// # Errors
/// An unreadable keystore, a wrong password or a malformed key.
pub fn load(source: &KeySource<'_>, vars: KeyVars) -> Result<PrivateKeySigner> {
    match source {
        KeySource::Keystore(path) => {
            let password = match std::env::var(vars.password) {
                Ok(password) => password,
                Err(_) => rpassword::prompt_password(format!("password for {}: ", path.display()))
                    .wrap_err("cannot read the keystore password")?,
            };
            PrivateKeySigner::decrypt_keystore(path, password)
                .wrap_err_with(|| format!("cannot decrypt {} (wrong password?)", path.display()))
        }
        KeySource::Environment => std::env::var(vars.private_key)
            .unwrap_or_default()
            .trim()
            .parse()
            .wrap_err_with(|| format!("{} is not a 32-byte hex private key", vars.private_key)),
        KeySource::NitroDevAccount => NITRO_DEV_KEY
            .parse()
            .wrap_err("the dev account key does not parse"),
    }
}

/// Connects to `rpc_url` with the signing key (see [`source`]), saying so
/// when it is the dev node's account.
///
/// # Errors
/// No answer from the node, no key for the chain, or a key that does not
/// load.
pub async fn connect_signer(
    rpc_url: &str,
    keystore: Option<&Path>,
    max_fee: Option<u128>,
    vars: KeyVars,
) -> Result<Chain> {
    let probe = Chain::connect(rpc_url, None, Address::ZERO, max_fee).await?;
    let env_key_set = std::env::var_os(vars.private_key).is_some();
    let source = source(keystore, env_key_set, probe.chain_id, vars)?;
    let signer = load(&source, vars)?;
    let from = signer.address();
    if source == KeySource::NitroDevAccount {
        eprintln!("using the Nitro dev node's prefunded account {from}");
    }
    Chain::connect(rpc_url, Some(signer), from, max_fee).await
}
