//! Ethereum's beacon deposit contract, for chains that have none (devnets
//! and tests).
//!
//! It behaves as the official contract does: it checks the lengths of the
//! public key (48), withdrawal credentials (32) and signature (96), that the
//! amount is at least 1 ETH and a whole number of gwei, recomputes the
//! `deposit_data_root` (SSZ, SHA-256) and refuses a mismatch, keeps the
//! incremental Merkle root of all deposits and logs `DepositEvent`. Like the
//! official one it does not verify BLS signatures. The ETH stays here.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
// The SDK's entrypoint adds undocumented functions to wasm and export-abi builds.
#![cfg_attr(
    any(target_arch = "wasm32", feature = "export-abi"),
    allow(missing_docs)
)]
extern crate alloc;

use alloc::{vec, vec::Vec};

use alloy_primitives::{B256, U256, U64};
use contracts::{
    beacon::{self, DEPOSIT_TREE_DEPTH},
    constants::{ETHER, PUBKEY_LENGTH, SIGNATURE_LENGTH, WITHDRAWAL_CREDENTIALS_LENGTH},
    env::EnvAccess,
    events::bytes_field,
};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageArray, StorageB256, StorageU64},
};

contracts::events! {
    /// A deposit was made; amount and index are little-endian 64-bit.
    #[allow(missing_docs)]
    event DepositEvent(bytes pubkey, bytes withdrawal_credentials, bytes amount, bytes signature, bytes index);
}

contracts::errors! {
    /// A field of the deposit has the wrong length.
    error InvalidLength(string field, uint256 length);
    /// The deposit is below 1 ETH.
    error DepositValueTooLow(uint256 value);
    /// The deposit is not a whole number of gwei, or too large to count.
    error DepositValueNotGwei(uint256 value);
    /// The deposit data root given does not match the deposit.
    error DepositDataRootMismatch(bytes32 given, bytes32 computed);
    /// The Merkle tree holds 2^32 − 1 deposits and takes no more.
    error MerkleTreeFull();
}

/// What went wrong with a deposit.
#[derive(contracts::SolidityError, Debug)]
pub enum Error {
    /// A field has the wrong length.
    InvalidLength(InvalidLength),
    /// Less than 1 ETH.
    DepositValueTooLow(DepositValueTooLow),
    /// Not a whole number of gwei.
    DepositValueNotGwei(DepositValueNotGwei),
    /// The root does not match the deposit.
    DepositDataRootMismatch(DepositDataRootMismatch),
    /// The tree is full.
    MerkleTreeFull(MerkleTreeFull),
}

/// State of the deposit contract.
#[entrypoint]
#[storage]
pub struct BeaconDeposit {
    /// The left siblings on the path of the next leaf, one per height.
    branch: StorageArray<StorageB256, DEPOSIT_TREE_DEPTH>,
    /// How many deposits were made.
    deposit_count: StorageU64,
}

#[contracts::public]
impl BeaconDeposit {
    /// Deposits `msg.value` for the validator `pubkey`.
    ///
    /// # Errors
    /// [`InvalidLength`], [`DepositValueTooLow`], [`DepositValueNotGwei`],
    /// [`DepositDataRootMismatch`], [`MerkleTreeFull`].
    ///
    /// # Events
    /// [`DepositEvent`].
    #[payable]
    pub fn deposit(
        &mut self,
        pubkey: Bytes,
        withdrawal_credentials: Bytes,
        signature: Bytes,
        deposit_data_root: B256,
    ) -> Result<(), Error> {
        check_length("pubkey", &pubkey, PUBKEY_LENGTH)?;
        check_length(
            "withdrawal_credentials",
            &withdrawal_credentials,
            WITHDRAWAL_CREDENTIALS_LENGTH,
        )?;
        check_length("signature", &signature, SIGNATURE_LENGTH)?;
        let value = self.env().msg_value();
        if value < ETHER {
            return Err(DepositValueTooLow { value }.into());
        }
        let amount = beacon::amount_in_gwei(value).ok_or(DepositValueNotGwei { value })?;
        let computed =
            beacon::deposit_data_root(&pubkey, &withdrawal_credentials, amount, &signature);
        if computed != deposit_data_root {
            return Err(DepositDataRootMismatch {
                given: deposit_data_root,
                computed,
            }
            .into());
        }
        let index: u64 = self.deposit_count.get().to();
        let count = index
            .checked_add(1)
            .filter(|&c| c < u64::from(u32::MAX))
            .ok_or(MerkleTreeFull {})?;
        DepositEvent {
            pubkey: bytes_field(pubkey.0),
            withdrawal_credentials: bytes_field(withdrawal_credentials.0),
            amount: bytes_field(amount.to_le_bytes().to_vec()),
            signature: bytes_field(signature.0),
            index: bytes_field(index.to_le_bytes().to_vec()),
        }
        .emit(self.env());
        let (height, node) = beacon::insert_leaf(|h| self.branch_at(h), index, computed);
        if let Some(mut slot) = self.branch.setter(height) {
            slot.set(node);
        }
        self.deposit_count.set(U64::from(count));
        Ok(())
    }

