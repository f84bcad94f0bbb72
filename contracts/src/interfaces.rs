//! The ABI through which the protocol's contracts call one another.
//!
//! Only what one contract calls on another is declared here; each contract's
//! full public ABI is generated from its own crate (export-abi).
#![allow(missing_docs, clippy::too_many_arguments)]

crate::sol_interface! {
    /// The rETH token, which also keeps the ledger of user capital in
    /// minipools, so that its exchange rate needs no call to read.
    interface IRethToken {
        /// Deposit pool only: mints to `to` the rETH that `deposit` (in the
        /// pool's balance already) buys net of its fee, `msg.value`, which
        /// is locked as a reward, then counts `assigned` (user ETH the pool
        /// sends to minipools next) as user capital; returns the rETH
        /// minted, zero (and nothing done) when it would round to zero.
        function mintDeposit(address to, uint256 deposit, uint256 assigned) external payable returns (uint256);
        /// Deposit pool only: `amount` of user ETH went into minipools.
        function addUserCapital(uint256 amount) external;
        /// Deposit pool only: `amount` of user capital left minipools (they
        /// were dissolved or exited); `msg.value` is the users' exit ETH.
        function removeUserCapital(uint256 amount) external payable;
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
        /// The dissolved minipool at `index` only: takes back its user ETH.
        function returnUserDeposit(uint256 index) external payable;
        /// The exited minipool at `index` only: its user capital leaves the
        /// ledger and `msg.value`, the users' share, goes on to rETH.
        function finaliseUserDeposit(uint256 index) external payable;
        /// rETH only: pays `amount` of the excess balance to `to`, a burner.
        function payBurnShortfall(address to, uint256 amount) external returns (uint256);
        /// Balance not reserved for queued minipools.
        function getExcessBalance() external view returns (uint256);
        /// The minipool created `index`-th (zero past the end).
        function getMinipoolAt(uint256 index) external view returns (address);
        /// The protocol's admin, which rETH defers to.
        function owner() external view returns (address);
    }

    /// The node registry.
    interface INodeManager {
        function getNodeExists(address node) external view returns (bool);
        function getNodeWithdrawalAddress(address node) external view returns (address);
    }

    /// The minipool manager's entry points for minipools.
    interface IMinipoolManager {
        function getWatcherStanding(address watcher) external view returns (bool, uint256);
    }

    /// A minipool's entry points for the minipool manager and the deposit pool.
    interface IMinipool {
        /// Once, by the minipool manager that created the clone.
        function initialise(address node, uint32 index, uint64 node_fee, uint256 bond_amount, bytes validator_pubkey, uint32 scrub_period, uint32 launch_timeout, uint256 scrub_penalty) external payable;
        /// Deposit pool only: the user half of the validator's ETH.
        function assignUserDeposit() external payable;
        /// The node operator; zero until initialised.
        function getNodeAddress() external view returns (address);
    }

    /// The smoothing pool's entry points for minipools and the manager.
    interface IRewardsDistributor {
        /// Minipools only: the calling minipool of `node`, which earns
        /// `node_fraction` of its rewards, starts staking.
        function join(address node, uint256 node_fraction) external;
        /// Minipools only: the calling minipool of `node`, which earned
        /// `node_fraction`, was reported exited.
        function leave(address node, uint256 node_fraction) external;
        /// How many minipools are staking.
        function getStakingMinipoolCount() external view returns (uint256);
    }

    /// Ethereum's beacon deposit contract.
    interface IBeaconDeposit {
        function deposit(bytes pubkey, bytes withdrawal_credentials, bytes signature, bytes32 deposit_data_root) external payable;
    }
}
