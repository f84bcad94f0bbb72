//! The protocol's published interfaces (`abi/`, generated from the
//! contracts and checked against them by CI) and the Arbitrum system
//! contracts the tool calls. Calls and revert decoding go through these, so
//! the tool speaks exactly the ABI integrators see.

#![allow(missing_docs, clippy::pedantic)]

/// `rETH`, with the ERC-20 and permit interfaces it routes.
pub mod reth_token {
    alloy::sol!("../abi/IRethToken.sol");
}
/// The deposit pool.
pub mod deposit_pool {
    alloy::sol!("../abi/IDepositPool.sol");
}
/// The node registry.
pub mod node_manager {
    alloy::sol!("../abi/INodeManager.sol");
}
/// The minipool manager.
pub mod minipool_manager {
    alloy::sol!("../abi/IMinipoolManager.sol");
}
/// The minipool implementation.
pub mod minipool {
    alloy::sol!("../abi/IMinipool.sol");
}
/// The smoothing pool.
pub mod rewards_distributor {
    alloy::sol!("../abi/IRewardsDistributor.sol");
}
/// The beacon deposit contract.
pub mod beacon_deposit {
    alloy::sol!("../abi/IBeaconDeposit.sol");
}

pub use deposit_pool::IDepositPool;
pub use minipool_manager::IMinipoolManager;
pub use reth_token::IRethToken;
pub use rewards_distributor::IRewardsDistributor;

alloy::sol! {
    /// The selector stylus-sdk routes to a contract's `#[constructor]`.
    function stylus_constructor();

    /// Arbitrum's StylusDeployer: create, activate and construct in one
    /// transaction (nitro-contracts `src/stylus/StylusDeployer.sol`).
    interface StylusDeployer {
        event ContractDeployed(address deployedContract);

        error ContractDeploymentError(bytes bytecode);
        error ContractInitializationError(address newContract);
        error RefundExcessValueError(uint256 excessValue);
        error EmptyBytecode();
        error InitValueButNotInitData();

        function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt) external payable returns (address);
        function initSalt(bytes32 salt, bytes calldata initData, uint256 initValue) external pure returns (bytes32);
        function requiresActivation(address addr) external view returns (bool);
    }
}

use alloy::{
    dyn_abi::{DynSolValue, JsonAbiExt},
    json_abi::Error,
    sol_types::decode_revert_reason,
};

/// Revert data decoded into the typed error it encodes, with its fields:
/// the protocol's errors, the StylusDeployer's, ArbWasm's and the
/// CacheManager's, or a plain revert reason; raw hex if none matches.
pub fn decode_revert(data: &[u8]) -> String {
    let Some(selector) = data.get(..4).and_then(|s| <[u8; 4]>::try_from(s).ok()) else {
        return format!("empty revert data 0x{}", alloy::hex::encode(data));
    };
    let signature = [
        reth_token::IRethToken::IRethTokenErrors::signature_by_selector,
        deposit_pool::IOwnable2Step::IOwnable2StepErrors::signature_by_selector,
        deposit_pool::IDepositPool::IDepositPoolErrors::signature_by_selector,
        node_manager::INodeManager::INodeManagerErrors::signature_by_selector,
        minipool_manager::IMinipoolManager::IMinipoolManagerErrors::signature_by_selector,
        minipool::IMinipool::IMinipoolErrors::signature_by_selector,
        rewards_distributor::IRewardsDistributor::IRewardsDistributorErrors::signature_by_selector,
        beacon_deposit::IBeaconDeposit::IBeaconDepositErrors::signature_by_selector,
        StylusDeployer::StylusDeployerErrors::signature_by_selector,
        stylus_tools::precompiles::ArbWasm::ArbWasmErrors::signature_by_selector,
        stylus_tools::core::cache::CacheManager::CacheManagerErrors::signature_by_selector,
    ]
    .into_iter()
    .find_map(|lookup| lookup(selector));
    let typed = signature
        .and_then(|signature| Error::parse(signature).ok())
        .and_then(|error| {
            let values = error.abi_decode_input(&data[4..]).ok()?;
            let fields: Vec<String> = values.iter().map(show).collect();
            Some(format!("{}({})", error.name, fields.join(", ")))
        });
    typed
        .or_else(|| decode_revert_reason(data))
        .unwrap_or_else(|| format!("unknown revert data 0x{}", alloy::hex::encode(data)))
}

/// A decoded value as Solidity tooling shows it.
fn show(value: &DynSolValue) -> String {
    match value {
        DynSolValue::Address(address) => address.to_string(),
        DynSolValue::Bool(flag) => flag.to_string(),
        DynSolValue::Int(number, _) => number.to_string(),
        DynSolValue::Uint(number, _) => number.to_string(),
        DynSolValue::FixedBytes(word, size) => {
            format!("0x{}", alloy::hex::encode(&word[..*size]))
        }
        DynSolValue::Bytes(bytes) => format!("0x{}", alloy::hex::encode(bytes)),
        DynSolValue::String(text) => format!("{text:?}"),
        other => format!("{other:?}"),
    }
}
