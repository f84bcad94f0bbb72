//! rETH, the protocol's liquid staking token.
//!
//! An ERC-20 ([`erc20`]) with EIP-2612 permit that does not rebase:
//! its ETH value rises as rewards arrive. The token also keeps the ledger
//! that values it: `totalEth` is the deposit pool's balance, this contract's
//! balance and the user capital in minipools, which the deposit pool reports
//! here as it assigns ETH and takes it back, less the rewards still locked.
//! So the exchange rate is read from live state without any call.
//!
//! Every gain reaches the rate over the rewards unlock period: ETH sent here
//! (the users' share of skims and smoothing-pool rewards, scrub penalties,
//! donations), the deposit fee the pool passes along with each mint, and an
//! exit's user share above its capital are locked when they arrive and
//! unlock linearly; whatever is still locked is spread again with the new
//! amount over a fresh period. Nobody can deposit just before a reward lands
//! and burn just after it to take it. Losses count at once.
//!
//! Minting is the deposit pool's alone: it passes the deposit down and this
//! contract prices it from the balances it reads itself, so a deposit enters
//! rETH once and rETH never calls back into the pool that is calling it.
//!
//! Burning pays the rETH's ETH value from this contract's balance first;
//! any shortfall is paid by the deposit pool out of its excess straight to
//! the burner.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
// The SDK's entrypoint adds undocumented functions to wasm and export-abi builds.
#![cfg_attr(
    any(target_arch = "wasm32", feature = "export-abi"),
    allow(missing_docs)
)]
#![allow(deprecated)] // stylus-sdk 0.9's `sol_interface!` calls take `call::Call`.
extern crate alloc;

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{address, keccak256, uint, Address, B256, U256};
use contracts::{
    admin::{only_caller, setting_changed, within},
    constants::{
        DEFAULT_REWARDS_UNLOCK_PERIOD, MAX_REWARDS_UNLOCK_PERIOD, MIN_REWARDS_UNLOCK_PERIOD,
        MIN_SUPPLY,
    },
    env::EnvAccess,
    errors::{
        call_failed, send_eth, ArithmeticOverflow, EthTransferFailed, ExternalCallFailed,
        SettingOutOfBounds, UnauthorizedCaller, ZeroAddress,
    },
    interfaces::IDepositPool,
    math, time,
};
use erc20::{
    ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidApprover,
    ERC20InvalidReceiver, ERC20InvalidSender, ERC20InvalidSpender, Erc20,
};
use stylus_sdk::{
    call::Call,
    keccak_const::Keccak256,
    prelude::*,
    storage::{StorageMap, StorageU256},
};

pub mod erc20;

contracts::events! {
    /// rETH was minted to `to` for deposits worth `ethAmount`.
    event TokensMinted(address indexed to, uint256 amount, uint256 ethAmount);
    /// `from` burned `amount` of rETH for `ethAmount`.
    event TokensBurned(address indexed from, uint256 amount, uint256 ethAmount);
    /// ETH arrived as a plain transfer (rewards, user capital).
    event EtherDeposited(address indexed from, uint256 amount);
}

contracts::errors! {
    /// Burning `rethAmount` would pay no ETH (it is zero, or worth less than
    /// a wei).
    error BurnPaysNothing(uint256 rethAmount);
    /// A burn needs `needed` wei but only `available` can be paid now (this
    /// contract's balance plus the deposit pool's excess).
    error InsufficientCollateral(uint256 available, uint256 needed);
    /// A burn would leave `supply` rETH, more than none but less than
    /// `minimum`, where share inflation becomes possible.
    error SupplyBelowMinimum(uint256 supply, uint256 minimum);
}

contracts::errors! {
    /// A permit signed to expire at `deadline`, which has passed.
    error ERC2612ExpiredSignature(uint256 deadline);
    /// A permit for `owner` signed by `signer`.
    error ERC2612InvalidSigner(address signer, address owner);
    /// A permit signature that recovers no signer.
    error ECDSAInvalidSignature();
    /// A permit signature with `s` in the upper half of the curve order,
    /// which EIP-2 rules out so that no signature has a twin.
    error ECDSAInvalidSignatureS(bytes32 s);
}