    /// The Merkle root of all deposits, mixed in with their count.
    #[selector(name = "get_deposit_root")]
    pub fn get_deposit_root(&self) -> B256 {
        beacon::deposit_root(|h| self.branch_at(h), self.deposit_count.get().to())
    }

    /// How many deposits were made, as 8 little-endian bytes.
    #[selector(name = "get_deposit_count")]
    pub fn get_deposit_count(&self) -> Bytes {
        self.deposit_count
            .get()
            .to::<u64>()
            .to_le_bytes()
            .to_vec()
            .into()
    }
}

impl BeaconDeposit {
    fn branch_at(&self, height: usize) -> B256 {
        self.branch.get(height).unwrap_or_default()
    }
}

fn check_length(field: &str, bytes: &[u8], expected: usize) -> Result<(), InvalidLength> {
    if bytes.len() == expected {
        Ok(())
    } else {
        Err(InvalidLength {
            field: field.into(),
            length: U256::from(bytes.len()),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::arithmetic_side_effects, deprecated)]
mod tests {
    use alloy_primitives::{uint, Address};
    use alloy_sol_types::SolEvent;
    use contracts::beacon::{hash_pair, sha256, withdrawal_credentials, zero_hashes};
    use motsu::prelude::*;

    use super::*;

    const PUBKEY: [u8; 48] = [0x11; 48];
    const SIGNATURE: [u8; 96] = [0x22; 96];

    fn deposit_of(
        beacon: &Contract<BeaconDeposit>,
        from: Address,
        value: U256,
        pubkey: &[u8],
    ) -> Result<(), Error> {
        let credentials = withdrawal_credentials(Address::repeat_byte(0x33));
        let gwei = u64::try_from(value / U256::from(1_000_000_000_u64)).unwrap();
        let root = beacon::deposit_data_root(pubkey, credentials.as_slice(), gwei, &SIGNATURE);
        beacon
            .sender_and_value(from, value)
            .deposit(
                pubkey.to_vec().into(),
                credentials.to_vec().into(),
                SIGNATURE.to_vec().into(),
                root,
            )
            .motsu_res()
    }

    /// The root of `leaves` computed naively, level by level.
    fn naive_root(leaves: &[B256]) -> B256 {
        let zero = zero_hashes();
        let mut level = leaves.to_vec();
        for zero_hash in &zero {
            if level.len() % 2 == 1 {
                level.push(*zero_hash);
            }
            level = level
                .chunks(2)
                .map(|pair| hash_pair(&pair[0], &pair[1]))
                .collect();
        }
        let count = u64::try_from(leaves.len()).unwrap();
        sha256(&[level[0].as_slice(), &count.to_le_bytes(), &[0; 24]])
    }

    #[motsu::test]
    fn deposit_keeps_the_merkle_root_and_count(beacon: Contract<BeaconDeposit>, alice: Address) {
        alice.fund(uint!(100_000000000000000000_U256));
        let credentials = withdrawal_credentials(Address::repeat_byte(0x33));
        let mut leaves = Vec::new();
        for (i, eth) in [1_u64, 31, 32, 7, 2].into_iter().enumerate() {
            let mut pubkey = PUBKEY;
            pubkey[0] = u8::try_from(i).unwrap();
            let value = U256::from(eth) * ETHER;
            deposit_of(&beacon, alice, value, &pubkey).unwrap();
            leaves.push(beacon::deposit_data_root(
                &pubkey,
                credentials.as_slice(),
                eth * 1_000_000_000,
                &SIGNATURE,
            ));
            assert_eq!(beacon.sender(alice).get_deposit_root(), naive_root(&leaves));
            assert_eq!(
                beacon.sender(alice).get_deposit_count().to_vec(),
                (i as u64 + 1).to_le_bytes().to_vec()
            );
            beacon.assert_emitted(&DepositEvent {
                pubkey: pubkey.to_vec().into(),
                withdrawal_credentials: credentials.to_vec().into(),
                amount: (eth * 1_000_000_000).to_le_bytes().to_vec().into(),
                signature: SIGNATURE.to_vec().into(),
                index: (i as u64).to_le_bytes().to_vec().into(),
            });
        }
        assert_eq!(beacon.balance(), U256::from(73) * ETHER);
        assert_eq!(
            DepositEvent::SIGNATURE,
            "DepositEvent(bytes,bytes,bytes,bytes,bytes)"
        );
    }

    #[motsu::test]
    fn deposit_reverts_on_bad_input_and_changes_nothing(
        beacon: Contract<BeaconDeposit>,
        alice: Address,
    ) {
        alice.fund(uint!(100_000000000000000000_U256));
        let root_before = beacon.sender(alice).get_deposit_root();
        let credentials = withdrawal_credentials(Address::repeat_byte(0x33)).to_vec();
        let good_root =
            beacon::deposit_data_root(&PUBKEY, &credentials, 32_000_000_000, &SIGNATURE);
        let call =
            |value: U256, pubkey: &[u8], credentials: &[u8], signature: &[u8], root: B256| {
                beacon
                    .sender_and_value(alice, value)
                    .deposit(
                        pubkey.to_vec().into(),
                        credentials.to_vec().into(),
                        signature.to_vec().into(),
                        root,
                    )
                    .motsu_unwrap_err()
            };
        let thirty_two = U256::from(32) * ETHER;
        assert!(
            matches!(call(thirty_two, &PUBKEY[..47], &credentials, &SIGNATURE, good_root),
            Error::InvalidLength(InvalidLength { length, .. }) if length == U256::from(47))
        );
        assert!(matches!(
            call(
                thirty_two,
                &PUBKEY,
                &credentials[..31],
                &SIGNATURE,
                good_root
            ),
            Error::InvalidLength(_)
        ));
        assert!(matches!(
            call(
                thirty_two,
                &PUBKEY,
                &credentials,
                &SIGNATURE[..95],
                good_root
            ),
            Error::InvalidLength(_)
        ));
        assert!(matches!(
            call(
                ETHER - U256::from(1_000_000_000),
                &PUBKEY,
                &credentials,
                &SIGNATURE,
                good_root
            ),
            Error::DepositValueTooLow(_)
        ));
        assert!(matches!(
            call(
                thirty_two + U256::from(1),
                &PUBKEY,
                &credentials,
                &SIGNATURE,
                good_root
            ),
            Error::DepositValueNotGwei(_)
        ));
        assert!(
            matches!(call(thirty_two, &PUBKEY, &credentials, &SIGNATURE, B256::repeat_byte(1)),
            Error::DepositDataRootMismatch(DepositDataRootMismatch { computed, .. }) if computed == good_root)
        );
        assert_eq!(beacon.sender(alice).get_deposit_root(), root_before);
        assert_eq!(
            beacon.sender(alice).get_deposit_count().to_vec(),
            0_u64.to_le_bytes().to_vec()
        );
        assert_eq!(beacon.balance(), U256::ZERO);
        assert_eq!(alice.balance(), uint!(100_000000000000000000_U256));
    }
}
