//! Exchange-rate and fee math, in checked arithmetic, rounding in the
//! protocol's favour.
//!
//! `total_eth` is the ETH backing all rETH and `supply` the rETH supply; the
//! rate is `total_eth · 1e18 / supply`, and 1e18 while the supply is zero.
//! Every function returns `None` when a result does not fit or the backing is
//! gone (`supply > 0` but `total_eth == 0`).

use alloy_primitives::U256;

use crate::constants::{ETHER, FULL_FRACTION, LAUNCH_BALANCE};

/// rETH minted for `eth`, rounded down.
pub fn reth_for_eth(eth: U256, total_eth: U256, supply: U256) -> Option<U256> {
    if supply.is_zero() {
        return Some(eth);
    }
    mul_div(eth, supply, total_eth)
}

/// ETH value of `reth`, rounded down.
pub fn eth_for_reth(reth: U256, total_eth: U256, supply: U256) -> Option<U256> {
    if supply.is_zero() {
        return Some(reth);
    }
    mul_div(reth, total_eth, supply)
}

/// ETH value of 1e18 rETH, rounded down.
pub fn exchange_rate(total_eth: U256, supply: U256) -> Option<U256> {
    eth_for_reth(ETHER, total_eth, supply)
}

/// The 1e18-scaled `fraction` of `amount`, rounded up (fees round toward the
/// protocol).
pub fn fraction_rounded_up(amount: U256, fraction: U256) -> Option<U256> {
    mul_div_up(amount, fraction, FULL_FRACTION)
}

/// The node's share of a reward `reward` earned by a minipool with bond
/// `bond` and node fee `fee` (1e18-scaled): the bond's pro-rata part,
/// `reward · bond / 32 ETH`, plus the fee on the users' part. Each term rounds
/// down, so the users' share (`reward` less this) never comes up short.
pub fn node_share(reward: U256, bond: U256, fee: U256) -> Option<U256> {
    let bond_part = reward.checked_mul(bond)?.checked_div(LAUNCH_BALANCE)?;
    let commission = reward
        .checked_sub(bond_part)?
        .checked_mul(fee)?
        .checked_div(FULL_FRACTION)?;
    bond_part.checked_add(commission)
}

/// The node's share of every reward as a 1e18-scaled fraction,
/// `bond / 32 ETH + (1 − bond / 32 ETH) · fee`, rounded down: what the
/// smoothing pool weighs a minipool's node by.
pub fn node_fraction(bond: U256, fee: U256) -> Option<U256> {
    let users_part = LAUNCH_BALANCE.checked_sub(bond)?.checked_mul(fee)?;
    bond.checked_mul(FULL_FRACTION)?
        .checked_add(users_part)?
        .checked_div(LAUNCH_BALANCE)
}

/// What is still locked at `now` of rewards `amount` that unlock linearly
/// from `start` to `end`, rounded up (so the rate never runs ahead of the
/// unlocking): `amount · (end − now) / (end − start)`, and zero from `end`.
pub fn locked_at(amount: U256, start: u64, end: u64, now: u64) -> Option<U256> {
    if now >= end {
        return Some(U256::ZERO);
    }
    let span = end.checked_sub(start)?;
    let left = end.checked_sub(now)?.min(span);
    mul_div_up(amount, U256::from(left), U256::from(span))
}

/// `a · b / c`, rounded down.
pub fn mul_div(a: U256, b: U256, c: U256) -> Option<U256> {
    a.checked_mul(b)?.checked_div(c)
}

