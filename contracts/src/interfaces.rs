//! The ABI through which the protocol's contracts call one another.
//!
//! Only what one contract calls on another is declared here; each contract's
//! full public ABI is generated from its own crate (export-abi).
#![allow(missing_docs, clippy::too_many_arguments)]

use alloc::vec;

use stylus_sdk::prelude::sol_interface;

sol_interface! {
    /// The rETH token, which also keeps the ledger of user capital in
    /// minipools, so that its exchange rate needs no call to read.
    interface IRethToken {
        /// Deposit pool only: mints `reth_amount` to `to`.
        function mint(address to, uint256 reth_amount) external;
        /// ETH backing all rETH and the rETH supply, for minting.
        function getBacking() external view returns (uint256, uint256);
        /// Deposit pool only: `amount` of user ETH went into minipools.
        function addUserCapital(uint256 amount) external;
        /// Deposit pool only: `amount` of user ETH came back from minipools.
        function removeUserCapital(uint256 amount) external;
        /// User ETH in Prelaunch and Staking minipools.
        function getTotalUserCapital() external view returns (uint256);
    }

    /// The deposit pool's entry points for the other contracts.
    interface IDepositPool {
        /// Minipool manager only: queues `minipool`, which needs `user_deposit`,
        /// then assigns what the balance allows.
        function enqueueMinipool(address minipool, uint256 user_deposit) external;
        /// The still-queued minipool at `index` only: takes it out of the queue.
        function dequeueMinipool(uint256 index) external;
        /// The assigned minipool at `index` only: takes back its user ETH.
        function returnUserDeposit(uint256 index) external payable;
        /// Balance not reserved for queued minipools.
        function getExcessBalance() external view returns (uint256);
    }

    /// The node registry.
    interface INodeManager {
        function getNodeExists(address node) external view returns (bool);
        function getNodeWithdrawalAddress(address node) external view returns (address);
    }

    /// The minipool manager's entry points for minipools.
    interface IMinipoolManager {
        function getNodeManager() external view returns (address);
        function getWatcherExists(address watcher) external view returns (bool);
        function getWatcherCount() external view returns (uint256);
        function getLaunchTimeout() external view returns (uint64);
        /// Minipools only: checks the scrub period since `prelaunch_time` is
        /// over, counts the minipool as staking and returns the beacon
        /// deposit contract.
        function beginStaking(uint64 prelaunch_time) external returns (address);
    }

    /// A minipool's entry points for the node manager and the deposit pool.
    interface IMinipool {
        /// Once, by the minipool manager that created the clone.
        function initialise(address node, address deposit_pool, uint32 index, uint64 node_fee, uint256 bond_amount, bytes validator_pubkey) external payable;
        /// Deposit pool only: the user half of the validator's ETH.
        function assignUserDeposit() external payable;
    }

    /// Ethereum's beacon deposit contract.
    interface IBeaconDeposit {
        function deposit(bytes pubkey, bytes withdrawal_credentials, bytes signature, bytes32 deposit_data_root) external payable;
    }
}
