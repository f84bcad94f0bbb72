//! rETH's ERC-20 core: balances, allowances and supply, with the
//! functions, events and errors of openzeppelin-stylus's ERC-20
//! (`tests/tests/abi.rs` compares the published interface with it, and
//! `tests/tests/integrators.rs` walks the behaviour). It is written here
//! rather than taken from openzeppelin-stylus because that crate turns on
//! alloy's compiled-in keccak for every contract in the build, which cost
//! each of them 1.6 KB of wasm and every storage lookup its speed.
#![allow(missing_docs)] // `sol!` items are documented by their doc comments.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, U256};
use contracts::{env::EnvAccess, errors::ArithmeticOverflow};
use stylus_sdk::{
    prelude::*,
    storage::{StorageMap, StorageU256},
};

contracts::events! {
    /// `value` rETH moved from `from` to `to` (from zero: minted; to zero:
    /// burned).
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// `owner` allowed `spender` to move `value` of its rETH.
    event Approval(address indexed owner, address indexed spender, uint256 value);
}

contracts::errors! {
    /// `sender` holds `balance`, less than the `needed` it moves.
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
    /// rETH cannot move from `sender` (the zero address).
    error ERC20InvalidSender(address sender);
    /// rETH cannot move to `receiver` (the zero address).
    error ERC20InvalidReceiver(address receiver);
    /// `spender` may move `allowance`, less than the `needed` it moves.
    error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    /// `approver` (the zero address) cannot approve.
    error ERC20InvalidApprover(address approver);
    /// `spender` (the zero address) cannot be approved.
    error ERC20InvalidSpender(address spender);
}

/// What can go wrong in moving or approving rETH (encoded as rETH's
/// [`crate::Error`], which holds these errors too, so that each is encoded
/// once in the program).
#[derive(contracts::SolidityError, Debug)]
#[solidity_error(via = crate::Error)]
pub enum Error {
    /// Moving more than the holder has.
    InsufficientBalance(ERC20InsufficientBalance),
    /// Moving from the zero address.
    InvalidSender(ERC20InvalidSender),
    /// Moving to the zero address.
    InvalidReceiver(ERC20InvalidReceiver),
    /// Spending more than the allowance.
    InsufficientAllowance(ERC20InsufficientAllowance),
    /// Approving from the zero address.
    InvalidApprover(ERC20InvalidApprover),
    /// Approving the zero address.
    InvalidSpender(ERC20InvalidSpender),
    /// A mint past `U256::MAX` (never with real ETH amounts).
    ArithmeticOverflow(ArithmeticOverflow),
}

/// Balances, allowances and supply.
#[storage]
pub struct Erc20 {
    /// rETH held, by holder.
    balances: StorageMap<Address, StorageU256>,
    /// rETH each spender may move, by owner and spender.
    allowances: StorageMap<Address, StorageMap<Address, StorageU256>>,
    /// rETH in existence.
    total_supply: StorageU256,
}

#[contracts::public]
impl Erc20 {
    /// rETH in existence.
    pub fn total_supply(&self) -> U256 {
        self.total_supply.get()
    }

