//! EIP-2335 keystores: a BLS secret key encrypted under a password, as
//! validator clients import them.
//!
//! The password is normalised as the EIP says (NFKD, then the C0, C1 and
//! Delete control codes removed). The key derivation is scrypt (the
//! default, `n = 2^18, r = 8, p = 1`) or PBKDF2-HMAC-SHA256 (`c = 2^18`);
//! the checksum is SHA-256 of the second half of the derived key and the
//! cipher text; the cipher is AES-128-CTR under the first half.

use aes::cipher::{KeyIvInit, StreamCipher};
use eyre::{bail, eyre, Result, WrapErr};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

type Aes128Ctr = ctr::Ctr128BE<aes::Aes128>;

/// The key derivation function a keystore is encrypted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kdf {
    Scrypt,
    Pbkdf2,
}

/// An EIP-2335 keystore file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keystore {
    pub crypto: Crypto,
    #[serde(default)]
    pub description: String,
    /// The public key, hex without `0x`.
    #[serde(default)]
    pub pubkey: String,
    /// The EIP-2334 path the key was derived at ("" if unknown).
    pub path: String,
    pub uuid: String,
    pub version: u32,
}

/// The keystore's three modules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crypto {
    pub kdf: Module,
    pub checksum: Module,
    pub cipher: Module,
}

/// One module: a function, its parameters and its message (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Module {
    pub function: String,
    pub params: serde_json::Map<String, serde_json::Value>,
    pub message: String,
}

/// scrypt's work factor and PBKDF2's iteration count in new keystores, as
/// the EIP's vectors and the staking deposit CLI use.
const WORK: u32 = 1 << 18;
const SCRYPT_R: u32 = 8;
const SCRYPT_P: u32 = 1;
const DERIVED_KEY_LENGTH: usize = 32;

/// The password as EIP-2335 hashes it: NFKD-normalised, without control
/// codes (U+0000–U+001F, U+007F, U+0080–U+009F), UTF-8 encoded.
pub fn normalise_password(password: &str) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(
        password
            .nfkd()
            .filter(|c| !matches!(*c as u32, 0x00..=0x1f | 0x7f..=0x9f))
            .collect::<String>()
            .into_bytes(),
    )
}

impl Keystore {
    /// Encrypts `secret` under `password` with a fresh salt, IV and UUID.
    ///
    /// # Errors
    /// Never in practice (the fixed KDF parameters are valid).
    pub fn encrypt(
        secret: &[u8],
        password: &str,
        pubkey: &[u8],
        path: &str,
        kdf: Kdf,
    ) -> Result<Self> {
        let mut salt = [0_u8; 32];
        let mut iv = [0_u8; 16];
        rand::thread_rng().fill_bytes(&mut salt);
        rand::thread_rng().fill_bytes(&mut iv);
        let kdf = match kdf {
            Kdf::Scrypt => module(
                "scrypt",
                serde_json::json!({
                    "dklen": DERIVED_KEY_LENGTH, "n": WORK, "r": SCRYPT_R, "p": SCRYPT_P,
                    "salt": hex::encode(salt),
                }),
                String::new(),
            ),
            Kdf::Pbkdf2 => module(
                "pbkdf2",
                serde_json::json!({
                    "dklen": DERIVED_KEY_LENGTH, "c": WORK, "prf": "hmac-sha256",
                    "salt": hex::encode(salt),
                }),
                String::new(),
            ),
        };
        let key = derive_key(&kdf, password)?;
        let mut cipher_text = secret.to_vec();
        Aes128Ctr::new(key[..16].into(), (&iv).into()).apply_keystream(&mut cipher_text);
        Ok(Self {
            crypto: Crypto {
                checksum: module(
                    "sha256",
                    serde_json::json!({}),
                    hex::encode(checksum(&key, &cipher_text)),
                ),
                cipher: module(
                    "aes-128-ctr",
                    serde_json::json!({ "iv": hex::encode(iv) }),
                    hex::encode(&cipher_text),
                ),
                kdf,
            },
            description: String::new(),
            pubkey: hex::encode(pubkey),
            path: path.into(),
            uuid: uuid::Uuid::new_v4().to_string(),
            version: 4,
        })
    }

