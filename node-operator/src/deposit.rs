//! Beacon-chain deposit data: the withdrawal credentials of a minipool, the
//! deposit signature over the network's deposit domain, the SSZ roots the
//! beacon deposit contract recomputes, and the staking deposit CLI's
//! `deposit_data-*.json` layout that launchpads and other tools check.

use std::{fmt, str::FromStr};

use alloy::primitives::{Address, B256};
use blst::{min_pk::PublicKey, min_pk::Signature, BLST_ERROR};
use eyre::{bail, ensure, eyre, Result};
use serde::{Deserialize, Serialize};
use tree_hash::TreeHash;
use tree_hash_derive::TreeHash;

use crate::keys::ValidatorKey;

/// The 1-ETH prestake `createMinipool` sends, in gwei.
pub const PRESTAKE_GWEI: u64 = 1_000_000_000;
/// The 31 ETH `stake` sends, in gwei.
pub const STAKE_GWEI: u64 = 31_000_000_000;
/// The proof-of-possession ciphersuite the beacon chain signs with.
pub const SIGNATURE_DST: &[u8] = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
/// The deposit domain type.
const DOMAIN_DEPOSIT: [u8; 4] = [3, 0, 0, 0];
/// The staking deposit CLI release whose file layout these files follow
/// (launchpads check the field).
pub const DEPOSIT_CLI_VERSION: &str = "2.7.0";

/// The beacon network a deposit is signed for: its genesis fork version
/// makes the deposit domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Network {
    Mainnet,
    Holesky,
    Hoodi,
    /// A devnet, by its genesis fork version.
    Devnet([u8; 4]),
}

impl Network {
    /// The genesis fork version.
    pub const fn fork_version(self) -> [u8; 4] {
        match self {
            Self::Mainnet => [0x00, 0x00, 0x00, 0x00],
            Self::Holesky => [0x01, 0x01, 0x70, 0x00],
            Self::Hoodi => [0x10, 0x00, 0x09, 0x10],
            Self::Devnet(version) => version,
        }
    }

    /// The name the deposit CLI writes.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Mainnet => "mainnet",
            Self::Holesky => "holesky",
            Self::Hoodi => "hoodi",
            Self::Devnet(_) => "devnet",
        }
    }

    /// The deposit domain: the domain type, then the first 28 bytes of the
    /// fork data root (genesis validators root zero, as deposits use).
    pub fn deposit_domain(self) -> B256 {
        let fork_data = ForkData {
            current_version: self.fork_version(),
            genesis_validators_root: B256::ZERO,
        };
        let mut domain = [0_u8; 32];
        domain[..4].copy_from_slice(&DOMAIN_DEPOSIT);
        domain[4..].copy_from_slice(&fork_data.tree_hash_root()[..28]);
        B256::from(domain)
    }
}

impl FromStr for Network {
    type Err = eyre::Report;

    fn from_str(text: &str) -> Result<Self> {
        match text.to_ascii_lowercase().as_str() {
            "mainnet" => Ok(Self::Mainnet),
            "holesky" => Ok(Self::Holesky),
            "hoodi" => Ok(Self::Hoodi),
            other => {
                let version = hex::decode(other.trim_start_matches("0x"))
                    .ok()
                    .and_then(|bytes| <[u8; 4]>::try_from(bytes).ok())
                    .ok_or_else(|| {
                        eyre!(
                            "unknown network {text:?}: give mainnet, holesky, hoodi, or a \
                             devnet's genesis fork version as 4 hex bytes (0x10000910)"
                        )
                    })?;
                Ok(Self::Devnet(version))
            }
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Devnet(version) => write!(f, "devnet (fork version 0x{})", hex::encode(version)),
            other => f.write_str(other.name()),
        }
    }
}

#[derive(TreeHash)]
struct ForkData {
    current_version: [u8; 4],
    genesis_validators_root: B256,
}

#[derive(TreeHash)]
struct SigningData {
    object_root: B256,
    domain: B256,
}

#[derive(TreeHash)]
struct DepositMessage {
    pubkey: [u8; 48],
    withdrawal_credentials: B256,
    amount: u64,
}

#[derive(TreeHash)]
struct DepositData {
    pubkey: [u8; 48],
    withdrawal_credentials: B256,
    amount: u64,
    signature: [u8; 96],
}

/// Withdrawal credentials that pay a validator to `address`:
/// `0x01 ‖ 11 zero bytes ‖ address`.
pub fn withdrawal_credentials(address: Address) -> B256 {
    let mut credentials = [0_u8; 32];
    credentials[0] = 0x01;
    credentials[12..].copy_from_slice(address.as_slice());
    B256::from(credentials)
}

/// A signed deposit and its roots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deposit {
    pub pubkey: [u8; 48],
    pub withdrawal_credentials: B256,
    pub amount_gwei: u64,
    pub signature: [u8; 96],
    pub deposit_message_root: B256,
    pub deposit_data_root: B256,
    pub network: Network,
}

