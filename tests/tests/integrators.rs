//! rETH as integrators meet it: ERC-20 behaviour in the style of the
//! standard suites, EIP-2612 permits signed with real secp256k1 keys,
//! donation games, and rounding at the edges.
#![allow(deprecated)] // motsu's `Balance` reads accounts through the SDK's old API.

use alloy_primitives::{keccak256, uint, Address, B256, U256};
use alloy_signer::SignerSync;
use alloy_signer_local::PrivateKeySigner;
use alloy_sol_types::SolValue;
use contracts::constants::MIN_SUPPLY;
use motsu::prelude::*;
use reth_token::{
    erc20::{self, Approval, Transfer},
    Error,
};
use tests::{assert_reverts, eth, Protocol, Wallet};

/// The time motsu's blocks carry.
const NOW: u64 = 1_735_689_600;

/// A protocol where `holder` owns the rETH of a 10-ETH deposit.
fn with_holder(admin: Address, holder: Address) -> Protocol {
    let mut protocol = Protocol::deploy(admin);
    protocol.deposit(holder, eth(10)).motsu_unwrap();
    protocol
}

#[motsu::test]
fn transfers_behave_like_any_erc20(admin: Address, alice: Address, bob: Address) {
    let protocol = with_holder(admin, alice);
    let held = protocol.reth_of(alice);
    let erc20 = |who| protocol.reth.sender(who);

    // A transfer returns true, moves the amount and logs it.
    assert!(erc20(alice).erc20.transfer(bob, eth(1)).motsu_unwrap());
    assert_eq!(protocol.reth_of(bob), eth(1));
    assert_eq!(protocol.reth_of(alice), held - eth(1));
    protocol.reth.assert_emitted(&Transfer {
        from: alice,
        to: bob,
        value: eth(1),
    });
    // To oneself and of zero: allowed, logged, nothing moves.
    assert!(erc20(alice).erc20.transfer(alice, eth(1)).motsu_unwrap());
    assert!(erc20(bob).erc20.transfer(alice, U256::ZERO).motsu_unwrap());
    protocol.reth.assert_emitted(&Transfer {
        from: bob,
        to: alice,
        value: U256::ZERO,
    });
    assert_eq!(protocol.reth_of(alice), held - eth(1));
    assert_eq!(protocol.supply(), held);
    // More than held, or to the zero address: typed errors, nothing moves.
    assert_reverts!(
        erc20(bob).erc20.transfer(alice, eth(1) + U256::from(1)),
        erc20::Error::InsufficientBalance(e)
            if e.balance == eth(1) && e.needed == eth(1) + U256::from(1)
    );
    assert_reverts!(
        erc20(bob).erc20.transfer(Address::ZERO, U256::from(1)),
        erc20::Error::InvalidReceiver(_)
    );
    assert_eq!(protocol.reth_of(bob), eth(1));
}

#[motsu::test]
fn allowances_behave_like_any_erc20(admin: Address, alice: Address, router: Address, bob: Address) {
    let protocol = with_holder(admin, alice);
    let erc20 = |who| protocol.reth.sender(who);
    let allowance = || erc20(admin).erc20.allowance(alice, router);

    assert!(erc20(alice).erc20.approve(router, eth(3)).motsu_unwrap());
    protocol.reth.assert_emitted(&Approval {
        owner: alice,
        spender: router,
        value: eth(3),
    });
    assert!(erc20(router)
        .erc20
        .transfer_from(alice, bob, eth(2))
        .motsu_unwrap());
    assert_eq!(allowance(), eth(1));
    assert_eq!(protocol.reth_of(bob), eth(2));
    assert_reverts!(
        erc20(router).erc20.transfer_from(alice, bob, eth(2)),
        erc20::Error::InsufficientAllowance(e)
            if e.allowance == eth(1) && e.needed == eth(2)
    );

    // The allowance race: approve replaces, it never adds. A spender that
    // front-runs a change from 1 to 5 can spend 1, then 5, never more; the
    // owner avoids even that by going through zero.
    erc20(router)
        .erc20
        .transfer_from(alice, bob, eth(1))
        .motsu_unwrap();
    assert!(erc20(alice).erc20.approve(router, eth(5)).motsu_unwrap());
    assert_eq!(allowance(), eth(5));
    assert!(erc20(alice)
        .erc20
        .approve(router, U256::ZERO)
        .motsu_unwrap());
    assert_eq!(allowance(), U256::ZERO);

    // An unlimited allowance is never spent down.
    erc20(alice).erc20.approve(router, U256::MAX).motsu_unwrap();
    erc20(router)
        .erc20
        .transfer_from(alice, bob, eth(1))
        .motsu_unwrap();
    assert_eq!(allowance(), U256::MAX);
    assert_reverts!(
        erc20(alice).erc20.approve(Address::ZERO, eth(1)),
        erc20::Error::InvalidSpender(_)
    );
}

