//! Governance, access checks and settings plumbing shared by every
//! contract.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use stylus_sdk::{prelude::*, storage::StorageAddress};

use crate::{
    env::{Env, EnvAccess},
    errors::{
        NotAContract, NotWired, OwnableInvalidOwner, OwnableUnauthorizedAccount,
        SettingOutOfBounds, UnauthorizedCaller,
    },
    events::{OwnershipTransferStarted, OwnershipTransferred, SettingChanged},
};

/// What can go wrong in handing the admin over.
#[derive(crate::SolidityError, Debug)]
pub enum Error {
    /// A step taken by someone it is not for.
    UnauthorizedAccount(OwnableUnauthorizedAccount),
}

/// The admin, handed over in two steps: the interface, events and errors
/// of openzeppelin-stylus's `Ownable2Step` (without ERC-165's `supportsInterface`,
/// which no user of the protocol asks for). The admin proposes a successor,
/// who takes over by accepting; until then the old admin alone holds the
/// rights.
#[storage]
pub struct Ownable2Step {
    /// The admin.
    owner: StorageAddress,
    /// The admin proposed and not yet accepted.
    pending_owner: StorageAddress,
}

#[crate::public]
impl Ownable2Step {
    /// The admin.
    pub fn owner(&self) -> Address {
        self.owner.get()
    }

    /// The admin proposed by `transferOwnership` and not yet accepted.
    pub fn pending_owner(&self) -> Address {
        self.pending_owner.get()
    }

    /// Admin only: proposes `new_owner`, who takes over by accepting.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`].
    ///
    /// # Events
    /// [`OwnershipTransferStarted`].
    pub fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        let owner = self.owner.get();
        let caller = self.env().msg_sender();
        only_admin(self, caller)?;
        self.pending_owner.set(new_owner);
        OwnershipTransferStarted {
            previousOwner: owner,
            newOwner: new_owner,
        }
        .emit(self.env());
        Ok(())
    }

    /// The proposed admin only: takes over.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`].
    ///
    /// # Events
    /// [`OwnershipTransferred`].
    pub fn accept_ownership(&mut self) -> Result<(), Error> {
        let caller = self.env().msg_sender();
        if caller != self.pending_owner.get() {
            return Err(OwnableUnauthorizedAccount { account: caller }.into());
        }
        self.hand_over(caller);
        Ok(())
    }

    /// Admin only: leaves the contract without an admin, for good.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`].
    ///
    /// # Events
    /// [`OwnershipTransferred`] to zero.
    pub fn renounce_ownership(&mut self) -> Result<(), Error> {
        let caller = self.env().msg_sender();
        only_admin(self, caller)?;
        self.hand_over(Address::ZERO);
        Ok(())
    }
}

impl Ownable2Step {
    /// Sets the first admin, at construction.
    ///
    /// # Errors
    /// [`OwnableInvalidOwner`] if `admin` is zero.
    ///
    /// # Events
    /// [`OwnershipTransferred`] from zero.
    pub fn constructor(&mut self, admin: Address) -> Result<(), OwnableInvalidOwner> {
        if admin.is_zero() {
            return Err(OwnableInvalidOwner { owner: admin });
        }
        self.hand_over(admin);
        Ok(())
    }

    /// Makes `new_owner` the admin and drops any proposal.
    fn hand_over(&mut self, new_owner: Address) {
        let previous_owner = self.owner.get();
        self.owner.set(new_owner);
        self.pending_owner.set(Address::ZERO);
        OwnershipTransferred {
            previousOwner: previous_owner,
            newOwner: new_owner,
        }
        .emit(self.env());
    }
}

/// Fails unless `caller` is the current admin of `admin`.
pub fn only_admin(admin: &Ownable2Step, caller: Address) -> Result<(), OwnableUnauthorizedAccount> {
    if admin.owner.get() == caller {
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
pub fn only_contract(vm: &Env, account: Address) -> Result<(), NotAContract> {
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
    vm: &Env,
    name: &str,
    value: U256,
) -> Result<(), OwnableUnauthorizedAccount> {
    only_admin(admin, vm.msg_sender())?;
    setting_changed(vm, name, value);
    Ok(())
}

/// Logs that setting `name` becomes `value`.
pub fn setting_changed(vm: &Env, name: &str, value: U256) {
    SettingChanged {
        setting: B256::right_padding_from(name.as_bytes()),
        value,
    }
    .emit(vm);
}

/// `value` as a `u128` if it lies in `[min, max]`.
pub fn within(value: U256, min: u128, max: u128) -> Result<u128, SettingOutOfBounds> {
    let (min, max) = (U256::from(min), U256::from(max));
    if value < min || value > max {
        return Err(SettingOutOfBounds { value, min, max });
    }
    // At most `max`, so it fits in the low two limbs.
    let [low, high, ..] = value.into_limbs();
    Ok(u128::from(low) | u128::from(high).wrapping_shl(64))
}
