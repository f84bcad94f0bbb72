//! Prints the contract's Solidity interface: `cargo run -p reth-token --features export-abi`.

contracts::export_abi!(reth_token::RethToken {
    "IErc20": [reth_token::erc20::EVENTS],
    "IOwnable2Step": [contracts::abi::OWNABLE_2_STEP],
    "IRethToken": [
        reth_token::EVENTS,
        contracts::events::EVENTS,
    ],
});
