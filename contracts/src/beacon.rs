//! Beacon-chain deposit data: withdrawal credentials, the SSZ
//! `deposit_data_root`, and the deposit contract's incremental Merkle tree.

use alloy_primitives::{Address, B256, U256};
use sha2::{Digest, Sha256};

use crate::constants::{GWEI, PUBKEY_LENGTH, SIGNATURE_LENGTH};

/// Height of the deposit contract's Merkle tree.
pub const DEPOSIT_TREE_DEPTH: usize = 32;

/// Withdrawal credentials that pay a validator to `minipool`:
/// `0x01 ‖ 11 zero bytes ‖ minipool`.
pub fn withdrawal_credentials(minipool: Address) -> B256 {
    let mut credentials = [0_u8; 32];
    credentials[0] = 0x01;
    credentials[12..].copy_from_slice(minipool.as_slice());
    B256::from(credentials)
}

/// SHA-256 of the concatenation of `parts`.
pub fn sha256(parts: &[&[u8]]) -> B256 {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    B256::from_slice(&hasher.finalize())
}

/// SHA-256 of two Merkle nodes.
pub fn hash_pair(left: &B256, right: &B256) -> B256 {
    sha256(&[left.as_slice(), right.as_slice()])
}

/// A deposit amount in whole gwei, as the beacon chain counts it, or `None`
/// when `wei` is not a whole number of gwei that fits in 64 bits.
pub fn amount_in_gwei(wei: U256) -> Option<u64> {
    let (gwei, rest) = crate::math::div_rem(wei, GWEI)?;
    if !rest.is_zero() {
        return None;
    }
    u64::try_from(gwei).ok()
}

/// The SSZ hash tree root of `DepositData { pubkey, withdrawal_credentials,
/// amount, signature }`; `pubkey` must be 48 bytes and `signature` 96.
pub fn deposit_data_root(
    pubkey: &[u8],
    withdrawal_credentials: &[u8],
    amount_gwei: u64,
    signature: &[u8],
) -> B256 {
    debug_assert_eq!(
        (pubkey.len(), signature.len()),
        (PUBKEY_LENGTH, SIGNATURE_LENGTH)
    );
    let zero = [0_u8; 32];
    let pubkey_root = sha256(&[pubkey, &zero[..16]]);
    let signature_root = hash_pair(
        &sha256(&[&signature[..64]]),
        &sha256(&[&signature[64..], &zero]),
    );
    hash_pair(
        &sha256(&[pubkey_root.as_slice(), withdrawal_credentials]),
        &sha256(&[
            &amount_gwei.to_le_bytes(),
            &zero[..24],
            signature_root.as_slice(),
        ]),
    )
}

/// Roots of empty subtrees: `zero[h]` is the root of an empty tree of height
/// `h`.
pub fn zero_hashes() -> [B256; DEPOSIT_TREE_DEPTH] {
    let mut zero = [B256::ZERO; DEPOSIT_TREE_DEPTH];
    for height in 1..DEPOSIT_TREE_DEPTH {
        let below = zero[height.saturating_sub(1)];
        zero[height] = hash_pair(&below, &below);
    }
    zero
}

/// Inserts `leaf` as deposit number `count` (0-based): returns the height of
/// the branch slot that changes and its new value.
pub fn insert_leaf(branch: impl Fn(usize) -> B256, count: u64, leaf: B256) -> (usize, B256) {
    let mut node = leaf;
    let mut size = count.saturating_add(1);
    for height in 0..DEPOSIT_TREE_DEPTH {
        if size & 1 == 1 {
            return (height, node);
        }
        node = hash_pair(&branch(height), &node);
        size >>= 1;
    }
    // A 2^32-leaf tree is full; the deposit contract refuses that deposit first.
    (DEPOSIT_TREE_DEPTH - 1, node)
}

/// The deposit root of a tree of `count` leaves with the given `branch`,
/// mixed in with the count as the deposit contract does.
pub fn deposit_root(branch: impl Fn(usize) -> B256, count: u64) -> B256 {
    let zero = zero_hashes();
    let mut node = B256::ZERO;
    let mut size = count;
    for (height, zero_hash) in zero.iter().enumerate() {
        node = if size & 1 == 1 {
            hash_pair(&branch(height), &node)
        } else {
            hash_pair(&node, zero_hash)
        };
        size >>= 1;
    }
    sha256(&[node.as_slice(), &count.to_le_bytes(), &[0_u8; 24]])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use alloy_primitives::{address, b256};

    use super::*;

    #[test]
    fn credentials_point_at_the_minipool() {
        let minipool = address!("00000000219ab540356cbb839cbe05303d7705fa");
        assert_eq!(
            withdrawal_credentials(minipool),
            b256!("01000000000000000000000000000000219ab540356cbb839cbe05303d7705fa")
        );
    }

    #[test]
    fn gwei_amounts() {
        assert_eq!(
            amount_in_gwei(U256::from(32_000_000_000_000_000_000_u128)),
            Some(32_000_000_000)
        );
        assert_eq!(amount_in_gwei(U256::from(1_000_000_001_u64)), None);
        assert_eq!(amount_in_gwei(U256::MAX - U256::MAX % GWEI), None);
    }

    #[test]
    fn empty_tree_root_matches_the_deposit_contract() {
        // get_deposit_root() of Ethereum's deposit contract before any deposit.
        assert_eq!(
            deposit_root(|_| B256::ZERO, 0),
            b256!("d70a234731285c6804c2a4f56711ddb8c82c99740f207854891028af34e27e5e")
        );
    }

    #[test]
    fn one_leaf_tree_root_is_leaf_hashed_up_with_zeroes() {
        let leaf = B256::repeat_byte(7);
        let (height, node) = insert_leaf(|_| B256::ZERO, 0, leaf);
        assert_eq!((height, node), (0, leaf));
        let zero = zero_hashes();
        let mut expected = leaf;
        for zero_hash in &zero {
            expected = hash_pair(&expected, zero_hash);
        }
        let expected = sha256(&[expected.as_slice(), &1_u64.to_le_bytes(), &[0; 24]]);
        assert_eq!(
            deposit_root(|h| if h == 0 { leaf } else { B256::ZERO }, 1),
            expected
        );
    }

    #[test]
    fn deposit_data_root_follows_ssz() {
        let pubkey = [0xaa_u8; 48];
        let signature = [0xbb_u8; 96];
        let credentials = withdrawal_credentials(Address::repeat_byte(0xcc));
        let root = deposit_data_root(&pubkey, credentials.as_slice(), 32_000_000_000, &signature);
        // Recomputed field by field as SSZ merkleizes the four-field container.
        let chunk = |bytes: &[u8]| {
            let mut out = [0_u8; 32];
            out[..bytes.len()].copy_from_slice(bytes);
            B256::from(out)
        };
        let pubkey_root = hash_pair(&chunk(&pubkey[..32]), &chunk(&pubkey[32..]));
        let signature_root = hash_pair(
            &hash_pair(&chunk(&signature[..32]), &chunk(&signature[32..64])),
            &hash_pair(&chunk(&signature[64..]), &B256::ZERO),
        );
        let amount = chunk(&32_000_000_000_u64.to_le_bytes());
        let expected = hash_pair(
            &hash_pair(&pubkey_root, &credentials),
            &hash_pair(&amount, &signature_root),
        );
        assert_eq!(root, expected);
        assert_ne!(
            root,
            deposit_data_root(&pubkey, credentials.as_slice(), 1_000_000_000, &signature)
        );
    }
}
