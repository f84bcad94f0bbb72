//! EIP-1167 minimal proxies at CREATE2 addresses.
//!
//! Every minipool is a 45-byte clone delegating to the one minipool
//! implementation. The CREATE2 salt mixes in the node's address, so no one can
//! take an address another node has signed deposit data for.

use alloc::vec::Vec;

use alloy_primitives::{keccak256, Address, B256, U256};

/// Creation code before the implementation address: it returns the runtime
/// code that follows it.
const INIT_PREFIX: [u8; 20] = [
    0x3d, 0x60, 0x2d, 0x80, 0x60, 0x0a, 0x3d, 0x39, 0x81, 0xf3, // creation
    0x36, 0x3d, 0x3d, 0x37, 0x3d, 0x3d, 0x3d, 0x36, 0x3d, 0x73, // runtime
];
/// Runtime code after the implementation address.
const INIT_SUFFIX: [u8; 15] = [
    0x5a, 0xf4, 0x3d, 0x82, 0x80, 0x3e, 0x90, 0x3d, 0x91, 0x60, 0x2b, 0x57, 0xfd, 0x5b, 0xf3,
];

/// Length of the creation code: prefix, address, suffix.
const INIT_CODE_LENGTH: usize = 55;

/// Creation code of a minimal proxy delegating to `implementation`.
pub fn init_code(implementation: Address) -> Vec<u8> {
    let mut code = Vec::with_capacity(INIT_CODE_LENGTH);
    code.extend_from_slice(&INIT_PREFIX);
    code.extend_from_slice(implementation.as_slice());
    code.extend_from_slice(&INIT_SUFFIX);
    code
}

/// The CREATE2 salt of `node`'s minipool with the node's chosen `salt`.
pub fn minipool_salt(node: Address, salt: U256) -> B256 {
    let mut preimage = [0_u8; 52];
    preimage[..20].copy_from_slice(node.as_slice());
    preimage[20..].copy_from_slice(&salt.to_be_bytes::<32>());
    keccak256(preimage)
}

/// Where `deployer` creates the clone of `implementation` for `node` and
/// `salt`.
pub fn minipool_address(
    deployer: Address,
    implementation: Address,
    node: Address,
    salt: U256,
) -> Address {
    deployer.create2(
        minipool_salt(node, salt),
        keccak256(init_code(implementation)),
    )
}

#[cfg(test)]
mod tests {
    use alloy_primitives::{address, hex};

    use super::*;

    #[test]
    fn init_code_is_the_eip1167_proxy() {
        let implementation = address!("bebebebebebebebebebebebebebebebebebebebe");
        assert_eq!(
            init_code(implementation),
            hex!(
                "3d602d80600a3d3981f3363d3d373d3d3d363d73bebebebebebebebebebebebebebebebebebebebe5af43d82803e903d91602b57fd5bf3"
            )
        );
    }

    #[test]
    fn address_depends_on_node_and_salt() {
        let (deployer, implementation) = (Address::repeat_byte(1), Address::repeat_byte(2));
        let (linus, other) = (Address::repeat_byte(3), Address::repeat_byte(4));
        let a = minipool_address(deployer, implementation, linus, U256::from(7));
        assert_eq!(
            a,
            minipool_address(deployer, implementation, linus, U256::from(7))
        );
        assert_ne!(
            a,
            minipool_address(deployer, implementation, other, U256::from(7))
        );
        assert_ne!(
            a,
            minipool_address(deployer, implementation, linus, U256::from(8))
        );
    }
}
