//! The protocol's proxy: 51 bytes of EVM code in front of a Stylus
//! implementation, then 140 bytes of data. Every minipool and the smoothing
//! pool are one, created with CREATE2 by the minipool manager.
//!
//! Plain ETH (no calldata) is accepted on the spot, so a skim, an exit
//! balance, a tip or an MEV payment sent to one costs what a transfer to an
//! account costs: no program runs. Every call with calldata is delegated to
//! the implementation as an EIP-1167 clone does (the same code after a
//! 6-byte guard). The data after the code never runs: it names the
//! contracts the implementation works with, which the implementation reads
//! back from the proxy's own code (`EXTCODECOPY`) instead of storing them.
//! The bytes are here, with no dependency, so that the contracts and the
//! deploy tool build the same proxy.
#![no_std]

/// Bytes of runtime code before the immutable data.
pub const CODE_LENGTH: u8 = 51;

/// Bytes of immutable data after the code.
pub const IMMUTABLES_LENGTH: usize = 140;

/// Offset of the runtime code in the creation code.
pub const RUNTIME_OFFSET: usize = 10;

/// Bytes of runtime code: the code, then the immutable data (191, so the
/// creation code's one-byte push of the length fits).
#[allow(clippy::cast_possible_truncation)] // checked as it compiles
pub const RUNTIME_LENGTH: u8 = {
    assert!(CODE_LENGTH as usize + IMMUTABLES_LENGTH <= u8::MAX as usize);
    CODE_LENGTH + IMMUTABLES_LENGTH as u8
};

/// Bytes of creation code: prefix, implementation address, suffix, then the
/// immutable data.
pub const INIT_CODE_LENGTH: usize = 201;

/// Creation code (it returns the runtime code after it), then the runtime
/// code up to the implementation address:
///
/// ```text
/// creation  3d RETURNDATASIZE  60 bf PUSH1 191  80 DUP1  60 0a PUSH1 10
///           3d RETURNDATASIZE  39 CODECOPY  81 DUP2  f3 RETURN
/// runtime   36 CALLDATASIZE  60 05 PUSH1 5  57 JUMPI  00 STOP (plain ETH)
///        5: 5b JUMPDEST  36 CALLDATASIZE  3d 3d  37 CALLDATACOPY
///           3d 3d 3d  36 CALLDATASIZE  3d  73 PUSH20 implementation
/// ```
const PREFIX: [u8; 26] = [
    0x3d,
    0x60,
    RUNTIME_LENGTH,
    0x80,
    0x60,
    0x0a,
    0x3d,
    0x39,
    0x81,
    0xf3, // creation
    0x36,
    0x60,
    0x05,
    0x57,
    0x00, // plain ETH stops here
    0x5b,
    0x36,
    0x3d,
    0x3d,
    0x37,
    0x3d,
    0x3d,
    0x3d,
    0x36,
    0x3d,
    0x73, // delegate
];

/// Runtime code after the implementation address: the delegate call, then
/// its return data returned (at 49, `5b`) or reverted with:
///
/// ```text
/// 5a GAS  f4 DELEGATECALL  3d RETURNDATASIZE  82 DUP3  80 DUP1
/// 3e RETURNDATACOPY  90 SWAP1  3d  91 SWAP2  60 31 PUSH1 49  57 JUMPI
/// fd REVERT  5b JUMPDEST  f3 RETURN
/// ```
const SUFFIX: [u8; 15] = [
    0x5a, 0xf4, 0x3d, 0x82, 0x80, 0x3e, 0x90, 0x3d, 0x91, 0x60, 0x31, 0x57, 0xfd, 0x5b, 0xf3,
];

/// The CREATE2 salt of the smoothing pool. Minipools' salts are hashes
/// (`keccak256(node ‖ salt)`), so none is zero.
pub const SMOOTHING_POOL_SALT: [u8; 32] = [0; 32];

/// Creation code of a proxy delegating to `implementation` whose runtime
/// code ends with `immutables`, at offset [`CODE_LENGTH`].
pub fn init_code(
    implementation: [u8; 20],
    immutables: [u8; IMMUTABLES_LENGTH],
) -> [u8; INIT_CODE_LENGTH] {
    let mut code = [0; INIT_CODE_LENGTH];
    let (prefix, rest) = code.split_at_mut(PREFIX.len());
    let (address, rest) = rest.split_at_mut(implementation.len());
    let (suffix, data) = rest.split_at_mut(SUFFIX.len());
    prefix.copy_from_slice(&PREFIX);
    address.copy_from_slice(&implementation);
    suffix.copy_from_slice(&SUFFIX);
    data.copy_from_slice(&immutables);
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_code_is_the_creation_code_then_the_runtime() {
        let code = init_code([0xbe; 20], [0xaa; IMMUTABLES_LENGTH]);
        assert_eq!(
            code.len(),
            RUNTIME_OFFSET + usize::from(RUNTIME_LENGTH),
            "the creation code returns everything after it"
        );
        assert_eq!(code[..4], [0x3d, 0x60, RUNTIME_LENGTH, 0x80]);
        assert_eq!(code[26..46], [0xbe; 20]);
        assert_eq!(
            code[RUNTIME_OFFSET + 49],
            0x5b,
            "the success jump lands on a JUMPDEST"
        );
        assert_eq!(
            code[RUNTIME_OFFSET + 5],
            0x5b,
            "the call jump lands on a JUMPDEST"
        );
        assert_eq!(
            code[RUNTIME_OFFSET + usize::from(CODE_LENGTH)..],
            [0xaa; IMMUTABLES_LENGTH]
        );
    }
}
