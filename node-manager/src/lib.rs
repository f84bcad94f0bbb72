//! The node manager: the registry of node operators.
//!
//! Node operators register here with their timezone and choose where their
//! ETH is paid: the withdrawal address, the node itself until changed, and
//! changed either at once or in two steps (propose, then confirm from the new
//! address). Every payment to a node, by minipools and by the smoothing pool,
//! goes to this address. The node manager calls no other contract.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
// The SDK's entrypoint adds undocumented functions to wasm and export-abi builds.
#![cfg_attr(
    any(target_arch = "wasm32", feature = "export-abi"),
    allow(missing_docs)
)]
extern crate alloc;

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{Address, FixedBytes, B256, U256, U32, U8};
use contracts::{
    admin::{admin_setting_changed, Ownable2Step},
    constants::{MAX_TIMEZONE_LENGTH, MIN_TIMEZONE_LENGTH},
    env::EnvAccess,
    errors::{ArithmeticOverflow, OwnableInvalidOwner, OwnableUnauthorizedAccount, ZeroAddress},
    math,
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageFixedBytes, StorageMap, StorageU32, StorageU8},
};

contracts::events! {
    /// `node` registered as a node operator.
    event NodeRegistered(address indexed node);
    /// `node` changed its timezone location.
    event NodeTimezoneLocationSet(address indexed node, string timezoneLocation);
    /// `node`'s ETH is paid to `withdrawalAddress` from now on.
    event NodeWithdrawalAddressSet(address indexed node, address indexed withdrawalAddress);
    /// `node`'s withdrawal address proposed `pending`, which must confirm.
    event NodeWithdrawalAddressProposed(address indexed node, address indexed pending);
}

contracts::errors! {
    /// Registration of new nodes is switched off.
    error RegistrationDisabled();
    /// `node` is registered already.
    error NodeAlreadyRegistered(address node);
    /// `node` is not a registered node.
    error NodeNotRegistered(address node);
    /// A timezone location must be 4 to 64 bytes long.
    error InvalidTimezoneLocation(uint256 length);
    /// Only `node`'s withdrawal address may change it.
    error NotWithdrawalAddress(address caller);
    /// Only `node`'s pending withdrawal address may confirm it.
    error NotPendingWithdrawalAddress(address caller);
}

/// Everything that can go wrong in the node manager.
#[derive(contracts::SolidityError, Debug)]
pub enum Error {
    /// Registration is off.
    RegistrationDisabled(RegistrationDisabled),
    /// Registered twice.
    NodeAlreadyRegistered(NodeAlreadyRegistered),
    /// Not a registered node.
    NodeNotRegistered(NodeNotRegistered),
    /// Timezone string of the wrong length.
    InvalidTimezoneLocation(InvalidTimezoneLocation),
    /// Not the node's withdrawal address.
    NotWithdrawalAddress(NotWithdrawalAddress),
    /// Not the node's pending withdrawal address.
    NotPendingWithdrawalAddress(NotPendingWithdrawalAddress),
    /// The caller is not the admin.
    UnauthorizedAccount(OwnableUnauthorizedAccount),
    /// The admin given at construction is the zero address.
    InvalidOwner(OwnableInvalidOwner),
    /// A zero address where one is needed.
    ZeroAddress(ZeroAddress),
    /// A computation overflowed.
    ArithmeticOverflow(ArithmeticOverflow),
}

/// A registered node operator.
#[storage]
pub struct NodeRecord {
    /// Whether the node registered.
    registered: StorageBool,
    /// Where the node's ETH is paid; zero means the node itself.
    withdrawal_address: StorageAddress,
    /// Bytes in the timezone location (4 to 64), in the slot of the two
    /// fields above.
    timezone_length: StorageU8,
    /// A withdrawal address proposed and not yet confirmed.
    pending_withdrawal_address: StorageAddress,
    /// The timezone location's first 32 bytes, zero-padded, e.g.
    /// "Europe/Berlin".
    timezone_head: StorageFixedBytes<32>,
    /// Its bytes past the 32nd, zero-padded; written only when there are
    /// any.
    timezone_tail: StorageFixedBytes<32>,
}

