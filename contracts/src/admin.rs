//! Governance, access checks and settings plumbing shared by every
//! contract.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use openzeppelin_stylus::access::{
    ownable,
    ownable_two_step::{self, IOwnable2Step as _},
};
use stylus_sdk::{
    prelude::*,
    stylus_core::{log, Host},
};

use crate::{
    errors::{
        NotAContract, NotWired, OwnableUnauthorizedAccount, SettingOutOfBounds, UnauthorizedCaller,
    },
    events::SettingChanged,
};

/// The admin, handed over in two steps: openzeppelin-stylus's
/// `Ownable2Step` with the same interface name, functions, events and
/// errors, routed without its ERC-165 `supportsInterface`. No user of the
/// protocol asks for it, it costs code in every contract, and the interface
/// ids it compares are built by a macro that XORs selectors in `HashMap`
/// order, so that a build routing it differed from one clean build to the
/// next.
#[storage]
pub struct Ownable2Step {
    /// openzeppelin-stylus's: the admin and the admin proposed.
    pub ownable: ownable_two_step::Ownable2Step,
}

#[public]
impl Ownable2Step {
    /// The admin.
    pub fn owner(&self) -> Address {
        self.ownable.owner()
    }

    /// The admin proposed by `transferOwnership` and not yet accepted.
    pub fn pending_owner(&self) -> Address {
        self.ownable.pending_owner()
    }

    /// Admin only: proposes `new_owner`, who takes over by accepting.
    ///
    /// # Errors
    /// `OwnableUnauthorizedAccount`.
    ///
    /// # Events
    /// `OwnershipTransferStarted`.
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), ownable::Error> {
        self.ownable.transfer_ownership(new_owner)
    }

    /// The proposed admin only: takes over.
    ///
    /// # Errors
    /// `OwnableUnauthorizedAccount`.
    ///
    /// # Events
    /// `OwnershipTransferred`.
    pub fn accept_ownership(&mut self) -> Result<(), ownable::Error> {
        self.ownable.accept_ownership()
    }

    /// Admin only: leaves the contract without an admin, for good.
    ///
    /// # Errors
    /// `OwnableUnauthorizedAccount`.
    ///
    /// # Events
    /// `OwnershipTransferred` to zero.
    pub fn renounce_ownership(&mut self) -> Result<(), ownable::Error> {
        self.ownable.renounce_ownership()
    }
}

impl Ownable2Step {
    /// Sets the first admin, at construction.
    ///
    /// # Errors
    /// `OwnableInvalidOwner` if `admin` is zero.
    pub fn constructor(&mut self, admin: Address) -> Result<(), ownable::Error> {
        self.ownable.constructor(admin)
    }
}

/// Fails unless `caller` is the current admin of `admin`.
pub fn only_admin(admin: &Ownable2Step, caller: Address) -> Result<(), OwnableUnauthorizedAccount> {
    if admin.owner() == caller {
        Ok(())
    } else {
        Err(OwnableUnauthorizedAccount { account: caller })
    }
}

/// Fails unless `caller` is `expected` (never the zero address, which is
/// what an unwired contract holds).
pub fn only_caller(expected: Address, caller: Address) -> Result<(), UnauthorizedCaller> {
    if expected == caller && !caller.is_zero() {
        Ok(())
    } else {
        Err(UnauthorizedCaller { caller })
    }
}

/// keccak256 of empty code: the code hash of an account without code (an
/// account that does not exist has hash zero).
const EMPTY_CODE_HASH: B256 =
    alloy_primitives::b256!("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");

/// Fails unless `account` holds code: a proxy delegating to an account
/// without code would take every call and do nothing.
pub fn only_contract(vm: &dyn Host, account: Address) -> Result<(), NotAContract> {
    let code_hash = vm.code_hash(account);
    if code_hash.is_zero() || code_hash == EMPTY_CODE_HASH {
        Err(NotAContract { account })
    } else {
        Ok(())
    }
}

/// `address` if the wiring set it.
pub fn wired(address: Address) -> Result<Address, NotWired> {
    if address.is_zero() {
        Err(NotWired {})
    } else {
        Ok(address)
    }
}

/// Checks the caller is the admin of `admin` and logs that setting `name`
/// becomes `value`.
pub fn admin_setting_changed(
    admin: &Ownable2Step,
    vm: &dyn Host,
    name: &str,
    value: U256,
) -> Result<(), OwnableUnauthorizedAccount> {
    only_admin(admin, vm.msg_sender())?;
    log(
        vm,
        SettingChanged {
            setting: B256::right_padding_from(name.as_bytes()),
            value,
        },
    );
    Ok(())
}

/// `value` as a `u128` if it lies in `[min, max]`.
pub fn within(value: U256, min: u128, max: u128) -> Result<u128, SettingOutOfBounds> {
    u128::try_from(value)
        .ok()
        .filter(|v| (min..=max).contains(v))
        .ok_or(SettingOutOfBounds {
            value,
            min: U256::from(min),
            max: U256::from(max),
        })
}
