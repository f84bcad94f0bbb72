//! Validator keys: BIP-39 mnemonics, and BLS keys derived from them per
//! EIP-2333 (the key tree) and EIP-2334 (the paths).
//!
//! The validator with index `i` signs with the key at `m/12381/3600/i/0/0`;
//! `m/12381/3600/i/0` is its withdrawal key, unused here (a minipool's
//! withdrawal credentials are its address) but derived for tools that check
//! BLS withdrawal credentials.

use bip39::{Language, Mnemonic};
use blst::min_pk::SecretKey;
use eyre::{bail, eyre, Result};
use zeroize::Zeroizing;

/// EIP-2334's purpose and coin type for Ethereum validator keys.
const ETH2_PATH_PREFIX: [u32; 2] = [12_381, 3_600];

/// A new random mnemonic of `words` words (12, 15, 18, 21 or 24).
///
/// # Errors
/// Another word count.
pub fn generate_mnemonic(words: usize) -> Result<Mnemonic> {
    Mnemonic::generate_in(Language::English, words)
        .map_err(|error| eyre!("cannot make a {words}-word mnemonic: {error}"))
}

/// Parses a mnemonic as a person types it: case, surrounding and repeated
/// white space do not matter; the word list and the checksum do.
///
/// # Errors
/// An unknown word, a wrong word count or a bad checksum, saying which.
pub fn parse_mnemonic(phrase: &str) -> Result<Mnemonic> {
    let words = Zeroizing::new(
        phrase
            .split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" "),
    );
    Mnemonic::parse_in_normalized(Language::English, &words)
        .map_err(|error| eyre!("not a valid English BIP-39 mnemonic: {error}"))
}

/// The BIP-39 seed of `mnemonic` with `passphrase` ("" when there is none).
pub fn seed(mnemonic: &Mnemonic, passphrase: &str) -> Zeroizing<[u8; 64]> {
    Zeroizing::new(mnemonic.to_seed(passphrase))
}

/// An EIP-2334 path, `m/` then indices, parsed.
///
/// # Errors
/// Anything else, or an index of 2^32 or more.
pub fn parse_path(path: &str) -> Result<Vec<u32>> {
    let mut parts = path.split('/');
    if parts.next() != Some("m") {
        bail!("{path:?} is not a key path: it must start with m/");
    }
    parts
        .map(|index| {
            index
                .parse()
                .map_err(|_| eyre!("{path:?}: {index:?} is not an index below 2^32"))
        })
        .collect()
}

/// The secret key at `path` in the EIP-2333 tree of `seed`.
///
/// # Errors
/// A seed under 32 bytes (EIP-2333's minimum) or a malformed path.
pub fn derive(seed: &[u8], path: &str) -> Result<SecretKey> {
    let indices = parse_path(path)?;
    let master = SecretKey::derive_master_eip2333(seed)
        .map_err(|_| eyre!("a seed must be at least 32 bytes"))?;
    Ok(indices
        .into_iter()
        .fold(master, |key, index| key.derive_child_eip2333(index)))
}

/// The signing key path of validator `index`.
pub fn signing_path(index: u32) -> String {
    format!("{}/0", withdrawal_path(index))
}

/// The withdrawal key path of validator `index`.
pub fn withdrawal_path(index: u32) -> String {
    let [purpose, coin] = ETH2_PATH_PREFIX;
    format!("m/{purpose}/{coin}/{index}/0")
}

/// A validator's signing key, with its index and public key.
pub struct ValidatorKey {
    pub index: u32,
    pub secret: SecretKey,
    pub pubkey: [u8; 48],
}

impl ValidatorKey {
    /// Validator `index`'s signing key from a BIP-39 seed.
    ///
    /// # Errors
    /// A seed under 32 bytes.
    pub fn from_seed(seed: &[u8], index: u32) -> Result<Self> {
        let secret = derive(seed, &signing_path(index))?;
        let pubkey = secret.sk_to_pk().compress();
        Ok(Self {
            index,
            secret,
            pubkey,
        })
    }

    /// The EIP-2334 path of the key.
    pub fn path(&self) -> String {
        signing_path(self.index)
    }
}
