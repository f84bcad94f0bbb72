//! Exchange-rate and fee math, in checked arithmetic, rounding in the
//! protocol's favour.
//!
//! `total_eth` is the ETH backing all rETH and `supply` the rETH supply; the
//! rate is `total_eth · 1e18 / supply`, and 1e18 while the supply is zero.
//! Every function returns `None` when a result does not fit or the backing is
//! gone (`supply > 0` but `total_eth == 0`).

use alloy_primitives::U256;

use crate::constants::{ETHER, FULL_FRACTION};

/// rETH minted for `eth`, rounded down.
pub fn reth_for_eth(eth: U256, total_eth: U256, supply: U256) -> Option<U256> {
    if supply.is_zero() {
        return Some(eth);
    }
    eth.checked_mul(supply)?.checked_div(total_eth)
}

/// ETH value of `reth`, rounded down.
pub fn eth_for_reth(reth: U256, total_eth: U256, supply: U256) -> Option<U256> {
    if supply.is_zero() {
        return Some(reth);
    }
    reth.checked_mul(total_eth)?.checked_div(supply)
}

/// ETH value of 1e18 rETH, rounded down.
pub fn exchange_rate(total_eth: U256, supply: U256) -> Option<U256> {
    eth_for_reth(ETHER, total_eth, supply)
}

/// The 1e18-scaled `fraction` of `amount`, rounded up (fees round toward the
/// protocol).
pub fn fraction_rounded_up(amount: U256, fraction: U256) -> Option<U256> {
    let product = amount.checked_mul(fraction)?;
    let quotient = product.checked_div(FULL_FRACTION)?;
    if product.checked_rem(FULL_FRACTION)?.is_zero() {
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
}
