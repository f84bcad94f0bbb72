//! Exchange-rate and fee math, in checked arithmetic, rounding in the
//! protocol's favour.
//!
//! `total_eth` is the ETH backing all rETH and `supply` the rETH supply; the
//! rate is `total_eth · 1e18 / supply`, and 1e18 while the supply is zero.
//! Every function returns `None` when a result does not fit or the backing is
//! gone (`supply > 0` but `total_eth == 0`).

use alloy_primitives::{Uint, U256};

use crate::constants::{ETHER, FULL_FRACTION, LAUNCH_BALANCE};

/// `value`, an integer narrower than a word (as stored), as a word.
/// `U256::from` compiles a conversion of its own for every width; this one
/// is the same code for all of them.
pub fn widen<const BITS: usize, const LIMBS: usize>(value: Uint<BITS, LIMBS>) -> U256 {
    U256::wrapping_from_limbs_slice(value.as_limbs())
}

/// `value` as a narrower integer, to be stored; `None` if it needs more
/// than `BITS` bits. The inverse of [`widen`].
// Inlined: each caller then compiles to what it did with the check
// written out in place (a call costs the minipool and the smoothing pool
// 60 to 80 bytes of wasm).
#[inline]
pub fn narrow<const BITS: usize, const LIMBS: usize>(value: U256) -> Option<Uint<BITS, LIMBS>> {
    Uint::checked_from_limbs_slice(value.as_limbs())
}

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
    let bond_part = mul_div(reward, bond, LAUNCH_BALANCE)?;
    let commission = mul_div(reward.checked_sub(bond_part)?, fee, FULL_FRACTION)?;
    bond_part.checked_add(commission)
}

/// The node's share of every reward as a 1e18-scaled fraction,
/// `bond / 32 ETH + (1 − bond / 32 ETH) · fee`, rounded down: what the
/// smoothing pool weighs a minipool's node by.
pub fn node_fraction(bond: U256, fee: U256) -> Option<U256> {
    let users_part = LAUNCH_BALANCE.checked_sub(bond)?.checked_mul(fee)?;
    div(
        bond.checked_mul(FULL_FRACTION)?.checked_add(users_part)?,
        LAUNCH_BALANCE,
    )
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
    div(a.checked_mul(b)?, c)
}

/// `a · b / c`, rounded up.
pub fn mul_div_up(a: U256, b: U256, c: U256) -> Option<U256> {
    let (quotient, remainder) = div_rem(a.checked_mul(b)?, c)?;
    if remainder.is_zero() {
        Some(quotient)
    } else {
        quotient.checked_add(U256::from(1))
    }
}

/// `a / b`, or `None` when `b` is zero.
pub fn div(a: U256, b: U256) -> Option<U256> {
    div_rem(a, b).map(|(quotient, _)| quotient)
}

/// `a / b` and `a % b`, or `None` when `b` is zero.
///
/// Schoolbook long division, one bit of `a` at a time: at most 256 rounds of
/// a shift, a compare and a subtract, a fraction of a gas on Stylus, in
/// place of ruint's general division, which adds about 4 KB of wasm to every
/// contract that divides.
pub fn div_rem(a: U256, b: U256) -> Option<(U256, U256)> {
    if b.is_zero() {
        return None;
    }
    let mut quotient = U256::ZERO;
    let mut remainder = U256::ZERO;
    for bit in (0..a.bit_len()).rev() {
        // remainder < b, so 2 · remainder + 1 < 2 · b: one subtraction brings
        // it back under b. A bit shifted out of the top means 2^256 more,
        // which is over b, and the wrapping subtraction is then exact.
        let carry = remainder.bit(255);
        remainder = remainder.wrapping_shl(1);
        remainder.set_bit(0, a.bit(bit));
        if carry || remainder >= b {
            remainder = remainder.wrapping_sub(b);
            quotient.set_bit(bit, true);
        }
    }
    Some((quotient, remainder))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use alloy_primitives::uint;

    use super::*;

    #[test]
    fn narrow_integers_widen_to_the_same_value() {
        use alloy_primitives::{U32, U64, U8};
        assert_eq!(widen(U8::MAX), U256::from(u8::MAX));
        assert_eq!(widen(U32::from(7)), U256::from(7));
        assert_eq!(widen(U64::MAX), U256::from(u64::MAX));
        let refund = Uint::<96, 2>::MAX;
        assert_eq!(widen(refund), U256::from(refund));
        assert_eq!(widen(Uint::<96, 2>::ZERO), U256::ZERO);
    }

    #[test]
    fn words_narrow_only_when_they_fit() {
        let max_96 = widen(Uint::<96, 2>::MAX);
        assert_eq!(narrow::<96, 2>(max_96), Some(Uint::<96, 2>::MAX));
        assert_eq!(narrow::<96, 2>(max_96 + U256::from(1)), None);
        assert_eq!(
            narrow::<160, 3>(U256::from(7)),
            Some(Uint::<160, 3>::from(7))
        );
        assert_eq!(narrow::<160, 3>(U256::MAX), None);
        assert_eq!(narrow::<96, 2>(U256::ZERO), Some(Uint::<96, 2>::ZERO));
    }

    #[test]
    #[allow(clippy::arithmetic_side_effects)]
    fn long_division_matches_ruint() {
        let max = U256::MAX;
        let half = U256::from(1) << 255;
        let values = [
            U256::ZERO,
            U256::from(1),
            U256::from(7),
            U256::from(1_000_000_000_u64),
            uint!(32_000_000_000_000_000_000_U256),
            uint!(123_456_789_012_345_678_901_234_567_890_U256),
            half - U256::from(1),
            half,
            half + U256::from(3),
            max - U256::from(1),
            max,
        ];
        for a in values {
            for b in values {
                let expected = a.checked_div(b).zip(a.checked_rem(b));
                assert_eq!(div_rem(a, b), expected, "{a} / {b}");
            }
        }
        let mut x = uint!(0x9e3779b97f4a7c15f39cc0605cedc8341082276bf3a27251f86c6a11d0c18e95_U256);
        for _ in 0..500 {
            x = x
                .wrapping_mul(uint!(6364136223846793005_U256))
                .wrapping_add(U256::from(1));
            let b = x >> (x.as_limbs()[0] % 256);
            let expected = x.checked_div(b).zip(x.checked_rem(b));
            assert_eq!(div_rem(x, b), expected, "{x} / {b}");
        }
    }

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