/// The token's name, which is also its EIP-712 domain name.
const NAME: &str = "Rocket Pool ETH";

/// The EIP-712 type hash of the permit domain.
const DOMAIN_TYPEHASH: [u8; 32] = Keccak256::new()
    .update(b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    .finalize();
/// The hash of [`NAME`], as the domain holds it.
const NAME_HASH: [u8; 32] = Keccak256::new().update(NAME.as_bytes()).finalize();
/// The hash of the domain's version, "1".
const VERSION_HASH: [u8; 32] = Keccak256::new().update(b"1").finalize();
/// The EIP-712 type hash of an EIP-2612 permit.
const PERMIT_TYPEHASH: [u8; 32] = Keccak256::new()
    .update(b"Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)")
    .finalize();
/// The largest `s` a permit signature may have: half the secp256k1 order.
const MAX_SIGNATURE_S: U256 =
    uint!(0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0_U256);
/// The `ecrecover` precompile.
const ECRECOVER: Address = address!("0000000000000000000000000000000000000001");
/// The low bits of the unlocking slot, which hold the unlock period: 24
/// bits, up to 194 days; zero until the period is first set, which reads as
/// the default.
const PERIOD_BITS: u64 = 0xff_ffff;

/// Everything that can go wrong in the token.
#[derive(contracts::SolidityError, Debug)]
pub enum Error {
    /// A burn of nothing.
    BurnPaysNothing(BurnPaysNothing),
    /// Not enough ETH on hand for a burn.
    InsufficientCollateral(InsufficientCollateral),
    /// A burn that would leave a dust supply.
    SupplyBelowMinimum(SupplyBelowMinimum),
    /// A setting outside its hard bounds.
    SettingOutOfBounds(SettingOutOfBounds),
    /// Paying the burner failed.
    EthTransferFailed(EthTransferFailed),
    /// A permit past its deadline.
    ExpiredSignature(ERC2612ExpiredSignature),
    /// A permit signed by someone other than the owner.
    InvalidSigner(ERC2612InvalidSigner),
    /// A malformed permit signature.
    InvalidSignature(ECDSAInvalidSignature),
    /// A permit signature with a high `s`.
    InvalidSignatureS(ECDSAInvalidSignatureS),
    /// Moving more rETH than the holder has.
    InsufficientBalance(ERC20InsufficientBalance),
    /// A transfer from the zero address.
    InvalidSender(ERC20InvalidSender),
    /// A transfer or mint to the zero address.
    InvalidReceiver(ERC20InvalidReceiver),
    /// Spending more than the allowance.
    InsufficientAllowance(ERC20InsufficientAllowance),
    /// Approving the zero address.
    InvalidSpender(ERC20InvalidSpender),
    /// Approving from the zero address.
    InvalidApprover(ERC20InvalidApprover),
    /// A restricted entry point called by someone else.
    UnauthorizedCaller(UnauthorizedCaller),
    /// A zero address where one is needed.
    ZeroAddress(ZeroAddress),
    /// A money computation overflowed, or the backing is gone.
    ArithmeticOverflow(ArithmeticOverflow),
    /// A call to another contract failed.
    ExternalCallFailed(ExternalCallFailed),
}

impl From<erc20::Error> for Error {
    fn from(error: erc20::Error) -> Self {
        match error {
            erc20::Error::InsufficientBalance(e) => e.into(),
            erc20::Error::InvalidSender(e) => e.into(),
            erc20::Error::InvalidReceiver(e) => e.into(),
            erc20::Error::InsufficientAllowance(e) => e.into(),
            erc20::Error::InvalidSpender(e) => e.into(),
            erc20::Error::InvalidApprover(e) => e.into(),
            erc20::Error::ArithmeticOverflow(e) => e.into(),
        }
    }
}

/// State of the rETH token.
#[entrypoint]
#[storage]
pub struct RethToken {
    /// Balances, allowances and supply.
    #[borrow]
    pub erc20: Erc20,
    /// EIP-2612 permit nonces, by owner.
    nonces: StorageMap<Address, StorageU256>,
    /// In one slot, which every valuation reads: the deposit pool (the
    /// only minter, the reporter of user capital, and whose admin is
    /// rETH's) in the low 160 bits, and above it the user ETH in Prelaunch,
    /// Staking and unfinalised Withdrawable minipools (96 bits, room for 79
    /// billion ETH).
    ledger: StorageU256,
    /// The rewards unlocking now and the unlock period, in one slot; see
    /// [`Unlocking`].
    unlocking: StorageU256,
}

/// Rewards unlocking linearly: `amount` was locked at `start` and is all
/// unlocked at `end`. In their slot, from the high bits: the amount (128
/// bits), the start (64) and the end (40 bits, seconds into the year
/// 36812); the low 24 bits ([`PERIOD_BITS`]) hold the unlock period.
struct Unlocking {
    amount: U256,
    start: u64,
    end: u64,
}

impl Unlocking {
    fn unpack(word: U256) -> Self {
        let [times, start, low, high] = word.into_limbs();
        Self {
            amount: U256::from_limbs([low, high, 0, 0]),
            start,
            end: times >> 24,
        }
    }

    /// The packed word, with `period`; `None` if the amount or the end
    /// outgrows its bits (the period, at most 7 days, fits).
    fn pack(&self, period: u64) -> Option<U256> {
        let [low, high, rest @ ..] = self.amount.into_limbs();
        let fits = rest == [0, 0] && self.end >> 40 == 0;
        fits.then(|| U256::from_limbs([(self.end << 24) | period, self.start, low, high]))
    }
}

#[contracts::public]
#[inherit(Erc20)]
impl RethToken {
    /// Sets the deposit pool, for good, and the default rewards unlock
    /// period. rETH has no admin of its own: its one setting is the deposit
    /// pool's admin's to change.
    ///
    /// # Errors
    /// [`ZeroAddress`] if `deposit_pool` is zero.
    #[constructor]
    pub fn constructor(&mut self, deposit_pool: Address) -> Result<(), Error> {
        if deposit_pool.is_zero() {
            return Err(ZeroAddress {}.into());
        }
        self.ledger
            .set(U256::from_be_bytes(deposit_pool.into_word().0));
        Ok(())
    }

    /// The deposit pool, set at construction.
    pub fn get_deposit_pool(&self) -> Address {
        self.deposit_pool()
    }

    /// "Rocket Pool ETH".
    pub fn name(&self) -> String {
        NAME.into()
    }

    /// "rETH".
    pub fn symbol(&self) -> String {
        "rETH".into()
    }

    /// 18.
    pub fn decimals(&self) -> u8 {
        18
    }

    /// ETH backing all rETH: the deposit pool's balance, this contract's
    /// balance and the user capital in minipools, less the rewards still
    /// locked (none of it if losses took more than the rest).
    ///
    /// # Errors
    /// [`ArithmeticOverflow`] (never with real ETH amounts).
    pub fn get_total_eth(&self) -> Result<U256, Error> {
        let vm = self.env();
        let locked = self.get_locked_rewards();
        vm.balance(self.deposit_pool())
            .checked_add(vm.balance(vm.contract_address()))
            .and_then(|held| held.checked_add(self.get_total_user_capital()))
            .map(|total| total.saturating_sub(locked))
            .ok_or_else(|| ArithmeticOverflow {}.into())
    }

    /// Rewards that arrived but have not unlocked into the rate yet (all of
    /// them, should the computation ever overflow).
    pub fn get_locked_rewards(&self) -> U256 {
        let Unlocking { amount, start, end } = Unlocking::unpack(self.unlocking.get());
        math::locked_at(amount, start, end, self.now()).unwrap_or(amount)
    }

    /// Seconds over which each arrival of rewards unlocks into the rate.
    pub fn get_rewards_unlock_period(&self) -> u64 {
        // Zero until the period is first set: the default.
        match self.unlocking.get().as_limbs()[0] & PERIOD_BITS {
            0 => DEFAULT_REWARDS_UNLOCK_PERIOD,
            period => period,
        }
    }

    /// The deposit pool's admin only: the rewards unlock period, 1 hour to
    /// 7 days. Rewards already locked keep their schedule; the period
    /// applies from the next arrival.
    ///
    /// # Errors
    /// [`UnauthorizedCaller`], [`SettingOutOfBounds`],
    /// [`ExternalCallFailed`] (reading the pool's admin).
    ///
    /// # Events
    /// `SettingChanged`.
    pub fn set_rewards_unlock_period(&mut self, period: u64) -> Result<(), Error> {
        within(
            U256::from(period),
            MIN_REWARDS_UNLOCK_PERIOD.into(),
            MAX_REWARDS_UNLOCK_PERIOD.into(),
        )?;
        let pool = self.deposit_pool();
        let admin = IDepositPool::new(pool)
            .owner(&*self)
            .map_err(|e| call_failed(pool, e))?;
        only_caller(admin, self.env().msg_sender())?;
        setting_changed(self.env(), "rewardsUnlockPeriod", U256::from(period));
        // At most 7 days, the period fits its bits.
        let [times, start, low, high] = self.unlocking.get().into_limbs();
        self.unlocking.set(U256::from_limbs([
            (times & !PERIOD_BITS) | period,
            start,
            low,
            high,
        ]));
        Ok(())
    }

    /// `(totalEth, totalSupply)`: the two figures the rate is made of, in
    /// one call.
    ///
    /// # Errors
    /// [`ArithmeticOverflow`].
    pub fn get_backing(&self) -> Result<(U256, U256), Error> {
        Ok((self.get_total_eth()?, self.erc20.total_supply()))
    }

    /// ETH value of 1e18 rETH (1e18 while the supply is zero), rounded down.
    ///
    /// # Errors
    /// [`ArithmeticOverflow`].
    pub fn get_exchange_rate(&self) -> Result<U256, Error> {
        let (total_eth, supply) = self.get_backing()?;
        math::exchange_rate(total_eth, supply).ok_or_else(|| ArithmeticOverflow {}.into())
    }

    /// ETH value of `reth_amount`, rounded down.
    ///
    /// # Errors
    /// [`ArithmeticOverflow`].
    pub fn get_eth_value(&self, reth_amount: U256) -> Result<U256, Error> {
        let (total_eth, supply) = self.get_backing()?;
        math::eth_for_reth(reth_amount, total_eth, supply)
            .ok_or_else(|| ArithmeticOverflow {}.into())
    }

    /// rETH worth `eth_amount`, rounded down.
    ///
    /// # Errors
    /// [`ArithmeticOverflow`], also when the backing is gone.
    pub fn get_reth_value(&self, eth_amount: U256) -> Result<U256, Error> {
        let (total_eth, supply) = self.get_backing()?;
        math::reth_for_eth(eth_amount, total_eth, supply)
            .ok_or_else(|| ArithmeticOverflow {}.into())
    }

    /// User ETH in Prelaunch, Staking and unfinalised Withdrawable
    /// minipools.
    pub fn get_total_user_capital(&self) -> U256 {
        let [_, _, middle, high] = self.ledger.get().into_limbs();
        U256::from_limbs([(middle >> 32) | (high << 32), high >> 32, 0, 0])
    }

    /// ETH available for burns right now: this contract's balance plus the
    /// deposit pool's excess balance.
    ///
    /// # Errors
    /// [`ExternalCallFailed`], [`ArithmeticOverflow`].
    pub fn get_total_collateral(&self) -> Result<U256, Error> {
        let own = self.env().balance(self.env().contract_address());
        own.checked_add(self.pool_excess()?)
            .ok_or_else(|| ArithmeticOverflow {}.into())
    }

    /// Burns `reth_amount` of the caller's rETH and pays its ETH value,
    /// `getEthValue(rethAmount)`, to the caller: from this contract's
    /// balance first, any shortfall from the deposit pool's excess.
    ///
    /// # Errors
    /// [`BurnPaysNothing`], [`InsufficientCollateral`],
    /// [`ERC20InsufficientBalance`], [`SupplyBelowMinimum`],
    /// [`ExternalCallFailed`],
    /// [`EthTransferFailed`], [`ArithmeticOverflow`].
    ///
    /// # Events
    /// `Transfer` to zero and [`TokensBurned`].
    pub fn burn(&mut self, reth_amount: U256) -> Result<(), Error> {
        let burner = self.env().msg_sender();
        // Checked before the collateral, so that burning more than one holds
        // reports that, whatever the collateral; `Erc20::burn` below checks again.
        let balance = self.erc20.balance_of(burner);
        if balance < reth_amount {
            return Err(ERC20InsufficientBalance {
                sender: burner,
                balance,
                needed: reth_amount,
            }
            .into());
        }
        // The balance check above bounds the amount by the supply.
        let supply = self.erc20.total_supply().saturating_sub(reth_amount);
        if !supply.is_zero() && supply < MIN_SUPPLY {
            return Err(SupplyBelowMinimum {
                supply,
                minimum: MIN_SUPPLY,
            }
            .into());
        }
        let eth_amount = self.get_eth_value(reth_amount)?;
        if eth_amount.is_zero() {
            return Err(BurnPaysNothing {
                rethAmount: reth_amount,
            }
            .into());
        }
        self.erc20.burn(burner, reth_amount)?;
        TokensBurned {
            from: burner,
            amount: reth_amount,
            ethAmount: eth_amount,
        }
        .emit(self.env());
        let own = self.env().balance(self.env().contract_address());
        let shortfall = eth_amount.saturating_sub(own);
        if !shortfall.is_zero() {
            // The pool pays the shortfall only if its excess covers it; if
            // not, the burn reverts with all it did.
            let pool = self.deposit_pool();
            let excess = IDepositPool::new(pool)
                .pay_burn_shortfall(Call::new_in(self), burner, shortfall)
                .map_err(|e| call_failed(pool, e))?;
            if excess < shortfall {
                return Err(InsufficientCollateral {
                    available: own.saturating_add(excess),
                    needed: eth_amount,
                }
                .into());
            }
        }
        let from_own = eth_amount
            .checked_sub(shortfall)
            .ok_or(ArithmeticOverflow {})?;
        Ok(send_eth(self.env(), burner, from_own)?)
    }

    /// Deposit pool only: mints to `to` the rETH that `deposit` buys at the
    /// rate before it (the pool's balance already holds it), net of the fee,
    /// `msg.value`, which is locked like any reward. Pricing here saves the
    /// pool a call to read the backing first. Returns the rETH minted: zero,
    /// with nothing done, when that rounds to zero (the pool then refuses
    /// the deposit). Then `assigned`, the user ETH the pool is about to
    /// send to the minipools this deposit lets it assign (still in its
    /// balance while the deposit is priced), counts as user capital: a
    /// deposit that assigns enters rETH once.
    ///
    /// # Errors
    /// [`UnauthorizedCaller`], [`ERC20InvalidReceiver`],
    /// [`ArithmeticOverflow`].
    ///
    /// # Events
    /// `Transfer` from zero and [`TokensMinted`] with the minted rETH's ETH
    /// value.
    #[payable]
    pub fn mint_deposit(
        &mut self,
        to: Address,
        deposit: U256,
        assigned: U256,
    ) -> Result<U256, Error> {
        only_caller(self.deposit_pool(), self.env().msg_sender())?;
        let fee = self.env().msg_value();
        let net = deposit.checked_sub(fee).ok_or(ArithmeticOverflow {})?;
        let supply = self.erc20.total_supply();
        // The deposit and its fee are held (by the pool and here) but the
        // fee is not locked yet: the backing before the deposit is the
        // total now less the whole deposit.
        let total_eth = self.get_total_eth()?;
        let total_before = total_eth
            .checked_sub(deposit)
            .ok_or(ArithmeticOverflow {})?;
        let reth_amount =
            math::reth_for_eth(net, total_before, supply).ok_or(ArithmeticOverflow {})?;
        if reth_amount.is_zero() {
            return Ok(U256::ZERO);
        }
        let mut locked = fee;
        if supply.is_zero() {
            // The first rETH is minted 1:1. ETH that arrived while nobody
            // held rETH (and has unlocked since) backs nothing yet: it is
            // locked again, to reach the holders from now on.
            let orphaned = total_eth.saturating_sub(reth_amount).saturating_sub(fee);
            locked = locked.checked_add(orphaned).ok_or(ArithmeticOverflow {})?;
        }
        self.lock_rewards(locked)?;
        self.erc20.mint(to, reth_amount)?;
        let eth_amount = self.get_eth_value(reth_amount)?;
        TokensMinted {
            to,
            amount: reth_amount,
            ethAmount: eth_amount,
        }
        .emit(self.env());
        if !assigned.is_zero() {
            self.grow_user_capital(assigned)?;
        }
        Ok(reth_amount)
    }

    /// Deposit pool only: `amount` of user ETH went into minipools.
    ///
    /// # Errors
    /// [`UnauthorizedCaller`], [`ArithmeticOverflow`].
    pub fn add_user_capital(&mut self, amount: U256) -> Result<(), Error> {
        only_caller(self.deposit_pool(), self.env().msg_sender())?;
        self.grow_user_capital(amount)
    }

    /// Deposit pool only: `amount` of user capital left minipools, which
    /// were dissolved (their ETH went back to the pool) or exited
    /// (`msg.value` is the users' share of the exit balance: what it holds
    /// above the capital is a gain and is locked, a shortfall is a loss and
    /// counts at once).
    ///
    /// # Errors
    /// [`UnauthorizedCaller`], [`ArithmeticOverflow`].
    #[payable]
    pub fn remove_user_capital(&mut self, amount: U256) -> Result<(), Error> {
        only_caller(self.deposit_pool(), self.env().msg_sender())?;
        self.set_user_capital(self.get_total_user_capital().checked_sub(amount))?;
        self.lock_rewards(self.env().msg_value().saturating_sub(amount))
    }

    /// The next permit nonce of `owner`.
    pub fn nonces(&self, owner: Address) -> U256 {
        self.nonces.get(owner)
    }

    /// The EIP-712 domain that permits are signed for: name
    /// "Rocket Pool ETH", version "1", this chain and this contract.
    #[selector(name = "DOMAIN_SEPARATOR")]
    pub fn domain_separator(&self) -> B256 {
        let vm = self.env();
        hash_words(&[
            DOMAIN_TYPEHASH,
            NAME_HASH,
            VERSION_HASH,
            U256::from(vm.chain_id()).to_be_bytes(),
            vm.contract_address().into_word().0,
        ])
    }

    /// EIP-2612: sets `spender`'s allowance over `owner`'s rETH to `value`,
    /// on the strength of `owner`'s signature `(v, r, s)` of the permit
    /// with `owner`'s next nonce, valid until `deadline`.
    ///
    /// # Errors
    /// [`ERC2612ExpiredSignature`], [`ECDSAInvalidSignatureS`],
    /// [`ECDSAInvalidSignature`], [`ERC2612InvalidSigner`],
    /// [`ERC20InvalidApprover`], [`ERC20InvalidSpender`],
    /// [`ArithmeticOverflow`].
    ///
    /// # Events
    /// `Approval`.
    #[allow(clippy::too_many_arguments)] // EIP-2612's signature.
    pub fn permit(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: u8,
        r: B256,
        s: B256,
    ) -> Result<(), Error> {
        if U256::from(self.env().block_timestamp()) > deadline {
            return Err(ERC2612ExpiredSignature { deadline }.into());
        }
        let nonce = self.nonces.get(owner);
        let next = nonce
            .checked_add(U256::from(1))
            .ok_or(ArithmeticOverflow {})?;
        self.nonces.insert(owner, next);
        let permit = hash_words(&[
            PERMIT_TYPEHASH,
            owner.into_word().0,
            spender.into_word().0,
            value.to_be_bytes(),
            nonce.to_be_bytes(),
            deadline.to_be_bytes(),
        ]);
        let mut message = [0; 66];
        message[..2].copy_from_slice(&[0x19, 0x01]);
        message[2..34].copy_from_slice(self.domain_separator().as_slice());
        message[34..].copy_from_slice(permit.as_slice());
        let digest = keccak256(message);
        let signer = self.recover(digest, v, r, s)?;
        if signer != owner {
            return Err(ERC2612InvalidSigner { signer, owner }.into());
        }
        Ok(self.erc20.set_allowance(owner, spender, value, true)?)
    }

    /// Takes ETH from anyone and locks it as rewards: the users' share of
    /// skims and smoothing-pool rewards, scrub penalties and donations
    /// arrive this way.
    ///
    /// # Events
    /// [`EtherDeposited`].
    #[receive]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        let (from, amount) = (self.env().msg_sender(), self.env().msg_value());
        self.lock_rewards(amount)?;
        EtherDeposited { from, amount }.emit(self.env());
        Ok(())
    }
}

