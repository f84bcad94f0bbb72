//! Access checks and settings plumbing shared by every contract.

use alloy_primitives::{Address, B256, U256};
use openzeppelin_stylus::access::ownable_two_step::Ownable2Step;
use stylus_sdk::stylus_core::{log, Host};

use crate::{
    errors::{NotWired, OwnableUnauthorizedAccount, SettingOutOfBounds, UnauthorizedCaller},
    events::SettingChanged,
};

/// Fails unless `caller` is the current admin of `admin`.
pub fn only_admin(admin: &Ownable2Step, caller: Address) -> Result<(), OwnableUnauthorizedAccount> {
    if admin.ownable.owner() == caller {
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
