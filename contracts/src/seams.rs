//! Test-only stand-ins for what motsu does not model (feature `test-seams`).
//!
//! Each test runs on its own thread, so the state here is thread-local.

use std::cell::{Cell, RefCell};

use alloy_primitives::Address;

thread_local! {
    static ELAPSED: Cell<u64> = const { Cell::new(0) };
    static NEXT_PROXIES: RefCell<Vec<Address>> = const { RefCell::new(Vec::new()) };
    static PROXY_CODES: RefCell<Vec<(Address, Vec<u8>)>> = const { RefCell::new(Vec::new()) };
}

/// Seconds this thread's clock has been advanced.
pub fn elapsed() -> u64 {
    ELAPSED.with(Cell::get)
}

/// Moves this thread's clock on by `seconds`.
pub fn advance_time(seconds: u64) {
    ELAPSED.with(|elapsed| elapsed.set(elapsed.get().saturating_add(seconds)));
}

/// Queues an already deployed contract for the next proxy the minipool
/// manager creates (a minipool, or the smoothing pool at wiring) to stand
/// for: motsu's CREATE2 does nothing.
pub fn provide_proxy(contract: Address) {
    NEXT_PROXIES.with(|next| next.borrow_mut().push(contract));
}

/// The contract the next proxy creation stands for, if one was provided.
pub fn take_proxy() -> Option<Address> {
    NEXT_PROXIES.with(|next| {
        let mut next = next.borrow_mut();
        (!next.is_empty()).then(|| next.remove(0))
    })
}

/// Keeps the runtime code that `init_code` returns as the code of the
/// contract that stands for the proxy created with it, for [`proxy_code`].
pub fn keep_proxy_code(contract: Address, init_code: &[u8]) {
    let runtime = init_code.get(proxy::RUNTIME_OFFSET..).unwrap_or_default();
    PROXY_CODES.with(|codes| codes.borrow_mut().push((contract, runtime.to_vec())));
}

/// The runtime code of the proxy `contract` stands for (empty if none).
pub fn proxy_code(contract: Address) -> Vec<u8> {
    PROXY_CODES.with(|codes| {
        codes
            .borrow()
            .iter()
            .rev()
            .find(|(proxy, _)| *proxy == contract)
            .map(|(_, code)| code.clone())
            .unwrap_or_default()
    })
}
