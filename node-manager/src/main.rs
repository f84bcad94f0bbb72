//! Prints the contract's Solidity interface: `cargo run -p node-manager --features export-abi`.

contracts::export_abi!(node_manager::NodeManager {
    "IOwnable2Step": [contracts::abi::OWNABLE_2_STEP],
    "INodeManager": [
        node_manager::EVENTS,
        &[contracts::events::SettingChanged::DECLARATION],
    ],
});
