//! Shared code of the staking protocol's contracts.
//!
//! Every contract crate talks to the others through the interfaces in
//! [`interfaces`], and shares the constants, errors and pure math here. This
//! crate has no entrypoint, so any contract crate can depend on it.
#![cfg_attr(not(any(feature = "test-seams", feature = "export-abi")), no_std)]

extern crate alloc;
// `#[public]`'s router names this crate as `::contracts`, also from inside it.
extern crate self as contracts;

pub mod abi;
pub mod admin;
pub mod beacon;
pub mod clone;
pub mod constants;
pub mod env;
pub mod errors;
pub mod events;
pub mod interfaces;
pub mod math;
pub mod router;
pub mod time;

pub use contracts_macros::{errors, event_emitter, public, sol_interface, SolidityError};

#[cfg(feature = "test-seams")]
pub mod seams;