impl NodeRecord {
    /// The timezone location.
    fn timezone_location(&self) -> String {
        let length = usize::from(self.timezone_length.get().to::<u8>());
        let tail = if length > 32 {
            self.timezone_tail.get()
        } else {
            B256::ZERO
        };
        let mut bytes = [self.timezone_head.get().0, tail.0].as_flattened().to_vec();
        bytes.truncate(length);
        String::from_utf8(bytes).unwrap_or_default()
    }

    /// Stores `timezone_location`, which [`check_timezone`] accepted.
    fn set_timezone_location(&mut self, timezone_location: &str) {
        let bytes = timezone_location.as_bytes();
        let (head, tail) = bytes.split_at(bytes.len().min(32));
        self.timezone_length
            .set(U8::from(u8::try_from(bytes.len()).unwrap_or(u8::MAX)));
        self.timezone_head.set(FixedBytes::right_padding_from(head));
        if !tail.is_empty() {
            self.timezone_tail.set(FixedBytes::right_padding_from(tail));
        }
    }
}

/// State of the node manager.
#[entrypoint]
#[storage]
pub struct NodeManager {
    /// Protocol governance, handed over in two steps.
    #[borrow]
    admin: Ownable2Step,
    /// Whether new nodes may register.
    registration_enabled: StorageBool,
    /// Registered nodes.
    node_count: StorageU32,
    /// Node records.
    nodes: StorageMap<Address, NodeRecord>,
    /// Nodes in registration order.
    node_list: StorageMap<u32, StorageAddress>,
}

#[contracts::public]
#[inherit(Ownable2Step)]
impl NodeManager {
    /// Sets the admin; registration opens.
    ///
    /// # Errors
    /// [`OwnableInvalidOwner`] if `admin` is zero.
    #[constructor]
    pub fn constructor(&mut self, admin: Address) -> Result<(), Error> {
        self.admin.constructor(admin)?;
        self.registration_enabled.set(true);
        Ok(())
    }

    /// Registers the caller as a node operator in `timezone_location`.
    ///
    /// # Errors
    /// [`RegistrationDisabled`], [`NodeAlreadyRegistered`],
    /// [`InvalidTimezoneLocation`].
    ///
    /// # Events
    /// [`NodeRegistered`].
    pub fn register_node(&mut self, timezone_location: String) -> Result<(), Error> {
        let node = self.env().msg_sender();
        if !self.registration_enabled.get() {
            return Err(RegistrationDisabled {}.into());
        }
        if self.nodes.get(node).registered.get() {
            return Err(NodeAlreadyRegistered { node }.into());
        }
        check_timezone(&timezone_location)?;
        let index = self.node_count.get().to::<u32>();
        self.node_count.set(U32::from(
            index.checked_add(1).ok_or(ArithmeticOverflow {})?,
        ));
        self.node_list.setter(index).set(node);
        let mut record = self.nodes.setter(node);
        record.registered.set(true);
        record.set_timezone_location(&timezone_location);
        NodeRegistered { node }.emit(self.env());
        Ok(())
    }

    /// Whether `node` is registered.
    pub fn get_node_exists(&self, node: Address) -> bool {
        self.nodes.get(node).registered.get()
    }

    /// How many nodes registered.
    pub fn get_node_count(&self) -> U256 {
        math::widen(self.node_count.get())
    }

    /// The `index`-th node to register (zero past the end).
    pub fn get_node_at(&self, index: U256) -> Address {
        u32::try_from(index)
            .map(|i| self.node_list.get(i))
            .unwrap_or_default()
    }

    /// `node`'s timezone location.
    pub fn get_node_timezone_location(&self, node: Address) -> String {
        self.nodes.get(node).timezone_location()
    }

    /// Changes the calling node's timezone location.
    ///
    /// # Errors
    /// [`NodeNotRegistered`], [`InvalidTimezoneLocation`].
    ///
    /// # Events
    /// [`NodeTimezoneLocationSet`].
    pub fn set_timezone_location(&mut self, timezone_location: String) -> Result<(), Error> {
        let node = self.registered_caller()?;
        check_timezone(&timezone_location)?;
        self.nodes
            .setter(node)
            .set_timezone_location(&timezone_location);
        NodeTimezoneLocationSet {
            node,
            timezoneLocation: timezone_location,
        }
        .emit(self.env());
        Ok(())
    }