/// An EIP-2612 permit, signed by `signer`, for a token at `token` with
/// domain `name` on `chain_id`.
struct Permit {
    owner: Address,
    spender: Address,
    value: U256,
    nonce: U256,
    deadline: U256,
}

impl Permit {
    /// `owner`'s first permit: `spender` may move 4 rETH, for an hour.
    fn first(owner: Address, spender: Address) -> Self {
        Self {
            owner,
            spender,
            value: eth(4),
            nonce: U256::ZERO,
            deadline: U256::from(NOW + 3600),
        }
    }

    /// The EIP-712 domain separator wallets compute for a token.
    fn domain(name: &str, chain_id: u64, token: Address) -> B256 {
        keccak256(
            (
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
                ),
                keccak256(name),
                keccak256("1"),
                U256::from(chain_id),
                token,
            )
                .abi_encode(),
        )
    }

    /// What the owner signs, on the domain of `name`, `chain_id`, `token`.
    fn digest(&self, name: &str, chain_id: u64, token: Address) -> B256 {
        let permit = keccak256(
            (
                keccak256(
                    "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)",
                ),
                self.owner,
                self.spender,
                self.value,
                self.nonce,
                self.deadline,
            )
                .abi_encode(),
        );
        let domain = Self::domain(name, chain_id, token);
        keccak256([&[0x19, 0x01], domain.as_slice(), permit.as_slice()].concat())
    }

    /// Submits the permit with `signer`'s signature over `digest`.
    fn submit(
        &self,
        protocol: &Protocol,
        relayer: Address,
        signer: &PrivateKeySigner,
        digest: B256,
    ) -> Result<(), Error> {
        let signature = signer.sign_hash_sync(&digest).unwrap();
        let v = 27 + u8::from(signature.v());
        self.submit_signature(protocol, relayer, v, signature.r(), signature.s())
    }

    /// Submits the permit with the signature `(v, r, s)`.
    fn submit_signature(
        &self,
        protocol: &Protocol,
        relayer: Address,
        v: u8,
        r: U256,
        s: U256,
    ) -> Result<(), Error> {
        protocol
            .reth
            .sender(relayer)
            .permit(
                self.owner,
                self.spender,
                self.value,
                self.deadline,
                v,
                r.into(),
                s.into(),
            )
            .motsu_res()
    }
}

#[motsu::test]
fn permits_need_the_owners_fresh_signature_on_this_domain(
    admin: Address,
    spender: Address,
    relayer: Address,
) {
    let owner_key = PrivateKeySigner::random();
    let owner = owner_key.address();
    let protocol = with_holder(admin, owner);
    let token = protocol.reth.address();
    let chain_id = 42_161; // motsu's chain
    let permit = Permit::first(owner, spender);
    let digest = permit.digest("Rocket Pool ETH", chain_id, token);
    // The domain is the one wallets compute from the name, version 1, the
    // chain and the token's address.
    assert_eq!(
        protocol.reth.sender(admin).domain_separator(),
        Permit::domain("Rocket Pool ETH", chain_id, token)
    );

    // Wrong signer, wrong domain (chain, name), expired: all refused.
    let stranger_key = PrivateKeySigner::random();
    let err = permit
        .submit(&protocol, relayer, &stranger_key, digest)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidSigner(e) if e.owner == owner));
    for wrong in [
        permit.digest("Rocket Pool ETH", 1, token),
        permit.digest("rETH", chain_id, token),
        permit.digest("Rocket Pool ETH", chain_id, spender),
    ] {
        let err = permit
            .submit(&protocol, relayer, &owner_key, wrong)
            .unwrap_err();
        assert!(matches!(err, Error::InvalidSigner(_)));
    }
    let expired = Permit {
        deadline: U256::from(NOW - 1),
        ..permit
    };
    let err = expired
        .submit(
            &protocol,
            relayer,
            &owner_key,
            expired.digest("Rocket Pool ETH", chain_id, token),
        )
        .unwrap_err();
    assert!(matches!(err, Error::ExpiredSignature(_)));
    assert_eq!(protocol.reth.sender(admin).nonces(owner), U256::ZERO);
    assert_eq!(
        protocol.reth.sender(admin).erc20.allowance(owner, spender),
        U256::ZERO
    );

    // The right one, relayed by anyone: the allowance is set and logged,
    // the nonce moves on, and the same signature cannot be replayed.
    let permit = Permit {
        deadline: U256::from(NOW + 3600),
        ..expired
    };
    permit
        .submit(&protocol, relayer, &owner_key, digest)
        .motsu_unwrap();
    assert_eq!(
        protocol.reth.sender(admin).erc20.allowance(owner, spender),
        eth(4)
    );
    protocol.reth.assert_emitted(&Approval {
        owner,
        spender,
        value: eth(4),
    });
    assert_eq!(protocol.reth.sender(admin).nonces(owner), U256::from(1));
    let err = permit
        .submit(&protocol, relayer, &owner_key, digest)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidSigner(_)));
    // The spender uses it like any allowance.
    protocol
        .reth
        .sender(spender)
        .erc20
        .transfer_from(owner, spender, eth(4))
        .motsu_unwrap();
    assert_eq!(protocol.reth_of(spender), eth(4));
}