impl Deposit {
    /// Signs a deposit of `amount_gwei` to `withdrawal_credentials` with
    /// `key`, for `network`.
    pub fn sign(
        key: &ValidatorKey,
        withdrawal_credentials: B256,
        amount_gwei: u64,
        network: Network,
    ) -> Self {
        let message = DepositMessage {
            pubkey: key.pubkey,
            withdrawal_credentials,
            amount: amount_gwei,
        };
        let deposit_message_root = message.tree_hash_root();
        let signing_root = signing_root(deposit_message_root, network);
        let signature = key
            .secret
            .sign(signing_root.as_slice(), SIGNATURE_DST, &[])
            .compress();
        let deposit_data_root = DepositData {
            pubkey: key.pubkey,
            withdrawal_credentials,
            amount: amount_gwei,
            signature,
        }
        .tree_hash_root();
        Self {
            pubkey: key.pubkey,
            withdrawal_credentials,
            amount_gwei,
            signature,
            deposit_message_root,
            deposit_data_root,
            network,
        }
    }

    /// Checks a deposit as the beacon chain and the launchpad would: both
    /// roots recomputed, and the signature verified against the network's
    /// deposit domain.
    ///
    /// # Errors
    /// Which check failed.
    pub fn verify(&self) -> Result<()> {
        let message_root = DepositMessage {
            pubkey: self.pubkey,
            withdrawal_credentials: self.withdrawal_credentials,
            amount: self.amount_gwei,
        }
        .tree_hash_root();
        ensure!(
            message_root == self.deposit_message_root,
            "deposit_message_root is {}, the data gives {message_root}",
            self.deposit_message_root
        );
        let data_root = DepositData {
            pubkey: self.pubkey,
            withdrawal_credentials: self.withdrawal_credentials,
            amount: self.amount_gwei,
            signature: self.signature,
        }
        .tree_hash_root();
        ensure!(
            data_root == self.deposit_data_root,
            "deposit_data_root is {}, the data gives {data_root}",
            self.deposit_data_root
        );
        let pubkey = PublicKey::key_validate(&self.pubkey)
            .map_err(|error| eyre!("the public key is not a valid BLS key: {error:?}"))?;
        let signature = Signature::sig_validate(&self.signature, true)
            .map_err(|error| eyre!("the signature is not a valid BLS signature: {error:?}"))?;
        let signing_root = signing_root(message_root, self.network);
        match signature.verify(
            true,
            signing_root.as_slice(),
            SIGNATURE_DST,
            &[],
            &pubkey,
            true,
        ) {
            BLST_ERROR::BLST_SUCCESS => Ok(()),
            error => bail!(
                "the signature does not verify for {} ({error:?})",
                self.network
            ),
        }
    }

    /// The entry in a `deposit_data-*.json` file.
    pub fn to_json(&self) -> DepositJson {
        DepositJson {
            pubkey: hex::encode(self.pubkey),
            withdrawal_credentials: hex::encode(self.withdrawal_credentials),
            amount: self.amount_gwei,
            signature: hex::encode(self.signature),
            deposit_message_root: hex::encode(self.deposit_message_root),
            deposit_data_root: hex::encode(self.deposit_data_root),
            fork_version: hex::encode(self.network.fork_version()),
            network_name: self.network.name().into(),
            deposit_cli_version: DEPOSIT_CLI_VERSION.into(),
        }
    }

    /// Reads an entry of a `deposit_data-*.json` file (unchecked: see
    /// [`Deposit::verify`]).
    ///
    /// # Errors
    /// A field that is not hex of the right length, or an unknown network.
    pub fn from_json(json: &DepositJson) -> Result<Self> {
        let fork_version: [u8; 4] = fixed(&json.fork_version, "fork_version")?;
        let network = match json.network_name.parse::<Network>() {
            Ok(network) if network.fork_version() == fork_version => network,
            _ => Network::Devnet(fork_version),
        };
        Ok(Self {
            pubkey: fixed(&json.pubkey, "pubkey")?,
            withdrawal_credentials: B256::from(fixed::<32>(
                &json.withdrawal_credentials,
                "withdrawal_credentials",
            )?),
            amount_gwei: json.amount,
            signature: fixed(&json.signature, "signature")?,
            deposit_message_root: B256::from(fixed::<32>(
                &json.deposit_message_root,
                "deposit_message_root",
            )?),
            deposit_data_root: B256::from(fixed::<32>(
                &json.deposit_data_root,
                "deposit_data_root",
            )?),
            network,
        })
    }
}

/// The root a deposit signature signs: the message root with the domain.
fn signing_root(message_root: B256, network: Network) -> B256 {
    SigningData {
        object_root: message_root,
        domain: network.deposit_domain(),
    }
    .tree_hash_root()
}

fn fixed<const N: usize>(text: &str, name: &str) -> Result<[u8; N]> {
    hex::decode(text.trim_start_matches("0x"))
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| eyre!("{name} must be {N} bytes of hex"))
}

/// One entry of the staking deposit CLI's `deposit_data-*.json` (hex
/// without `0x`, the amount in gwei).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositJson {
    pub pubkey: String,
    pub withdrawal_credentials: String,
    pub amount: u64,
    pub signature: String,
    pub deposit_message_root: String,
    pub deposit_data_root: String,
    pub fork_version: String,
    pub network_name: String,
    pub deposit_cli_version: String,
}