    /// Where `node`'s ETH is paid: the node itself until changed.
    pub fn get_node_withdrawal_address(&self, node: Address) -> Address {
        let set = self.nodes.get(node).withdrawal_address.get();
        if set.is_zero() {
            node
        } else {
            set
        }
    }

    /// The withdrawal address proposed for `node` and not yet confirmed.
    pub fn get_node_pending_withdrawal_address(&self, node: Address) -> Address {
        self.nodes.get(node).pending_withdrawal_address.get()
    }

    /// `node`'s current withdrawal address only: sets `new_address` at once
    /// (`confirm`), or proposes it for `new_address` to confirm.
    ///
    /// # Errors
    /// [`NodeNotRegistered`], [`NotWithdrawalAddress`], [`ZeroAddress`].
    ///
    /// # Events
    /// [`NodeWithdrawalAddressSet`] or [`NodeWithdrawalAddressProposed`].
    pub fn set_withdrawal_address(
        &mut self,
        node: Address,
        new_address: Address,
        confirm: bool,
    ) -> Result<(), Error> {
        let caller = self.env().msg_sender();
        if !self.get_node_exists(node) {
            return Err(NodeNotRegistered { node }.into());
        }
        if caller != self.get_node_withdrawal_address(node) {
            return Err(NotWithdrawalAddress { caller }.into());
        }
        if new_address.is_zero() {
            return Err(ZeroAddress {}.into());
        }
        if confirm {
            self.change_withdrawal_address(node, new_address);
        } else {
            self.nodes
                .setter(node)
                .pending_withdrawal_address
                .set(new_address);
            NodeWithdrawalAddressProposed {
                node,
                pending: new_address,
            }
            .emit(self.env());
        }
        Ok(())
    }

    /// `node`'s pending withdrawal address only: becomes its withdrawal
    /// address.
    ///
    /// # Errors
    /// [`NotPendingWithdrawalAddress`].
    ///
    /// # Events
    /// [`NodeWithdrawalAddressSet`].
    pub fn confirm_withdrawal_address(&mut self, node: Address) -> Result<(), Error> {
        let caller = self.env().msg_sender();
        if caller.is_zero() || caller != self.get_node_pending_withdrawal_address(node) {
            return Err(NotPendingWithdrawalAddress { caller }.into());
        }
        self.change_withdrawal_address(node, caller);
        Ok(())
    }

    /// Whether new nodes may register.
    pub fn get_registration_enabled(&self) -> bool {
        self.registration_enabled.get()
    }

    /// Admin only: opens or closes registration.
    ///
    /// # Errors
    /// [`OwnableUnauthorizedAccount`].
    ///
    /// # Events
    /// `SettingChanged`.
    pub fn set_registration_enabled(&mut self, enabled: bool) -> Result<(), Error> {
        admin_setting_changed(
            &self.admin,
            self.env(),
            "registrationEnabled",
            U256::from(u8::from(enabled)),
        )?;
        self.registration_enabled.set(enabled);
        Ok(())
    }
}

impl NodeManager {
    fn registered_caller(&self) -> Result<Address, NodeNotRegistered> {
        let node = self.env().msg_sender();
        if self.get_node_exists(node) {
            Ok(node)
        } else {
            Err(NodeNotRegistered { node })
        }
    }

    fn change_withdrawal_address(&mut self, node: Address, new_address: Address) {
        let mut record = self.nodes.setter(node);
        record.withdrawal_address.set(new_address);
        record.pending_withdrawal_address.set(Address::ZERO);
        NodeWithdrawalAddressSet {
            node,
            withdrawalAddress: new_address,
        }
        .emit(self.env());
    }
}

fn check_timezone(timezone_location: &str) -> Result<(), InvalidTimezoneLocation> {
    if (MIN_TIMEZONE_LENGTH..=MAX_TIMEZONE_LENGTH).contains(&timezone_location.len()) {
        Ok(())
    } else {
        Err(InvalidTimezoneLocation {
            length: U256::from(timezone_location.len()),
        })
    }
}
