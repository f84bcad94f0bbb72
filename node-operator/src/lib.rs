//! Node operator and watcher software for the staking protocol.
//!
//! - [`keys`]: BIP-39 mnemonics and EIP-2333/2334 validator keys.
//! - [`keystore`]: EIP-2335 keystores for validator clients.
//! - [`deposit`]: withdrawal credentials, deposit signatures and roots, and
//!   the deposit CLI's `deposit_data-*.json`.

pub mod deposit;
pub mod keys;
pub mod keystore;
