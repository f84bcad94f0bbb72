//! Prints the contract's Solidity interface: `cargo run -p reth-token --features export-abi`.

contracts::export_abi!(reth_token::RethToken {
    "IErc20": [reth_token::erc20::EVENTS],
    "IRethToken": [
        reth_token::EVENTS,
        &[contracts::events::SettingChanged::DECLARATION],
    ],
});
