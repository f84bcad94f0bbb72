//! Prints the contract's Solidity interface: `cargo run -p reth-token --features export-abi`.

contracts::export_abi!(reth_token::RethToken {
    "IErc20": [contracts::abi::ERC20],
    "IOwnable2Step": [contracts::abi::OWNABLE_2_STEP],
    "IRethToken": [
        reth_token::EVENTS,
        contracts::events::EVENTS,
        contracts::abi::ERC20_PERMIT,
    ],
});