#[motsu::test]
fn permits_refuse_malformed_signatures(admin: Address, spender: Address, relayer: Address) {
    let owner_key = PrivateKeySigner::random();
    let owner = owner_key.address();
    let protocol = with_holder(admin, owner);
    let permit = Permit::first(owner, spender);
    let digest = permit.digest("Rocket Pool ETH", 42_161, protocol.reth.address()); // motsu's chain
    let signature = owner_key.sign_hash_sync(&digest).unwrap();
    let (v, r, s) = (27 + u8::from(signature.v()), signature.r(), signature.s());
    // The signature's twin (the same point with s mirrored and v flipped)
    // also recovers the owner: EIP-2 allows only the low s.
    let order = uint!(0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141_U256);
    let twin = permit.submit_signature(&protocol, relayer, 55 - v, r, order - s);
    assert!(matches!(twin, Err(Error::InvalidSignatureS(e)) if e.s == B256::from(order - s)));
    // A recovery id instead of v, an impossible v, and a signature that
    // recovers no one.
    for (v, r) in [(v - 27, r), (29, r), (v, U256::ZERO)] {
        let err = permit.submit_signature(&protocol, relayer, v, r, s);
        assert!(
            matches!(err, Err(Error::InvalidSignature(_))),
            "{v}: {err:?}"
        );
    }
    assert_eq!(protocol.reth.sender(admin).nonces(owner), U256::ZERO);
    assert_eq!(
        protocol.reth.sender(admin).erc20.allowance(owner, spender),
        U256::ZERO
    );
    // The well-formed one still works.
    permit
        .submit_signature(&protocol, relayer, v, r, s)
        .motsu_unwrap();
    assert_eq!(
        protocol.reth.sender(admin).erc20.allowance(owner, spender),
        eth(4)
    );
}

#[motsu::test]
fn donations_cannot_take_value_from_later_depositors(
    admin: Address,
    attacker: Contract<Wallet>,
    victim: Contract<Wallet>,
) {
    let (attacker, victim) = (attacker.address(), victim.address());
    let mut protocol = Protocol::deploy(admin);
    // The attacker goes first with the smallest deposit, then donates
    // 1,000 ETH straight to rETH and forces 500 more into the pool.
    protocol
        .deposit(attacker, eth(1) / U256::from(100))
        .motsu_unwrap();
    let donor = Address::repeat_byte(0xd0);
    donor.fund(eth(1000));
    protocol
        .reth
        .sender_and_value(donor, eth(1000))
        .receive()
        .motsu_unwrap();
    protocol.pool.fund(eth(500)); // as a selfdestruct forces it in
    protocol.entered += eth(1500);
    protocol.gains += eth(1000);
    protocol.check_invariants();

    // The victim deposits 10 ETH: it gets what the rate promises for 10 ETH
    // less the fee, rounded down by less than one rETH wei, so that it is
    // short by at most one rETH wei's value (about 151 ETH / 1e18 here).
    let (total, supply) = protocol.reth.sender(admin).get_backing().motsu_unwrap();
    protocol.deposit(victim, eth(10)).motsu_unwrap();
    let minted = protocol.reth_of(victim);
    let net = eth(10) - eth(10) * U256::from(5) / U256::from(10_000);
    assert_eq!(minted, net * supply / total);
    let promised_value = minted * total / supply;
    let one_wei_of_reth = total / supply + U256::from(1);
    assert!(promised_value <= net);
    assert!(net - promised_value <= one_wei_of_reth);
    // Afterwards its rETH is worth at least what it paid less the fee (it
    // shares in its own fee too).
    let worth = protocol
        .reth
        .sender(admin)
        .get_eth_value(minted)
        .motsu_unwrap();
    assert!(worth + one_wei_of_reth >= net, "lost {} wei", net - worth);
    protocol.check_invariants();

    // The attacker may not burn everything: that would leave the victim's
    // sliver of rETH as the whole supply, inflatable again.
    let held = protocol.reth_of(attacker);
    let before = protocol.snapshot();
    assert_reverts!(
        protocol.reth.sender(attacker).burn(held),
        Error::SupplyBelowMinimum(e) if e.supply == minted && e.minimum == MIN_SUPPLY
    );
    assert_eq!(protocol.snapshot(), before);
    // The victim leaves with what it paid less the fee, to the wei.
    let paid = protocol.burn(victim, minted).motsu_unwrap();
    assert!(paid + one_wei_of_reth >= net);
    protocol.check_invariants();
    // Burning everything, the attacker gets back what it put in and forced
    // in, plus at most the victim's fee; the donation to rETH is still
    // locked and stays for the next holders: the game takes nothing from the
    // victim and loses the attacker its donation.
    let paid = protocol.burn(attacker, held).motsu_unwrap();
    let fee = eth(10) - net;
    assert!(paid <= eth(1) / U256::from(100) + eth(500) + fee);
    protocol.check_invariants();
}

