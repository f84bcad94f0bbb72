//! Sending a command's transactions as a careful operator wants: every one
//! estimated and priced before the first is sent, the plan shown and
//! confirmed, the fee ceiling held by each, a spinner while each is mined,
//! and reverts decoded to the protocol's typed errors.

use alloy::primitives::U256;
use deploy::chain::{confirm, format_gwei, with_margin, Chain};
use eyre::{bail, Result};
use serde::Serialize;

use crate::actions::{eth, Call};

/// How a command sends.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Send without asking.
    pub yes: bool,
    /// Show the plan and send nothing.
    pub dry_run: bool,
    /// Print JSON on stdout instead of text.
    pub json: bool,
}

/// A call with its estimate.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Planned {
    pub label: String,
    pub to: String,
    pub value_wei: U256,
    /// Gas limit (estimate plus margin).
    pub gas: u64,
    /// At most this much ETH: gas at the fee ceiling plus the value.
    pub max_cost_wei: U256,
}

/// A mined transaction.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mined {
    pub label: String,
    pub tx_hash: String,
    pub block: Option<u64>,
    pub gas_used: u64,
}

/// Estimates every call; refuses, sending nothing, if one would revert.
///
/// # Errors
/// A call that would revert (with its decoded error), or RPC failures.
pub async fn plan(chain: &Chain, calls: &[Call], max_fee_per_gas: u128) -> Result<Vec<Planned>> {
    let mut planned = Vec::new();
    for call in calls {
        let gas = match chain
            .estimate_gas(call.to, call.data.clone(), call.value)
            .await?
        {
            Ok(gas) => with_margin(gas),
            Err(reason) => bail!(
                "{}: would revert with {reason}; nothing was sent",
                call.label
            ),
        };
        planned.push(Planned {
            label: call.label.clone(),
            to: call.to.to_string(),
            value_wei: call.value,
            gas,
            max_cost_wei: U256::from(gas)
                .saturating_mul(U256::from(max_fee_per_gas))
                .saturating_add(call.value),
        });
    }
    Ok(planned)
}

/// The most a plan may cost.
fn total_cost(planned: &[Planned]) -> U256 {
    planned
        .iter()
        .map(|p| p.max_cost_wei)
        .fold(U256::ZERO, U256::saturating_add)
}

/// The plan as text.
pub fn describe(planned: &[Planned], max_fee_per_gas: u128) -> String {
    let mut lines: Vec<String> = planned
        .iter()
        .enumerate()
        .map(|(step, p)| {
            format!(
                "  {}. {}\n     to {}: {} gas, at most {} ETH",
                step + 1,
                p.label,
                p.to,
                p.gas,
                eth(p.max_cost_wei)
            )
        })
        .collect();
    let total = total_cost(planned);
    lines.push(format!(
        "  total at most {} ETH at {} gwei per gas",
        eth(total),
        format_gwei(max_fee_per_gas)
    ));
    lines.join("\n")
}

/// Plans `calls`, shows the plan, asks, and sends them one after another.
/// Nothing is sent if any call would revert, the account cannot pay for
/// them all, or the user says no; the fee ceiling holds for every one.
///
/// # Errors
/// A refusal before sending, or the first transaction that fails (those
/// before it are mined and reported).
pub async fn execute(chain: &Chain, calls: &[Call], options: Options) -> Result<Vec<Mined>> {
    let fees = chain.fees().await?;
    let planned = plan(chain, calls, fees.max_fee_per_gas).await?;
    let text = describe(&planned, fees.max_fee_per_gas);
    if options.json && options.dry_run {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "plan": planned }))?
        );
        return Ok(Vec::new());
    }
    eprintln!("from {} on chain {}:\n{text}", chain.from, chain.chain_id);
    let needed = total_cost(&planned);
    let balance = chain.balance().await?;
    if balance < needed {
        bail!(
            "{} holds {} ETH but this may cost {} ETH: fund it; nothing was sent",
            chain.from,
            eth(balance),
            eth(needed)
        );
    }
    if options.dry_run {
        return Ok(Vec::new());
    }
    if !options.yes
        && !confirm(if calls.len() == 1 {
            "send it?"
        } else {
            "send them?"
        })?
    {
        bail!("nothing was sent");
    }
    let mut mined = Vec::new();
    for call in calls {
        let receipt = chain
            .send(&call.label, call.to, call.data.clone(), call.value)
            .await
            .map_err(|error| match mined.len() {
                0 => error,
                done => error.wrap_err(format!(
                    "{done} of {} transactions were mined before this one",
                    calls.len()
                )),
            })?;
        let done = Mined {
            label: call.label.clone(),
            tx_hash: receipt.transaction_hash.to_string(),
            block: receipt.block_number,
            gas_used: receipt.gas_used,
        };
        if !options.json {
            eprintln!(
                "  done: {} in {} ({} gas)",
                done.label, done.tx_hash, done.gas_used
            );
        }
        mined.push(done);
    }
    if options.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "plan": planned, "sent": mined }))?
        );
    }
    Ok(mined)
}
