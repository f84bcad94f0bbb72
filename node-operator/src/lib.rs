//! Node operator and watcher software for the staking protocol.
//!
//! - [`keys`]: BIP-39 mnemonics and EIP-2333/2334 validator keys.
//! - [`keystore`]: EIP-2335 keystores for validator clients.
//! - [`deposit`]: withdrawal credentials, deposit signatures and roots, and
//!   the deposit CLI's `deposit_data-*.json`.
//! - [`protocol`]: what a node and its minipools look like on chain.
//! - [`actions`]: every command as the transactions it sends, or a refusal.
//! - [`send`]: estimating, showing, confirming and sending them.
//! - [`watch`]: the watchers' scrub check and loop.
//! - [`report`]: `status` as text.

pub mod actions;
pub mod deposit;
pub mod keys;
pub mod keystore;
pub mod protocol;
pub mod report;
pub mod send;
pub mod watch;
