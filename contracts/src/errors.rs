//! Errors shared by several contracts, and paying ETH.
#![allow(missing_docs)] // `sol!` items are documented by their doc comments.
#![allow(deprecated)] // stylus-sdk 0.9's `sol_interface!` calls return `call::Error`.

use alloc::vec::Vec;

use alloy_primitives::{Address, Bytes};
use alloy_sol_types::{sol, sol_data, SolError, SolType};
use stylus_sdk::keccak_const::Keccak256;

sol! {
    /// `account` is not the admin (or, accepting the admin's role, not the
    /// one proposed): openzeppelin-stylus's error, with its selector.
    #[derive(Debug)]
    error OwnableUnauthorizedAccount(address account);
    /// The first admin given at construction is the zero address.
    #[derive(Debug)]
    error OwnableInvalidOwner(address owner);
    /// A restricted entry point was called by `caller`, which is not the
    /// contract allowed to call it.
    #[derive(Debug)]
    error UnauthorizedCaller(address caller);
    /// The contract's wiring was already set; it can never change.
    #[derive(Debug)]
    error AlreadyWired();
    /// The proxy was initialised already.
    #[derive(Debug)]
    error AlreadyInitialised();
    /// The contract is used before the admin set its wiring.
    #[derive(Debug)]
    error NotWired();
    /// An address that must be set was zero.
    #[derive(Debug)]
    error ZeroAddress();
    /// `account` has no code, where a contract is needed.
    #[derive(Debug)]
    error NotAContract(address account);
    /// A setting was given `value`, outside its bounds `[min, max]`.
    #[derive(Debug)]
    error SettingOutOfBounds(uint256 value, uint256 min, uint256 max);
    /// A money computation overflowed or divided by zero.
    #[derive(Debug)]
    error ArithmeticOverflow();
    /// A validator public key must be 48 bytes; this one has `length`.
    #[derive(Debug)]
    error InvalidPubkeyLength(uint256 length);
    /// There is no ETH to distribute.
    #[derive(Debug)]
    error NothingToDistribute();
    /// Sending `amount` wei to `to` failed.
    #[derive(Debug)]
    error EthTransferFailed(address to, uint256 amount);
}

/// A call to `target` reverted with `revertData`, passed on unchanged:
/// Solidity's `error ExternalCallFailed(address target, bytes revertData)`.
///
/// Written out rather than declared with `sol!`, which would hold the data
/// as alloy's `Bytes`: building one links the `bytes` crate's shared-buffer
/// code (about 900 compressed bytes) into every contract that reports a
/// failed call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(non_snake_case)] // The Solidity parameter's name, as `sol!` would keep it.
pub struct ExternalCallFailed {
    /// The contract called.
    pub target: Address,
    /// What it reverted with.
    pub revertData: Vec<u8>,
}

impl SolError for ExternalCallFailed {
    type Parameters<'a> = (sol_data::Address, sol_data::Bytes);
    type Token<'a> = <Self::Parameters<'a> as SolType>::Token<'a>;

    const SIGNATURE: &'static str = "ExternalCallFailed(address,bytes)";
    const SELECTOR: [u8; 4] = {
        let hash = Keccak256::new()
            .update(Self::SIGNATURE.as_bytes())
            .finalize();
        [hash[0], hash[1], hash[2], hash[3]]
    };

    fn new((target, revert_data): (Address, Bytes)) -> Self {
        Self {
            target,
            revertData: revert_data.to_vec(),
        }
    }

    fn tokenize(&self) -> Self::Token<'_> {
        (
            sol_data::Address::tokenize(&self.target),
            sol_data::Bytes::tokenize(&self.revertData),
        )
    }
}

/// Sends `amount` wei to `to` (nothing when `amount` is zero).
///
/// # Errors
/// [`EthTransferFailed`] if the recipient refuses it.
pub fn send_eth(
    vm: &dyn stylus_sdk::stylus_core::Host,
    to: Address,
    amount: alloy_primitives::U256,
) -> Result<(), EthTransferFailed> {
    if amount.is_zero() {
        return Ok(());
    }
    vm.transfer_eth(to, amount)
        .map_err(|_| EthTransferFailed { to, amount })
}

/// Turns a failed cross-contract call into [`ExternalCallFailed`], keeping the
/// callee's own revert data so that its typed error reaches the user.
pub fn call_failed(target: Address, error: stylus_sdk::call::Error) -> ExternalCallFailed {
    let revert_data = match error {
        stylus_sdk::call::Error::Revert(data) => data,
        stylus_sdk::call::Error::AbiDecodingFailed(_) => alloc::vec::Vec::new(),
    };
    ExternalCallFailed {
        target,
        revertData: revert_data,
    }
}

#[cfg(test)]
mod tests {
    use alloc::vec;

    use alloy_primitives::address;

    use super::*;

    mod declared {
        alloy_sol_types::sol! {
            error ExternalCallFailed(address target, bytes revertData);
        }
    }

    #[test]
    fn external_call_failed_encodes_as_solidity_declares_it() {
        let target = address!("00000000000000000000000000000000000000aa");
        // Empty, shorter than a word, a typed error, and across words.
        for data in [
            vec![],
            vec![0xfe],
            vec![0x12, 0x34, 0x56, 0x78, 9],
            vec![7; 70],
        ] {
            let written = ExternalCallFailed {
                target,
                revertData: data.clone(),
            };
            let declared = declared::ExternalCallFailed {
                target,
                revertData: data.clone().into(),
            };
            assert_eq!(written.abi_encode(), declared.abi_encode());
            let decoded = ExternalCallFailed::abi_decode(&declared.abi_encode(), true);
            assert_eq!(decoded.ok(), Some(written));
        }
        assert_eq!(
            ExternalCallFailed::SELECTOR,
            declared::ExternalCallFailed::SELECTOR
        );
    }
}