#[motsu::test]
fn mints_and_burns_round_toward_the_protocol(
    admin: Address,
    alice: Contract<Wallet>,
    whale: Contract<Wallet>,
) {
    let (alice, whale) = (alice.address(), whale.address());
    let mut protocol = Protocol::deploy(admin);

    // The smallest minimum, 0.01 ETH, and a wei more: the 0.05 % fee of
    // 5 000 000 000 000.0005 wei rounds up.
    let minimum = U256::from(10_000_000_000_000_000_u64);
    protocol
        .pool
        .sender(admin)
        .set_minimum_deposit(minimum)
        .motsu_unwrap();
    protocol
        .deposit(alice, minimum + U256::from(1))
        .motsu_unwrap();
    assert_eq!(
        protocol.reth_of(alice),
        U256::from(9_995_000_000_000_000_u64)
    );

    // Many small rewards of odd sizes, ten minutes apart: the rate only
    // rises as they unlock, and every conversion rounds down.
    let rewarder = Address::repeat_byte(0x77);
    for i in 1..=100_u64 {
        let reward = U256::from(i * 7_919 + 13);
        rewarder.fund(reward);
        protocol
            .reth
            .sender_and_value(rewarder, reward)
            .receive()
            .motsu_unwrap();
        protocol.entered += reward;
        protocol.gains += reward;
        protocol.check_invariants();
        tests::advance_time(600);
        protocol.check_invariants();
    }
    let (total, supply) = (protocol.total_eth(), protocol.supply());
    let reth = protocol.reth.sender(admin);
    for amount in [1_u64, 2, 3, 999, 9_995_000_000_000_000] {
        let amount = U256::from(amount);
        let value = reth.get_eth_value(amount).motsu_unwrap();
        assert_eq!(value, amount * total / supply);
        assert!(value * supply <= amount * total);
        let back = reth.get_reth_value(value).motsu_unwrap();
        assert!(back <= amount, "a round trip gained rETH");
    }
    drop(reth);

    // Burning 1 wei of rETH pays its value rounded down, never more.
    let expected = total / supply;
    let paid = protocol.burn(alice, U256::from(1)).motsu_unwrap();
    assert_eq!(paid, expected);
    protocol.check_invariants();

    // The largest pool the admin may allow, filled in one deposit.
    let cap = uint!(1_000_000_000_000_000_000_000_000_U256);
    protocol
        .pool
        .sender(admin)
        .set_maximum_deposit_pool_size(cap)
        .motsu_unwrap();
    let room = protocol.pool.sender(admin).get_maximum_deposit_amount();
    assert_eq!(room, cap - protocol.pool.balance());
    let (total, supply) = (protocol.total_eth(), protocol.supply());
    protocol.deposit(whale, room).motsu_unwrap();
    let fee = (room * U256::from(5) + U256::from(9_999)) / U256::from(10_000);
    assert_eq!(protocol.reth_of(whale), (room - fee) * supply / total);
    // The pool is full but for the fee, which went on to rETH.
    assert_eq!(
        protocol.pool.sender(admin).get_maximum_deposit_amount(),
        fee
    );
    protocol.check_invariants();
}
