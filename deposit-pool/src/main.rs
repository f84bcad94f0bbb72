//! Prints the contract's Solidity interface: `cargo run -p deposit-pool --features export-abi`.

contracts::export_abi!(deposit_pool::DepositPool {
    "IOwnable2Step": [contracts::abi::OWNABLE_2_STEP],
    "IDepositPool": [
        deposit_pool::EVENTS,
        contracts::events::EVENTS,
    ],
});