    /// rETH held by `account`.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    /// Moves `value` of the caller's rETH to `to`; returns true.
    ///
    /// # Errors
    /// [`ERC20InvalidReceiver`], [`ERC20InsufficientBalance`].
    ///
    /// # Events
    /// [`Transfer`].
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        let from = self.env().msg_sender();
        self.move_tokens(from, to, value)?;
        Ok(true)
    }

    /// rETH that `spender` may still move for `owner`.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances.getter(owner).get(spender)
    }

    /// Lets `spender` move `value` of the caller's rETH, replacing any
    /// allowance before (`U256::MAX` is never spent down); returns true.
    ///
    /// # Errors
    /// [`ERC20InvalidSpender`].
    ///
    /// # Events
    /// [`Approval`].
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        let owner = self.env().msg_sender();
        self.set_allowance(owner, spender, value, true)?;
        Ok(true)
    }

    /// Moves `value` of `from`'s rETH to `to` out of the caller's
    /// allowance; returns true.
    ///
    /// # Errors
    /// [`ERC20InsufficientAllowance`], [`ERC20InvalidSender`],
    /// [`ERC20InvalidReceiver`], [`ERC20InsufficientBalance`].
    ///
    /// # Events
    /// [`Transfer`].
    pub fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Error> {
        let spender = self.env().msg_sender();
        let allowance = self.allowance(from, spender);
        if allowance != U256::MAX {
            let left = allowance
                .checked_sub(value)
                .ok_or(ERC20InsufficientAllowance {
                    spender,
                    allowance,
                    needed: value,
                })?;
            self.set_allowance(from, spender, left, false)?;
        }
        self.move_tokens(from, to, value)?;
        Ok(true)
    }
}

impl Erc20 {
    /// Creates `value` rETH for `account`.
    ///
    /// # Errors
    /// [`ERC20InvalidReceiver`] for the zero address, [`ArithmeticOverflow`].
    ///
    /// # Events
    /// [`Transfer`] from zero.
    pub fn mint(&mut self, account: Address, value: U256) -> Result<(), Error> {
        if account.is_zero() {
            return Err(ERC20InvalidReceiver { receiver: account }.into());
        }
        self.update(Address::ZERO, account, value)
    }

    /// Destroys `value` of `account`'s rETH.
    ///
    /// # Errors
    /// [`ERC20InvalidSender`] for the zero address, [`ERC20InsufficientBalance`].
    ///
    /// # Events
    /// [`Transfer`] to zero.
    pub fn burn(&mut self, account: Address, value: U256) -> Result<(), Error> {
        if account.is_zero() {
            return Err(ERC20InvalidSender { sender: account }.into());
        }
        self.update(account, Address::ZERO, value)
    }

    /// Sets what `spender` may move for `owner`, logging it if `announce`
    /// (an allowance spent down is not announced, as in openzeppelin-stylus).
    ///
    /// # Errors
    /// [`ERC20InvalidApprover`], [`ERC20InvalidSpender`].
    ///
    /// # Events
    /// [`Approval`] if `announce`.
    pub fn set_allowance(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        announce: bool,
    ) -> Result<(), Error> {
        if owner.is_zero() {
            return Err(ERC20InvalidApprover { approver: owner }.into());
        }
        if spender.is_zero() {
            return Err(ERC20InvalidSpender { spender }.into());
        }
        self.allowances.setter(owner).insert(spender, value);
        if announce {
            Approval {
                owner,
                spender,
                value,
            }
            .emit(self.env());
        }
        Ok(())
    }

    /// Moves `value` from `from` to `to`, neither of them zero.
    fn move_tokens(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            return Err(ERC20InvalidSender { sender: from }.into());
        }
        if to.is_zero() {
            return Err(ERC20InvalidReceiver { receiver: to }.into());
        }
        self.update(from, to, value)
    }

    /// Moves `value` from `from` to `to`, minting from zero and burning to
    /// zero.
    fn update(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            let supply = self
                .total_supply
                .get()
                .checked_add(value)
                .ok_or(ArithmeticOverflow {})?;
            self.total_supply.set(supply);
        } else {
            let balance = self.balances.get(from);
            let left = balance.checked_sub(value).ok_or(ERC20InsufficientBalance {
                sender: from,
                balance,
                needed: value,
            })?;
            self.balances.insert(from, left);
        }
        // Bounded by the supply, which is checked above: neither can wrap.
        if to.is_zero() {
            let supply = self.total_supply.get().saturating_sub(value);
            self.total_supply.set(supply);
        } else {
            let balance = self.balances.get(to).saturating_add(value);
            self.balances.insert(to, balance);
        }
        Transfer { from, to, value }.emit(self.env());
        Ok(())
    }
}