impl RethToken {
    /// The deposit pool, from the ledger slot.
    fn deposit_pool(&self) -> Address {
        Address::from_word(self.ledger.get().into())
    }

    /// Stores `capital` above the deposit pool; [`ArithmeticOverflow`] if
    /// the computation that gave it overflowed or it needs more than 96
    /// bits.
    fn set_user_capital(&mut self, capital: Option<U256>) -> Result<(), Error> {
        let [pool_low, pool_middle, pool_high, _] = self.ledger.get().into_limbs();
        let [low, high, rest @ ..] = capital.ok_or(ArithmeticOverflow {})?.into_limbs();
        if rest != [0, 0] || high >> 32 != 0 {
            return Err(ArithmeticOverflow {}.into());
        }
        self.ledger.set(U256::from_limbs([
            pool_low,
            pool_middle,
            (pool_high & 0xffff_ffff) | (low << 32),
            (low >> 32) | (high << 32),
        ]));
        Ok(())
    }

    fn now(&self) -> u64 {
        time::now(self.env().block_timestamp())
    }

    /// Counts `amount` more user ETH in minipools.
    fn grow_user_capital(&mut self, amount: U256) -> Result<(), Error> {
        self.set_user_capital(self.get_total_user_capital().checked_add(amount))
    }

    /// Adds `amount` to the rewards still locked and spreads them all over
    /// a fresh unlock period from now.
    fn lock_rewards(&mut self, amount: U256) -> Result<(), Error> {
        if amount.is_zero() {
            return Ok(());
        }
        let now = self.now();
        let period = self.get_rewards_unlock_period();
        let unlocking = Unlocking {
            amount: self
                .get_locked_rewards()
                .checked_add(amount)
                .ok_or(ArithmeticOverflow {})?,
            start: now,
            end: now.saturating_add(period),
        };
        self.unlocking
            .set(unlocking.pack(period).ok_or(ArithmeticOverflow {})?);
        Ok(())
    }

