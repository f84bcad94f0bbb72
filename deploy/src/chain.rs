//! Talking to a Stylus chain: reads, fee and gas estimates, and
//! transactions that report progress and fail with the step, the
//! transaction hash and the decoded revert.

use std::{
    io::{self, BufRead, IsTerminal, Write},
    time::Duration,
};

use alloy::{
    network::{EthereumWallet, TransactionBuilder},
    primitives::{Address, Bytes, TxKind, B256, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::{
        client::ClientBuilder,
        types::{TransactionReceipt, TransactionRequest},
    },
    signers::local::PrivateKeySigner,
    sol_types::SolCall,
    transports::{
        layers::{OrRetryPolicyFn, RateLimitRetryPolicy, RetryBackoffLayer},
        RpcError, TransportErrorKind,
    },
};
use eyre::{bail, eyre, Result, WrapErr};
use indicatif::{ProgressBar, ProgressStyle};
use stylus_tools::{
    core::{
        activation::{data_fee, ActivationConfig},
        code::Code,
    },
    precompiles::{
        addresses::{ARB_WASM, ARB_WASM_CACHE},
        ArbWasm, ArbWasmCache,
    },
};

use crate::{abi::decode_revert, code::Program};

/// Gas added to every estimate: Stylus estimates can fall short when a
/// program's first entry in a block costs more than in the estimate.
const GAS_MARGIN_PERCENT: u64 = 20;
/// Retries of a request that failed for a transient reason (rate limits,
/// 5xx answers, dropped connections), with exponential backoff from
/// [`FIRST_BACKOFF_MS`].
const RPC_RETRIES: u32 = 6;
const FIRST_BACKOFF_MS: u64 = 500;

/// A connection to a chain, with the account that signs.
pub struct Chain {
    provider: DynProvider,
    /// The signing account.
    pub from: Address,
    pub chain_id: u64,
    /// Ceiling on the fee per gas, in wei, for every transaction.
    max_fee_per_gas: Option<u128>,
}

/// Fees one transaction pays at most.
#[derive(Debug, Clone, Copy)]
pub struct Fees {
    pub max_fee_per_gas: u128,
    pub max_priority_fee_per_gas: u128,
}

impl Chain {
    /// Connects to `rpc_url`; transactions are signed by `signer`, or
    /// cannot be sent where it is `None` (reads and estimates from `from`).
    ///
    /// # Errors
    /// When the URL is invalid or the endpoint does not answer.
    pub async fn connect(
        rpc_url: &str,
        signer: Option<PrivateKeySigner>,
        from: Address,
        max_fee_per_gas: Option<u128>,
    ) -> Result<Self> {
        let url = rpc_url.parse().wrap_err_with(|| {
            format!("{rpc_url} is not a URL (give --rpc-url http://host:port)")
        })?;
        // Rate limits and 5xx answers are retried by alloy's policy; a
        // connection the node dropped or refused is retried as well.
        let policy = OrRetryPolicyFn::new(RateLimitRetryPolicy::default(), |error| {
            matches!(error, RpcError::Transport(TransportErrorKind::Custom(_)))
        });
        let client = ClientBuilder::default()
            .layer(RetryBackoffLayer::new_with_policy(
                RPC_RETRIES,
                FIRST_BACKOFF_MS,
                u64::MAX,
                policy,
            ))
            .http(url);
        let provider = match signer {
            Some(signer) => ProviderBuilder::new()
                .wallet(EthereumWallet::from(signer))
                .connect_client(client)
                .erased(),
            None => ProviderBuilder::new().connect_client(client).erased(),
        };
        let chain_id = provider.get_chain_id().await.wrap_err_with(|| {
            format!("no answer from {rpc_url}: is the node running and is --rpc-url right?")
        })?;
        Ok(Self {
            provider,
            from,
            chain_id,
            max_fee_per_gas,
        })
    }

    /// The provider, for reads.
    pub const fn provider(&self) -> &DynProvider {
        &self.provider
    }

    /// keccak256 of the code at `address`; `None` where there is no code.
    ///
    /// # Errors
    /// RPC failures.
    pub async fn code_hash_at(&self, address: Address) -> Result<Option<B256>> {
        let code = self.provider.get_code_at(address).await?;
        Ok((!code.is_empty()).then(|| alloy::primitives::keccak256(&code)))
    }

    /// The Stylus version a code hash is activated at, or the decoded
    /// reason it is not (`ProgramNotActivated`, `ProgramNeedsUpgrade`, ...).
    ///
    /// # Errors
    /// RPC failures other than a revert.
    pub async fn activation(&self, code_hash: B256) -> Result<std::result::Result<u16, String>> {
        let call = ArbWasm::codehashVersionCall {
            codehash: code_hash,
        };
        match self.call(ARB_WASM, &call).await? {
            Ok(version) => Ok(Ok(version)),
            Err(reason) => Ok(Err(reason)),
        }
    }

    /// Whether a code hash is in the chain's Stylus cache.
    ///
    /// # Errors
    /// RPC failures or a revert.
    pub async fn is_cached(&self, code_hash: B256) -> Result<bool> {
        let call = ArbWasmCache::codehashIsCachedCall {
            codehash: code_hash,
        };
        self.view(ARB_WASM_CACHE, &call).await
    }

    /// The data fee activating `program` costs (with cargo-stylus's 20 %
    /// margin; the StylusDeployer refunds what is left), or zero when a
    /// contract with the same code is already active at the current version.
    ///
    /// # Errors
    /// RPC failures, or the chain refusing to activate the program.
    pub async fn activation_fee(&self, program: &Program, address: Address) -> Result<U256> {
        if self.activation(program.code_hash()).await?.is_ok() {
            return Ok(U256::ZERO);
        }
        data_fee(
            &Code::new_from_code(&program.code),
            address,
            &ActivationConfig::default(),
            &self.provider,
        )
        .await
        .map_err(|error| eyre!("the chain would not activate it: {error}"))
    }

    /// A view call decoded, failing on a revert.
    ///
    /// # Errors
    /// RPC failures, or the call reverting (with its decoded error).
    pub async fn view<C: SolCall>(&self, to: Address, call: &C) -> Result<C::Return> {
        self.call(to, call)
            .await?
            .map_err(|reason| eyre!("{to}: {} reverted with {reason}", C::SIGNATURE))
    }

    /// A call decoded, or the decoded revert.
    ///
    /// # Errors
    /// RPC failures other than a revert, or undecodable return data.
    pub async fn call<C: SolCall>(
        &self,
        to: Address,
        call: &C,
    ) -> Result<std::result::Result<C::Return, String>> {
        let request = self.request(to, call.abi_encode().into(), U256::ZERO);
        match self.provider.call(request).await {
            Ok(output) => C::abi_decode_returns(&output)
                .map(Ok)
                .map_err(|error| eyre!("{to}: bad return data for {}: {error}", C::SIGNATURE)),
            Err(error) => revert_of(&error).map(Err).ok_or_else(|| error.into()),
        }
    }

    /// The gas a transaction would use, or the decoded reason it would
    /// revert.
    ///
    /// # Errors
    /// RPC failures other than a revert.
    pub async fn estimate_gas(
        &self,
        to: impl Into<TxKind>,
        data: Bytes,
        value: U256,
    ) -> Result<std::result::Result<u64, String>> {
        let request = self.request(to, data, value);
        match self.provider.estimate_gas(request).await {
            Ok(gas) => Ok(Ok(gas)),
            Err(error) => revert_of(&error).map(Err).ok_or_else(|| error.into()),
        }
    }

    /// The fees a transaction pays now, capped by the user's ceiling.
    ///
    /// # Errors
    /// RPC failures, or a base fee above the ceiling (a transaction capped
    /// below it would wait unmined).
    pub async fn fees(&self) -> Result<Fees> {
        let estimate = self.provider.estimate_eip1559_fees().await?;
        let max_fee_per_gas = match self.max_fee_per_gas {
            None => estimate.max_fee_per_gas,
            Some(ceiling) => {
                let base_fee = self.provider.get_gas_price().await?;
                if base_fee > ceiling {
                    bail!(
                        "the chain's gas price is {} gwei, above the --max-fee of {} gwei: \
                         nothing more was sent; wait or raise --max-fee",
                        format_gwei(base_fee),
                        format_gwei(ceiling)
                    );
                }
                ceiling.min(estimate.max_fee_per_gas)
            }
        };
        Ok(Fees {
            max_fee_per_gas,
            max_priority_fee_per_gas: estimate.max_priority_fee_per_gas.min(max_fee_per_gas),
        })
    }

    /// The signer's next nonce.
    ///
    /// # Errors
    /// RPC failures.
    pub async fn nonce(&self) -> Result<u64> {
        Ok(self.provider.get_transaction_count(self.from).await?)
    }

    /// The signer's balance.
    ///
    /// # Errors
    /// RPC failures.
    pub async fn balance(&self) -> Result<U256> {
        Ok(self.provider.get_balance(self.from).await?)
    }

    /// Sends a transaction for `step`, waits for it with a spinner and
    /// returns its receipt. Every failure names the step; once sent, the
    /// transaction hash; and the decoded revert.
    ///
    /// # Errors
    /// As above.
    pub async fn send(
        &self,
        step: &str,
        to: impl Into<TxKind>,
        data: Bytes,
        value: U256,
    ) -> Result<TransactionReceipt> {
        let to = to.into();
        let gas = match self.estimate_gas(to, data.clone(), value).await {
            Ok(Ok(gas)) => gas,
            Ok(Err(reason)) => bail!("{step}: would revert with {reason}; nothing was sent"),
            Err(error) => bail!("{step}: gas estimate failed: {error}; nothing was sent"),
        };
        let fees = self.fees().await?;
        let request = self
            .request(to, data.clone(), value)
            .with_gas_limit(with_margin(gas))
            .with_max_fee_per_gas(fees.max_fee_per_gas)
            .with_max_priority_fee_per_gas(fees.max_priority_fee_per_gas);
        let pending = self
            .provider
            .send_transaction(request)
            .await
            .map_err(|error| {
                if let Some(reason) = revert_of(&error) {
                    eyre!("{step}: reverted with {reason}; nothing was mined")
                } else {
                    eyre!("{step}: the node refused the transaction: {error}")
                }
            })?;
        let hash = *pending.tx_hash();
        let spinner = spinner(format!("{step}: waiting for {hash}"));
        let receipt = pending
            .with_timeout(Some(Duration::from_mins(5)))
            .get_receipt()
            .await;
        spinner.finish_and_clear();
        let receipt = receipt.wrap_err_with(|| format!("{step}: no receipt for {hash}"))?;
        if !receipt.status() {
            // Replay the call on the state it ran on to learn why.
            let parent = receipt.block_number.unwrap_or_default().saturating_sub(1);
            let reason = match self
                .provider
                .call(self.request(to, data, value))
                .block(parent.into())
                .await
            {
                Err(error) => revert_of(&error).unwrap_or_else(|| error.to_string()),
                Ok(_) => "no reason (out of gas?)".into(),
            };
            bail!("{step}: transaction {hash} reverted with {reason}");
        }
        Ok(receipt)
    }

    fn request(&self, to: impl Into<TxKind>, data: Bytes, value: U256) -> TransactionRequest {
        TransactionRequest::default()
            .with_from(self.from)
            .with_kind(to.into())
            .with_input(data)
            .with_value(value)
    }
}

/// Asks on the terminal; refuses when there is none (pass --yes in scripts).
///
/// # Errors
/// No terminal, or the terminal failing.
pub fn confirm(question: &str) -> Result<bool> {
    if !io::stdin().is_terminal() {
        bail!("no terminal to confirm on: look at the plan first, then pass --yes");
    }
    eprint!("{question} [y/N] ");
    io::stderr().flush()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

/// Wei per gas in gwei, to at most three decimals (`3`, `0.1`, `0.012`).
pub fn format_gwei(wei: u128) -> String {
    let thousandths = wei / 1_000_000;
    let text = format!("{}.{:03}", thousandths / 1_000, thousandths % 1_000);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// `gas` plus the safety margin.
pub const fn with_margin(gas: u64) -> u64 {
    gas.saturating_add(gas / 100 * GAS_MARGIN_PERCENT)
}

/// The decoded revert inside an RPC error, if it is one.
fn revert_of(error: &RpcError<TransportErrorKind>) -> Option<String> {
    let response = error.as_error_resp()?;
    match response.as_revert_data() {
        Some(data) if !data.is_empty() => Some(decode_revert(&data)),
        _ => response
            .message
            .contains("revert")
            .then(|| response.message.to_string()),
    }
}

/// A spinner on stderr for a long step.
pub fn spinner(message: String) -> ProgressBar {
    let spinner = ProgressBar::new_spinner().with_message(message);
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        spinner.set_style(style);
    }
    spinner.enable_steady_tick(Duration::from_millis(120));
    spinner
}
