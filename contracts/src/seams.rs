//! Test-only stand-ins for what motsu does not model (feature `test-seams`).
//!
//! Each test runs on its own thread, so the state here is thread-local.

use std::cell::{Cell, RefCell};

use alloy_primitives::Address;

thread_local! {
    static ELAPSED: Cell<u64> = const { Cell::new(0) };
    static NEXT_MINIPOOLS: RefCell<Vec<Address>> = const { RefCell::new(Vec::new()) };
}

/// Seconds this thread's clock has been advanced.
pub fn elapsed() -> u64 {
    ELAPSED.with(Cell::get)
}

/// Moves this thread's clock on by `seconds`.
pub fn advance_time(seconds: u64) {
    ELAPSED.with(|elapsed| elapsed.set(elapsed.get().saturating_add(seconds)));
}

/// Queues an already deployed minipool contract for the next `createMinipool`
/// to use in place of a CREATE2 clone (motsu's CREATE2 does nothing).
pub fn provide_minipool(minipool: Address) {
    NEXT_MINIPOOLS.with(|next| next.borrow_mut().push(minipool));
}

/// The minipool contract the next clone creation stands for, if one was
/// provided.
pub fn take_minipool() -> Option<Address> {
    NEXT_MINIPOOLS.with(|next| {
        let mut next = next.borrow_mut();
        (!next.is_empty()).then(|| next.remove(0))
    })
}
