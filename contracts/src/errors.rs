//! Errors shared by several contracts, and paying ETH.
#![allow(missing_docs)] // `sol!` items are documented by their doc comments.
#![allow(deprecated)] // stylus-sdk 0.9's `sol_interface!` calls return `call::Error`.

use alloy_primitives::Address;

crate::errors! {
    /// `account` is not the admin (or, accepting the admin's role, not the
    /// one proposed): openzeppelin-stylus's error, with its selector.
    error OwnableUnauthorizedAccount(address account);
    /// The first admin given at construction is the zero address.
    error OwnableInvalidOwner(address owner);
    /// A restricted entry point was called by `caller`, which is not the
    /// contract allowed to call it.
    error UnauthorizedCaller(address caller);
    /// The contract's wiring was already set; it can never change.
    error AlreadyWired();
    /// The proxy was initialised already.
    error AlreadyInitialised();
    /// The contract is used before the admin set its wiring.
    error NotWired();
    /// An address that must be set was zero.
    error ZeroAddress();
    /// `account` has no code, where a contract is needed.
    error NotAContract(address account);
    /// A setting was given `value`, outside its bounds `[min, max]`.
    error SettingOutOfBounds(uint256 value, uint256 min, uint256 max);
    /// A money computation overflowed or divided by zero.
    error ArithmeticOverflow();
    /// A validator public key must be 48 bytes; this one has `length`.
    error InvalidPubkeyLength(uint256 length);
    /// There is no ETH to distribute.
    error NothingToDistribute();
    /// A call to `target` reverted with `revertData`, passed on unchanged.
    error ExternalCallFailed(address target, bytes revertData);
    /// Sending `amount` wei to `to` failed.
    error EthTransferFailed(address to, uint256 amount);
}

/// Sends `amount` wei to `to` (nothing when `amount` is zero).
///
/// # Errors
/// [`EthTransferFailed`] if the recipient refuses it.
pub fn send_eth(
    vm: &crate::env::Env,
    to: Address,
    amount: alloy_primitives::U256,
) -> Result<(), EthTransferFailed> {
    if amount.is_zero() {
        return Ok(());
    }
    stylus_sdk::stylus_core::calls::ValueTransfer::transfer_eth(vm, to, amount)
        .map_err(|_| EthTransferFailed { to, amount })
}

/// Turns a failed cross-contract call into [`ExternalCallFailed`], keeping the
/// callee's own revert data so that its typed error reaches the user.
pub fn call_failed(target: Address, error: stylus_sdk::call::Error) -> ExternalCallFailed {
    let revert_data = match error {
        stylus_sdk::call::Error::Revert(data) => data,
        stylus_sdk::call::Error::AbiDecodingFailed(error) => {
            // Never built by the protocol's callers, which decode with
            // `router::Param`; forgotten rather than dropped, so that
            // alloy's decoding error (and the buffers it may hold) brings
            // no drop code into the program.
            core::mem::forget(error);
            alloc::vec::Vec::new()
        }
    };
    ExternalCallFailed {
        target,
        revertData: revert_data,
    }
}

#[cfg(test)]
mod tests {
    use alloc::{string::String, vec, vec::Vec};

    use alloy_primitives::{address, b256, U256};
    use alloy_sol_types::SolError;

    use super::*;

    /// The same errors, declared with `sol!`.
    mod declared {
        alloy_sol_types::sol! {
            error ExternalCallFailed(address target, bytes revertData);
            error SettingOutOfBounds(uint256 value, uint256 min, uint256 max);
            error ZeroAddress();
            error Mixed(uint8 status, bytes32 root, string field, bool flag, bytes data);
        }
    }

    crate::errors! {
        /// Every other type `errors!` takes.
        error Mixed(uint8 status, bytes32 root, string field, bool flag, bytes data);
    }

    /// `written` and `declared` encode alike, and each decodes the other.
    fn same<W: SolError + PartialEq + core::fmt::Debug, D: SolError>(written: &W, declared: &D) {
        assert_eq!(W::SIGNATURE, D::SIGNATURE);
        assert_eq!(W::SELECTOR, D::SELECTOR);
        assert_eq!(written.abi_encode(), declared.abi_encode());
        let decoded = W::abi_decode(&declared.abi_encode(), true);
        assert_eq!(decoded.ok().as_ref(), Some(written));
    }

    #[test]
    fn errors_encode_as_solidity_declares_them() {
        let target = address!("00000000000000000000000000000000000000aa");
        // Empty, shorter than a word, a typed error, and across words.
        for data in [
            vec![],
            vec![0xfe],
            vec![0x12, 0x34, 0x56, 0x78, 9],
            vec![7; 70],
        ] {
            same(
                &ExternalCallFailed {
                    target,
                    revertData: data.clone(),
                },
                &declared::ExternalCallFailed {
                    target,
                    revertData: data.into(),
                },
            );
        }
        let (value, min, max) = (U256::from(3), U256::from(5), U256::MAX);
        same(
            &SettingOutOfBounds { value, min, max },
            &declared::SettingOutOfBounds { value, min, max },
        );
        same(&ZeroAddress {}, &declared::ZeroAddress {});
        let root = b256!("1111111111111111111111111111111111111111111111111111111111111111");
        for field in ["", "pubkey", "a field name longer than one word"] {
            same(
                &Mixed {
                    status: 4,
                    root,
                    field: String::from(field),
                    flag: true,
                    data: vec![1; 33],
                },
                &declared::Mixed {
                    status: 4,
                    root,
                    field: String::from(field),
                    flag: true,
                    data: Vec::from([1; 33]).into(),
                },
            );
        }
    }

    /// An enum of errors, derived as the contracts derive theirs.
    #[derive(crate::SolidityError, Debug)]
    enum Failure {
        Call(ExternalCallFailed),
        Bounds(SettingOutOfBounds),
        Zero(ZeroAddress),
    }

    /// Some of [`Failure`]'s errors, encoded through it.
    #[derive(crate::SolidityError, Debug)]
    #[solidity_error(via = Failure)]
    enum Narrow {
        Zero(ZeroAddress),
    }

    impl From<Narrow> for Failure {
        fn from(error: Narrow) -> Self {
            match error {
                Narrow::Zero(error) => Self::Zero(error),
            }
        }
    }

    #[test]
    fn an_enum_of_errors_reverts_with_the_data_of_the_error_it_holds() {
        let target = address!("00000000000000000000000000000000000000aa");
        let call = ExternalCallFailed {
            target,
            revertData: vec![0xfe; 40],
        };
        let bounds = SettingOutOfBounds {
            value: U256::from(3),
            min: U256::from(5),
            max: U256::MAX,
        };
        assert_eq!(Vec::from(Failure::from(call.clone())), call.abi_encode());
        assert_eq!(
            Vec::from(Failure::from(bounds.clone())),
            bounds.abi_encode()
        );
        assert_eq!(
            Vec::from(Failure::from(ZeroAddress {})),
            ZeroAddress {}.abi_encode()
        );
        assert!(matches!(Failure::from(ZeroAddress {}), Failure::Zero(_)));
        assert_eq!(
            Vec::from(Narrow::from(ZeroAddress {})),
            ZeroAddress {}.abi_encode()
        );
    }
}