    /// The secret, if `password` is right.
    ///
    /// # Errors
    /// A wrong password (the checksum differs), a version other than 4, or
    /// a function or parameter this EIP does not define.
    pub fn decrypt(&self, password: &str) -> Result<Zeroizing<Vec<u8>>> {
        if self.version != 4 {
            bail!("keystore version {} is not EIP-2335's 4", self.version);
        }
        let Crypto {
            kdf,
            checksum: sum,
            cipher,
        } = &self.crypto;
        if sum.function != "sha256" {
            bail!("unknown checksum function {:?}", sum.function);
        }
        if cipher.function != "aes-128-ctr" {
            bail!("unknown cipher {:?}", cipher.function);
        }
        let key = derive_key(kdf, password)?;
        let cipher_text = hex_field(&cipher.message, "cipher.message")?;
        if checksum(&key, &cipher_text).as_slice() != hex_field(&sum.message, "checksum.message")? {
            bail!("wrong password (the keystore's checksum does not match)");
        }
        let iv = hex_field(param_str(&cipher.params, "iv")?, "cipher.params.iv")?;
        let iv: [u8; 16] = iv
            .try_into()
            .map_err(|_| eyre!("cipher.params.iv must be 16 bytes"))?;
        let mut secret = Zeroizing::new(cipher_text);
        Aes128Ctr::new(key[..16].into(), (&iv).into()).apply_keystream(&mut secret);
        Ok(secret)
    }
}

fn module(function: &str, params: serde_json::Value, message: String) -> Module {
    Module {
        function: function.into(),
        params: match params {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        },
        message,
    }
}

/// The decryption key the KDF module derives from `password`.
fn derive_key(kdf: &Module, password: &str) -> Result<Zeroizing<[u8; DERIVED_KEY_LENGTH]>> {
    let params = &kdf.params;
    if param_u64(params, "dklen")? != DERIVED_KEY_LENGTH as u64 {
        bail!("kdf dklen must be {DERIVED_KEY_LENGTH}");
    }
    let salt = hex_field(param_str(params, "salt")?, "kdf.params.salt")?;
    let password = normalise_password(password);
    let mut key = Zeroizing::new([0_u8; DERIVED_KEY_LENGTH]);
    match kdf.function.as_str() {
        "scrypt" => {
            let n = param_u64(params, "n")?;
            if !n.is_power_of_two() || n < 2 {
                bail!("scrypt n must be a power of two, not {n}");
            }
            let log_n = u8::try_from(n.trailing_zeros()).wrap_err("scrypt n")?;
            let r = u32::try_from(param_u64(params, "r")?).wrap_err("scrypt r")?;
            let p = u32::try_from(param_u64(params, "p")?).wrap_err("scrypt p")?;
            let scrypt_params = scrypt::Params::new(log_n, r, p, DERIVED_KEY_LENGTH)
                .map_err(|error| eyre!("bad scrypt parameters: {error}"))?;
            scrypt::scrypt(&password, &salt, &scrypt_params, key.as_mut_slice())
                .map_err(|error| eyre!("scrypt failed: {error}"))?;
        }
        "pbkdf2" => {
            if param_str(params, "prf")? != "hmac-sha256" {
                bail!("pbkdf2 prf must be hmac-sha256");
            }
            let rounds = u32::try_from(param_u64(params, "c")?).wrap_err("pbkdf2 c")?;
            pbkdf2::pbkdf2_hmac::<Sha256>(&password, &salt, rounds, key.as_mut_slice());
        }
        other => bail!("unknown key derivation function {other:?}"),
    }
    Ok(key)
}

/// SHA-256 of the second half of the decryption key and the cipher text.
fn checksum(key: &[u8; DERIVED_KEY_LENGTH], cipher_text: &[u8]) -> [u8; 32] {
    Sha256::new()
        .chain_update(&key[16..])
        .chain_update(cipher_text)
        .finalize()
        .into()
}

fn param_u64(params: &serde_json::Map<String, serde_json::Value>, name: &str) -> Result<u64> {
    params
        .get(name)
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| eyre!("keystore parameter {name} is missing or not a number"))
}

fn param_str<'a>(
    params: &'a serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<&'a str> {
    params
        .get(name)
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| eyre!("keystore parameter {name} is missing or not a string"))
}

fn hex_field(text: &str, name: &str) -> Result<Vec<u8>> {
    hex::decode(text.trim_start_matches("0x")).map_err(|_| eyre!("keystore {name} is not hex"))
}
