//! Minipools and the smoothing pool at CREATE2 addresses: each is the
//! protocol's proxy (see the `proxy` crate), which takes plain ETH without
//! running a program and delegates every call to its implementation. A
//! minipool's CREATE2 salt mixes in the node's address, so no one can take
//! an address another node has signed deposit data for. Each proxy also
//! keeps the addresses of the contracts its implementation works with
//! ([`Links`]) after its code, so that they cost no storage to write or
//! read.

use alloy_primitives::{keccak256, Address, B256, U256};
use proxy::{CODE_LENGTH, IMMUTABLES_LENGTH, INIT_CODE_LENGTH};

/// The contracts a minipool or the smoothing pool works with, which its
/// proxy keeps after its code: fixed when the manager creates it, and part
/// of its address. Held as the proxy keeps them, seven addresses in a row:
/// the smoothing pool's own proxy names itself as zero (its address depends
/// on its code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Links([u8; IMMUTABLES_LENGTH]);

impl Links {
    /// The links to the minipool `manager` (which creates and initialises
    /// minipools), the `deposit_pool` (which assigns them user ETH and takes
    /// it back), `reth` (where the users' shares go), the `node_manager`
    /// (which knows each node's withdrawal address), the `beacon_deposit`
    /// contract, the `smoothing_pool` and the `minipool_implementation`.
    pub fn new(
        manager: Address,
        deposit_pool: Address,
        reth: Address,
        node_manager: Address,
        beacon_deposit: Address,
        smoothing_pool: Address,
        minipool_implementation: Address,
    ) -> Self {
        let mut links = Self([0; IMMUTABLES_LENGTH]);
        let addresses = [
            manager,
            deposit_pool,
            reth,
            node_manager,
            beacon_deposit,
            smoothing_pool,
            minipool_implementation,
        ];
        for (bytes, address) in links.0.chunks_exact_mut(20).zip(addresses) {
            bytes.copy_from_slice(address.as_slice());
        }
        links
    }

    /// The minipool manager.
    pub fn manager(&self) -> Address {
        self.at(0)
    }

    /// The deposit pool.
    pub fn deposit_pool(&self) -> Address {
        self.at(1)
    }

    /// The rETH token.
    pub fn reth(&self) -> Address {
        self.at(2)
    }

    /// The node manager.
    pub fn node_manager(&self) -> Address {
        self.at(3)
    }

    /// The beacon deposit contract.
    pub fn beacon_deposit(&self) -> Address {
        self.at(4)
    }

    /// The smoothing pool (zero in the smoothing pool's own links).
    pub fn smoothing_pool(&self) -> Address {
        self.at(5)
    }

    /// The implementation every minipool's proxy delegates to.
    pub fn minipool_implementation(&self) -> Address {
        self.at(6)
    }

    /// These links naming `smoothing_pool` as the smoothing pool: a
    /// minipool's links, from the smoothing pool's own.
    #[must_use]
    pub fn with_smoothing_pool(mut self, smoothing_pool: Address) -> Self {
        // The sixth address, as `smoothing_pool` reads it.
        self.0[100..120].copy_from_slice(smoothing_pool.as_slice());
        self
    }

    /// The `index`-th address.
    fn at(&self, index: usize) -> Address {
        self.0
            .chunks_exact(20)
            .nth(index)
            .map(Address::from_slice)
            .unwrap_or_default()
    }

    /// The links of `proxy`, read from its code (`EXTCODECOPY` of the 140
    /// bytes after the code; a contract's own address is warm, so this
    /// costs about what a warm storage read does). Called on an
    /// implementation itself, it reads bytes of the implementation's
    /// program, which name no contract of the suite.
    #[cfg(not(feature = "test-seams"))]
    #[allow(unsafe_code)]
    pub fn of(proxy: Address) -> Self {
        let mut links = Self([0; IMMUTABLES_LENGTH]);
        // SAFETY: the host writes at most `links.0.len()` bytes to it.
        unsafe {
            stylus_sdk::hostio::account_code(
                proxy.as_ptr(),
                usize::from(CODE_LENGTH),
                links.0.len(),
                links.0.as_mut_ptr(),
            );
        }
        links
    }