    /// The deposit pool's excess balance, which backs burns beyond this
    /// contract's own ETH.
    fn pool_excess(&self) -> Result<U256, Error> {
        let pool = self.deposit_pool();
        Ok(IDepositPool::new(pool)
            .get_excess_balance(self)
            .map_err(|e| call_failed(pool, e))?)
    }

    /// The signer of `digest` by `(v, r, s)`, from the `ecrecover`
    /// precompile; a high `s`, a `v` other than 27 or 28 and a signature
    /// that recovers no one are refused.
    fn recover(&self, digest: B256, v: u8, r: B256, s: B256) -> Result<Address, Error> {
        if U256::from_be_bytes(s.0) > MAX_SIGNATURE_S {
            return Err(ECDSAInvalidSignatureS { s }.into());
        }
        if !matches!(v, 27 | 28) {
            return Err(ECDSAInvalidSignature {}.into());
        }
        let input = [digest.0, U256::from(v).to_be_bytes(), r.0, s.0];
        // A failed call recovers no one, as an empty reply does.
        let output = stylus_sdk::call::static_call(self, ECRECOVER, input.as_flattened())
            .map_err(|e| call_failed(ECRECOVER, e))
            .unwrap_or_default();
        match output.get(12..32).map(Address::from_slice) {
            Some(signer) if !signer.is_zero() => Ok(signer),
            _ => Err(ECDSAInvalidSignature {}.into()),
        }
    }
}

/// keccak256 of `words` laid end to end, as `abi.encode` lays out static
/// values.
fn hash_words(words: &[[u8; 32]]) -> B256 {
    keccak256(words.as_flattened())
}
