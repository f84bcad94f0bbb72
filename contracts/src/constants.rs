//! Protocol constants and the hard bounds of every admin setting.

use alloy_primitives::{uint, U256};

/// One ether in wei.
pub const ETHER: U256 = uint!(1_000_000_000_000_000_000_U256);
/// One gwei in wei.
pub const GWEI: U256 = uint!(1_000_000_000_U256);
/// 100 % as a 1e18-scaled fraction.
pub const FULL_FRACTION: U256 = ETHER;

/// ETH a validator needs at the beacon deposit contract.
pub const LAUNCH_BALANCE: U256 = uint!(32_000_000_000_000_000_000_U256);
/// Part of the bond deposited to the beacon chain when a minipool is created.
pub const PRESTAKE_AMOUNT: U256 = ETHER;
/// What `stake` deposits: the launch balance less the prestake.
pub const STAKE_AMOUNT: U256 = uint!(31_000_000_000_000_000_000_U256);
/// A staking minipool's balance (less its refund balance) below this is a
/// skim of rewards; no skim comes near 8 ETH, so a larger balance waits for
/// the watchers' exit report (or was donated): its size never decides an
/// exit.
pub const SKIM_LIMIT: U256 = uint!(8_000_000_000_000_000_000_U256);
/// The default bond (LEB8).
pub const BOND_LEB8: U256 = uint!(8_000_000_000_000_000_000_U256);
/// The other allowed bond.
pub const BOND_16: U256 = uint!(16_000_000_000_000_000_000_U256);

/// Default deposit fee: 0.05 %.
pub const DEFAULT_DEPOSIT_FEE: u64 = 500_000_000_000_000;
/// Highest deposit fee the admin may set: 1 %.
pub const MAX_DEPOSIT_FEE: u64 = 10_000_000_000_000_000;
/// Default smallest deposit: 0.01 ETH.
pub const DEFAULT_MINIMUM_DEPOSIT: u128 = 10_000_000_000_000_000;
/// Smallest minimum deposit the admin may set: 0.01 ETH, so that even a
/// first deposit at the highest fee mints more than [`MIN_SUPPLY`].
pub const MIN_MINIMUM_DEPOSIT: u128 = 10_000_000_000_000_000;
/// Largest minimum deposit the admin may set: 1 ETH, so that a 1-ETH staker
/// can always join.
pub const MAX_MINIMUM_DEPOSIT: u128 = 1_000_000_000_000_000_000;
/// Default cap of the pool's unreserved balance: 5,000 ETH.
pub const DEFAULT_MAXIMUM_DEPOSIT_POOL_SIZE: u128 = 5_000_000_000_000_000_000_000;
/// Highest cap the admin may set: 1,000,000 ETH.
pub const MAX_MAXIMUM_DEPOSIT_POOL_SIZE: u128 = 1_000_000_000_000_000_000_000_000;
/// Default number of minipools one call may assign.
pub const DEFAULT_MAXIMUM_DEPOSIT_ASSIGNMENTS: u32 = 90;
/// Highest number of minipools one call may assign (bounds a call's gas).
pub const MAX_MAXIMUM_DEPOSIT_ASSIGNMENTS: u32 = 200;

/// Least rETH supply there may be once there is any: 0.001 rETH. A supply
/// that small would let a donation make each rETH wei worth more than a
/// later depositor can afford to lose to rounding (share inflation), so no
/// burn may leave less.
pub const MIN_SUPPLY: U256 = uint!(1_000_000_000_000_000_U256);
/// Default time over which rewards unlock into the exchange rate: 24 hours.
pub const DEFAULT_REWARDS_UNLOCK_PERIOD: u64 = 24 * 60 * 60;
/// Shortest rewards unlock period the admin may set: 1 hour.
pub const MIN_REWARDS_UNLOCK_PERIOD: u64 = 60 * 60;
/// Longest rewards unlock period the admin may set: 7 days.
pub const MAX_REWARDS_UNLOCK_PERIOD: u64 = 7 * 24 * 60 * 60;

/// Default node commission on the users' half of rewards: 14 %.
pub const DEFAULT_NODE_FEE: u64 = 140_000_000_000_000_000;
/// Lowest node fee the admin may set: 5 %.
pub const MIN_NODE_FEE: u64 = 50_000_000_000_000_000;
/// Highest node fee the admin may set: 20 %.
pub const MAX_NODE_FEE: u64 = 200_000_000_000_000_000;
/// Default time watchers have to scrub a prelaunch minipool: 12 hours.
pub const DEFAULT_SCRUB_PERIOD: u64 = 12 * 60 * 60;
/// Shortest scrub period the admin may set: 1 hour.
pub const MIN_SCRUB_PERIOD: u64 = 60 * 60;
/// Longest scrub period the admin may set: 7 days.
pub const MAX_SCRUB_PERIOD: u64 = 7 * 24 * 60 * 60;
/// Default time a prelaunch minipool has to stake before anyone may
/// dissolve it: 72 hours.
pub const DEFAULT_LAUNCH_TIMEOUT: u64 = 72 * 60 * 60;
/// Shortest launch timeout the admin may set: 1 day.
pub const MIN_LAUNCH_TIMEOUT: u64 = 24 * 60 * 60;
/// Longest launch timeout the admin may set: 30 days.
pub const MAX_LAUNCH_TIMEOUT: u64 = 30 * 24 * 60 * 60;
/// Least time the scrub period must end before the launch timeout: 12
/// hours, so a minipool can always stake before anyone may dissolve it.
pub const MIN_STAKE_WINDOW: u64 = 12 * 60 * 60;
/// Default scrub penalty: 2.4 ETH of a scrubbed minipool's bond go to the
/// stakers.
pub const DEFAULT_SCRUB_PENALTY: u64 = 2_400_000_000_000_000_000;
/// Highest scrub penalty the admin may set: 4 ETH.
pub const MAX_SCRUB_PENALTY: u64 = 4_000_000_000_000_000_000;
/// Most watchers the trusted set may hold (bounds scrub quorum maths).
pub const MAX_WATCHERS: u32 = 64;

/// Shortest timezone location a node may register.
pub const MIN_TIMEZONE_LENGTH: usize = 4;
/// Longest timezone location a node may register.
pub const MAX_TIMEZONE_LENGTH: usize = 64;

/// Length of a BLS12-381 validator public key.
pub const PUBKEY_LENGTH: usize = 48;
/// Length of a BLS12-381 signature.
pub const SIGNATURE_LENGTH: usize = 96;
/// Length of withdrawal credentials.
pub const WITHDRAWAL_CREDENTIALS_LENGTH: usize = 32;

/// Whether `bond` is one of the allowed bond sizes.
pub fn is_allowed_bond(bond: U256) -> bool {
    bond == BOND_LEB8 || bond == BOND_16
}
