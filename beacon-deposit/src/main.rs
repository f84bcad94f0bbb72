//! Prints the contract's Solidity interface: `cargo run -p beacon-deposit --features export-abi`.

fn main() {
    #[cfg(feature = "export-abi")]
    beacon_deposit::print_from_args();
}