/// `a · b / c`, rounded up.
pub fn mul_div_up(a: U256, b: U256, c: U256) -> Option<U256> {
    let product = a.checked_mul(b)?;
    let quotient = product.checked_div(c)?;
    if product.checked_rem(c)?.is_zero() {
        Some(quotient)
    } else {
        quotient.checked_add(U256::from(1))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use alloy_primitives::uint;

    use super::*;

    #[test]
    fn rewards_unlock_linearly_rounding_up() {
        let amount = uint!(1_000_000_000_000_000_000_U256);
        assert_eq!(locked_at(amount, 100, 200, 100), Some(amount));
        assert_eq!(
            locked_at(amount, 100, 200, 150),
            Some(uint!(500_000_000_000_000_000_U256))
        );
        assert_eq!(locked_at(U256::from(10), 0, 3, 1), Some(U256::from(7)));
        assert_eq!(locked_at(amount, 100, 200, 200), Some(U256::ZERO));
        assert_eq!(locked_at(amount, 100, 200, 10_000), Some(U256::ZERO));
        // A clock before the start counts as the start.
        assert_eq!(locked_at(amount, 100, 200, 50), Some(amount));
    }

    #[test]
    fn rate_is_one_while_supply_is_zero() {
        assert_eq!(exchange_rate(U256::from(5), U256::ZERO), Some(ETHER));
        assert_eq!(
            reth_for_eth(U256::from(7), U256::from(5), U256::ZERO),
            Some(U256::from(7))
        );
        assert_eq!(
            eth_for_reth(U256::from(7), U256::from(5), U256::ZERO),
            Some(U256::from(7))
        );
    }

    #[test]
    fn conversions_round_down() {
        // 10 wei backing 3 rETH: 1 rETH is worth 3.33 wei, 1 wei buys 0.3 rETH.
        let (total, supply) = (U256::from(10), U256::from(3));
        assert_eq!(
            eth_for_reth(U256::from(1), total, supply),
            Some(U256::from(3))
        );
        assert_eq!(
            reth_for_eth(U256::from(4), total, supply),
            Some(U256::from(1))
        );
        assert_eq!(
            exchange_rate(total, supply),
            Some(uint!(3_333_333_333_333_333_333_U256))
        );
    }

    #[test]
    fn lost_backing_and_overflow_are_none() {
        assert_eq!(reth_for_eth(ETHER, U256::ZERO, ETHER), None);
        assert_eq!(eth_for_reth(U256::MAX, U256::from(2), U256::from(1)), None);
    }

    #[test]
    fn fees_round_up() {
        let fee = U256::from(500_000_000_000_000_u64); // 0.05 %
        assert_eq!(
            fraction_rounded_up(ETHER, fee),
            Some(U256::from(500_000_000_000_000_u64))
        );
        assert_eq!(fraction_rounded_up(U256::from(1), fee), Some(U256::from(1)));
        assert_eq!(
            fraction_rounded_up(U256::from(2000), fee),
            Some(U256::from(1))
        );
        assert_eq!(
            fraction_rounded_up(U256::from(2001), fee),
            Some(U256::from(2))
        );
        assert_eq!(
            fraction_rounded_up(U256::from(9), U256::ZERO),
            Some(U256::ZERO)
        );
    }

    #[test]
    fn leb8_at_14_percent_gives_the_node_35_5_percent() {
        let (bond, fee) = (
            uint!(8_000_000_000_000_000_000_U256),
            uint!(140_000_000_000_000_000_U256),
        );
        let skim = uint!(100_000_000_000_000_000_U256);
        assert_eq!(
            node_share(skim, bond, fee),
            Some(uint!(35_500_000_000_000_000_U256))
        );
        assert_eq!(
            node_fraction(bond, fee),
            Some(uint!(355_000_000_000_000_000_U256))
        );
        // 16-ETH bond: half of it, plus 14 % of the other half.
        let bond = uint!(16_000_000_000_000_000_000_U256);
        assert_eq!(
            node_share(skim, bond, fee),
            Some(uint!(57_000_000_000_000_000_U256))
        );
        assert_eq!(
            node_fraction(bond, fee),
            Some(uint!(570_000_000_000_000_000_U256))
        );
    }

    #[test]
    fn node_share_rounds_down() {
        let (bond, fee) = (
            uint!(8_000_000_000_000_000_000_U256),
            uint!(140_000_000_000_000_000_U256),
        );
        // 7 wei: 7/4 = 1 for the bond, (7 − 1) · 0.14 = 0.84 → 0 fee.
        assert_eq!(node_share(U256::from(7), bond, fee), Some(U256::from(1)));
        assert_eq!(node_share(U256::ZERO, bond, fee), Some(U256::ZERO));
    }

    #[test]
    fn mul_div_rounds_both_ways() {
        let (a, b, c) = (U256::from(10), U256::from(10), U256::from(3));
        assert_eq!(mul_div(a, b, c), Some(U256::from(33)));
        assert_eq!(mul_div_up(a, b, c), Some(U256::from(34)));
        assert_eq!(mul_div_up(a, b, U256::from(4)), Some(U256::from(25)));
        assert_eq!(mul_div(a, b, U256::ZERO), None);
    }
}
