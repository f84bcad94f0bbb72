//! Prints the contract's Solidity interface: `cargo run -p node-manager --features export-abi`.

fn main() {
    #[cfg(feature = "export-abi")]
    node_manager::print_from_args();
}