    /// Test seam: the links in the code the test's stand-in for the proxy
    /// was created with (motsu's CREATE2 keeps no code).
    #[cfg(feature = "test-seams")]
    pub fn of(proxy: Address) -> Self {
        let code = crate::seams::proxy_code(proxy);
        let mut links = Self([0; IMMUTABLES_LENGTH]);
        if let Some(tail) = code.get(usize::from(CODE_LENGTH)..) {
            let length = tail.len().min(IMMUTABLES_LENGTH);
            links.0[..length].copy_from_slice(&tail[..length]);
        }
        links
    }
}

/// Creation code of a proxy delegating to `implementation`, with `links`
/// after its code.
pub fn init_code(implementation: Address, links: &Links) -> [u8; INIT_CODE_LENGTH] {
    proxy::init_code(implementation.into_array(), links.0)
}

/// Whether `account` is a minipool of the suite `links` name: a proxy of
/// their minipool implementation naming them. Only the minipool manager
/// can initialise such a proxy (its `initialise` is the named manager's),
/// and it initialises only the minipools it creates, so any other copy of
/// that code stays uninitialised and can never stake, without which a
/// minipool never calls the smoothing pool (`join` as it stakes, `leave`
/// when its exit is reported).
pub fn is_minipool(account: Address, links: &Links) -> bool {
    let code = init_code(links.minipool_implementation(), links);
    code_hash(account) == keccak256(&code[proxy::RUNTIME_OFFSET..])
}

/// The hash of `account`'s code (`EXTCODEHASH`).
#[cfg(not(feature = "test-seams"))]
#[allow(unsafe_code)]
fn code_hash(account: Address) -> B256 {
    let mut hash = B256::ZERO;
    // SAFETY: the host writes 32 bytes to `hash`.
    unsafe { stylus_sdk::hostio::account_codehash(account.as_ptr(), hash.as_mut_ptr()) };
    hash
}

/// Test seam: the hash of the code the test's stand-in for a proxy was
/// created with (zero for any other contract: motsu keeps no code).
#[cfg(feature = "test-seams")]
fn code_hash(account: Address) -> B256 {
    let code = crate::seams::proxy_code(account);
    if code.is_empty() {
        B256::ZERO
    } else {
        keccak256(code)
    }
}

/// The CREATE2 salt of `node`'s minipool with the node's chosen `salt`.
pub fn minipool_salt(node: Address, salt: U256) -> B256 {
    let mut preimage = [0_u8; 52];
    preimage[..20].copy_from_slice(node.as_slice());
    preimage[20..].copy_from_slice(&salt.to_be_bytes::<32>());
    keccak256(preimage)
}

/// Where `links.manager()` creates the proxy of `implementation` for `node`
/// and `salt`.
pub fn minipool_address(
    implementation: Address,
    links: &Links,
    node: Address,
    salt: U256,
) -> Address {
    links.manager().create2(
        minipool_salt(node, salt),
        keccak256(init_code(implementation, links)),
    )
}

/// Where `links.manager()` creates the smoothing pool, the proxy of the
/// rewards distributor `implementation`.
pub fn smoothing_pool_address(implementation: Address, links: &Links) -> Address {
    links.manager().create2(
        B256::from(proxy::SMOOTHING_POOL_SALT),
        keccak256(init_code(implementation, links)),
    )
}

#[cfg(test)]
mod tests {
    use alloy_primitives::{address, hex};

    use super::*;

    /// What running a piece of EVM code ended in.
    #[derive(Debug, PartialEq, Eq)]
    enum Halt {
        Stop,
        Return(Vec<u8>),
        Revert(Vec<u8>),
    }

