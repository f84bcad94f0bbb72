//! Errors shared by several contracts, and paying ETH.
#![allow(missing_docs)] // `sol!` items are documented by their doc comments.
#![allow(deprecated)] // stylus-sdk 0.9's `sol_interface!` calls return `call::Error`.

use alloy_primitives::Address;
use alloy_sol_types::sol;

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
    /// A call to `target` reverted with `revertData`, passed on unchanged.
    #[derive(Debug)]
    error ExternalCallFailed(address target, bytes revertData);
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
        revertData: revert_data.into(),
    }
}
