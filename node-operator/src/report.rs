//! `status` as text: the node, each minipool, and what it is owed.

use std::fmt::Write;

use crate::{
    actions::{duration, eth},
    protocol::{Minipool, Node, Status},
};

/// The node's status as an operator reads it.
pub fn describe(node: &Node) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "node {}", node.address);
    if !node.registered {
        let _ = writeln!(
            out,
            "  not registered: run `node-operator register --timezone <Area/City>`"
        );
        return out;
    }
    let _ = writeln!(out, "  withdrawal address {}", node.withdrawal_address);
    if !node.pending_withdrawal_address.is_zero() {
        let _ = writeln!(
            out,
            "  proposed withdrawal address {} (it confirms with `confirm-withdrawal-address`)",
            node.pending_withdrawal_address
        );
    }
    let _ = writeln!(
        out,
        "  smoothing-pool rewards claimable: {} ETH",
        eth(node.claimable)
    );
    let _ = writeln!(out, "  minipools: {}", node.minipools.len());
    for minipool in &node.minipools {
        describe_minipool(&mut out, minipool, node.now);
    }
    let _ = writeln!(
        out,
        "  owed to the node in all: {} ETH (`node-operator claim` takes it)",
        eth(node.total_owed())
    );
    out
}

fn describe_minipool(out: &mut String, minipool: &Minipool, now: u64) {
    let _ = writeln!(out, "  - {} {}", minipool.address, minipool.status.name());
    let _ = writeln!(
        out,
        "      validator 0x{}",
        alloy::hex::encode(&minipool.pubkey)
    );
    let _ = writeln!(
        out,
        "      bond {} ETH, user ETH {} ETH, balance {} ETH, refund {} ETH",
        eth(minipool.bond),
        eth(minipool.user_deposit),
        eth(minipool.balance),
        eth(minipool.refund)
    );
    if let Some(spot) = minipool.queue {
        let _ = writeln!(
            out,
            "      queue position {} ({} ETH of deposits still needed before it is matched)",
            spot.position + 1,
            eth(spot.eth_needed)
        );
    }
    match minipool.status {
        Status::Prelaunch if now < minipool.stake_from() => {
            let _ = writeln!(
                out,
                "      may stake in {}",
                duration(minipool.stake_from() - now)
            );
        }
        Status::Prelaunch => {
            let _ = writeln!(
                out,
                "      may stake now (`node-operator stake {}`); anyone may dissolve it {}",
                minipool.address,
                if now < minipool.timeout_at() {
                    format!("in {}", duration(minipool.timeout_at() - now))
                } else {
                    "now".into()
                }
            );
        }
        Status::Withdrawable if !minipool.finalised => {
            let _ = writeln!(out, "      exit reported: distribute its balance");
        }
        Status::Dissolved if !minipool.balance.is_zero() => {
            let _ = writeln!(
                out,
                "      dissolved: `node-operator close {}` takes back what it holds",
                minipool.address
            );
        }
        _ => {}
    }
    if let Some(share) = minipool
        .node_share_of_balance()
        .filter(|share| !share.is_zero())
    {
        let _ = writeln!(
            out,
            "      node share of its undistributed balance: {} ETH",
            eth(share)
        );
    }
}