    /// The arguments of the one delegate call the code made, if any.
    #[derive(Debug, PartialEq, Eq)]
    struct DelegateCall {
        target: Address,
        args: Vec<u8>,
    }

    /// Runs `code` (only the opcodes the proxy uses) with `calldata`; a
    /// delegate call succeeds or fails as `delegate_succeeds` says and
    /// returns `returned`.
    #[allow(clippy::arithmetic_side_effects, clippy::unwrap_used)]
    fn run(
        code: &[u8],
        calldata: &[u8],
        delegate_succeeds: bool,
        returned: &[u8],
    ) -> (Halt, Option<DelegateCall>) {
        let mut stack: Vec<U256> = Vec::new();
        let mut memory = alloc::vec![0_u8; 256];
        let mut return_data: &[u8] = &[];
        let mut call = None;
        let mut pc = 0;
        let word = |value: U256| usize::try_from(value).unwrap();
        loop {
            let op = code[pc];
            pc += 1;
            let top = stack.len();
            match op {
                0x00 => return (Halt::Stop, call),
                0x36 => stack.push(U256::from(calldata.len())),
                0x3d => stack.push(U256::from(return_data.len())),
                0x5a => stack.push(U256::from(1_000_000)),
                0x5b => {}
                0x60 => {
                    stack.push(U256::from(code[pc]));
                    pc += 1;
                }
                0x73 => {
                    stack.push(U256::from_be_slice(&code[pc..pc + 20]));
                    pc += 20;
                }
                0x80..=0x82 => stack.push(stack[top - 1 - usize::from(op - 0x80)]),
                0x90 | 0x91 => stack.swap(top - 1, top - 2 - usize::from(op - 0x90)),
                0x37 | 0x39 | 0x3e => {
                    let (to, from, size) = (
                        word(stack.pop().unwrap()),
                        word(stack.pop().unwrap()),
                        word(stack.pop().unwrap()),
                    );
                    let source = match op {
                        0x37 => calldata,
                        0x39 => code,
                        _ => return_data,
                    };
                    memory[to..to + size].copy_from_slice(&source[from..from + size]);
                }
                0x57 => {
                    let (target, condition) = (word(stack.pop().unwrap()), stack.pop().unwrap());
                    if !condition.is_zero() {
                        assert_eq!(code[target], 0x5b, "jump to a JUMPDEST");
                        pc = target;
                    }
                }
                0xf4 => {
                    let _gas = stack.pop();
                    let target = Address::from_word(stack.pop().unwrap().into());
                    let (offset, size) = (word(stack.pop().unwrap()), word(stack.pop().unwrap()));
                    let (out_offset, out_size) = (stack.pop().unwrap(), stack.pop().unwrap());
                    assert!(out_offset.is_zero() && out_size.is_zero());
                    call = Some(DelegateCall {
                        target,
                        args: memory[offset..offset + size].to_vec(),
                    });
                    return_data = returned;
                    stack.push(U256::from(u8::from(delegate_succeeds)));
                }
                0xf3 | 0xfd => {
                    let (offset, size) = (word(stack.pop().unwrap()), word(stack.pop().unwrap()));
                    let data = memory[offset..offset + size].to_vec();
                    let halt = if op == 0xf3 {
                        Halt::Return(data)
                    } else {
                        Halt::Revert(data)
                    };
                    return (halt, call);
                }
                _ => panic!("opcode {op:#04x} at {} is not the proxy's", pc - 1),
            }
        }
    }

    /// Links naming `suite` in [`Links::new`]'s order.
    fn links_of(suite: [Address; 7]) -> Links {
        let [manager, pool, reth, nodes, beacon, smoothing_pool, implementation] = suite;
        Links::new(
            manager,
            pool,
            reth,
            nodes,
            beacon,
            smoothing_pool,
            implementation,
        )
    }

