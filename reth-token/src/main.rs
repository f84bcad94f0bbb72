//! Prints the contract's Solidity interface: `cargo run -p reth-token --features export-abi`.

fn main() {
    #[cfg(feature = "export-abi")]
    reth_token::print_from_args();
}
