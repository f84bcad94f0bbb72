//! Prints the contract's Solidity interface: `cargo run -p minipool-manager --features export-abi`.

fn main() {
    #[cfg(feature = "export-abi")]
    minipool_manager::print_from_args();
}
