//! Prints the contract's Solidity interface: `cargo run -p minipool-manager --features export-abi`.

contracts::export_abi!(minipool_manager::MinipoolManager {
    "IOwnable2Step": [contracts::abi::OWNABLE_2_STEP],
    "IMinipoolManager": [
        minipool_manager::EVENTS,
        contracts::events::EVENTS,
    ],
});
