//! The protocol's clock.
//!
//! Contracts read time through [`now`] so that the unit-test VM, whose block
//! timestamp never moves, can be given a clock that does (feature
//! `test-seams`). A release build reads the block timestamp and nothing else.

/// The current time in seconds, from the block timestamp.
#[cfg(not(feature = "test-seams"))]
pub fn now(block_timestamp: u64) -> u64 {
    block_timestamp
}

/// The current time in seconds: the block timestamp moved on by what the
/// test has advanced this thread's clock.
#[cfg(feature = "test-seams")]
pub fn now(block_timestamp: u64) -> u64 {
    block_timestamp.saturating_add(crate::seams::elapsed())
}
