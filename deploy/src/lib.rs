//! Building, checking and deploying the suite on a Stylus chain.
//!
//! - [`build`]: the release build Nitro activates, defined once.
//! - [`nitro`]: Nitro's activation rules, checked offline.
//! - [`code`]: a wasm turned into contract code and init code.
//! - [`suite`]: the contracts, their constructors, addresses and wiring.
//! - [`sizes`]: the README's table of sizes and start gas.
//! - [`deployments`]: the `deployments/<chain-id>.json` record.
//! - [`plan`]: what a run still has to send, so re-runs resume.
//! - [`chain`], [`run`], [`status`]: the chain side.
//! - [`abi`]: the published interfaces and revert decoding.

pub mod abi;
pub mod build;
pub mod chain;
pub mod code;
pub mod deployments;
pub mod keys;
pub mod nitro;
pub mod plan;
pub mod run;
pub mod sizes;
pub mod status;
pub mod suite;