    #[test]
    fn proxy_accepts_plain_eth_delegates_every_call_and_keeps_its_links() {
        let implementation = address!("bebebebebebebebebebebebebebebebebebebebe");
        let suite = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77].map(Address::repeat_byte);
        let links = links_of(suite);
        let init = init_code(implementation, &links);
        assert_eq!(init.len(), proxy::INIT_CODE_LENGTH);
        assert_eq!(
            init[..61],
            hex!(
                "3d60bf80600a3d3981f3"
                "3660055700"
                "5b363d3d373d3d3d363d73bebebebebebebebebebebebebebebebebebebebe"
                "5af43d82803e903d91603157fd5bf3"
            )
        );
        let (Halt::Return(runtime), None) = run(&init, &[], true, &[]) else {
            panic!("the creation code returns the runtime code");
        };
        assert_eq!(runtime, init[10..]);
        assert_eq!(runtime.len(), usize::from(proxy::RUNTIME_LENGTH));
        assert_eq!(runtime[usize::from(CODE_LENGTH)..], links.0);
        assert_eq!(
            [
                links.manager(),
                links.deposit_pool(),
                links.reth(),
                links.node_manager(),
                links.beacon_deposit(),
                links.smoothing_pool(),
                links.minipool_implementation(),
            ],
            suite
        );
        let moved = links.with_smoothing_pool(Address::repeat_byte(0x99));
        assert_eq!(moved.smoothing_pool(), Address::repeat_byte(0x99));
        assert_eq!(moved.0[..100], links.0[..100]);
        assert_eq!(moved.0[120..], links.0[120..]);

        // The links after the code are never run.
        assert_eq!(run(&runtime, &[], true, &[]), (Halt::Stop, None));
        let calldata = hex!("4e69d560");
        let delegated = Some(DelegateCall {
            target: implementation,
            args: calldata.to_vec(),
        });
        let returned = [7_u8; 32];
        assert_eq!(
            run(&runtime, &calldata, true, &returned),
            (Halt::Return(returned.to_vec()), delegated)
        );
        let (halt, _) = run(&runtime, &calldata, false, &returned[..4]);
        assert_eq!(halt, Halt::Revert(returned[..4].to_vec()));
    }

    #[test]
    fn smoothing_pool_address_depends_on_the_implementation_and_links() {
        let [manager, other] = [1, 2].map(Address::repeat_byte);
        let links = links_of([
            manager,
            Address::ZERO,
            Address::ZERO,
            Address::ZERO,
            Address::ZERO,
            Address::ZERO,
            Address::ZERO,
        ]);
        let implementation = Address::repeat_byte(3);
        let a = smoothing_pool_address(implementation, &links);
        assert_eq!(
            a,
            manager.create2(B256::ZERO, keccak256(init_code(implementation, &links)))
        );
        assert_ne!(a, smoothing_pool_address(other, &links));
        let moved = links.with_smoothing_pool(other);
        assert_ne!(a, smoothing_pool_address(implementation, &moved));
    }

    #[test]
    fn address_depends_on_links_node_and_salt() {
        let implementation = Address::repeat_byte(2);
        let links = links_of([1, 0, 0, 0, 0, 0, 0].map(Address::repeat_byte));
        let (node, other) = (Address::repeat_byte(3), Address::repeat_byte(4));
        let a = minipool_address(implementation, &links, node, U256::from(7));
        assert_eq!(
            a,
            links.manager().create2(
                minipool_salt(node, U256::from(7)),
                keccak256(init_code(implementation, &links))
            )
        );
        for (implementation, links, owner, salt) in [
            (Address::repeat_byte(5), links, node, 7),
            (implementation, links, other, 7),
            (implementation, links, node, 8),
            (
                implementation,
                links_of([1, 0, 6, 0, 0, 0, 0].map(Address::repeat_byte)),
                node,
                7,
            ),
        ] {
            assert_ne!(
                a,
                minipool_address(implementation, &links, owner, U256::from(salt))
            );
        }
    }
}
