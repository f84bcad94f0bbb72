//! Sending against a scripted JSON-RPC endpoint: a command whose call would
//! revert, that the account cannot pay for, or that the chain's gas price
//! puts above `--max-fee`, is refused before any transaction is sent; the
//! plan prices every call at the fee cap.
#![allow(clippy::unwrap_used)] // fixtures and helpers of tests

use std::sync::{Arc, Mutex};

use alloy::{
    primitives::{address, Address, U256},
    sol_types::{SolCall, SolError},
};
use deploy::{
    abi::minipool::IMinipool,
    chain::{format_gwei, Chain},
};
use node_operator::{
    actions::Call,
    send::{self, Options},
};
use serde_json::{json, Value};
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

const MINIPOOL: Address = address!("00000000000000000000000000000000000000c3");

/// What the scripted node answers.
#[derive(Clone)]
struct Script {
    gas_price_wei: u64,
    balance_wei: u64,
    /// `eth_estimateGas` reverts with this data.
    revert: Option<Vec<u8>>,
}

/// Serves JSON-RPC over HTTP on a local port; returns its URL and the
/// methods called.
async fn serve(script: Script) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let calls = Arc::new(Mutex::new(Vec::new()));
    let log = calls.clone();
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            let (script, log) = (script.clone(), log.clone());
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut read = BufReader::new(read);
                loop {
                    let mut length = 0;
                    loop {
                        let mut line = String::new();
                        if read.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        if let Some(value) =
                            line.to_ascii_lowercase().strip_prefix("content-length:")
                        {
                            length = value.trim().parse().unwrap();
                        }
                        if line == "\r\n" {
                            break;
                        }
                    }
                    let mut body = vec![0; length];
                    read.read_exact(&mut body).await.unwrap();
                    let request: Value = serde_json::from_slice(&body).unwrap();
                    let method = request["method"].as_str().unwrap().to_owned();
                    log.lock().unwrap().push(method.clone());
                    let answer = match answer(&script, &method) {
                        Ok(result) => {
                            json!({ "jsonrpc": "2.0", "id": request["id"], "result": result })
                        }
                        Err(error) => {
                            json!({ "jsonrpc": "2.0", "id": request["id"], "error": error })
                        }
                    };
                    let text = answer.to_string();
                    let response = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{text}",
                        text.len()
                    );
                    write.write_all(response.as_bytes()).await.unwrap();
                }
            });
        }
    });
    (url, calls)
}

fn answer(script: &Script, method: &str) -> Result<Value, Value> {
    let hex = |n: u64| json!(format!("0x{n:x}"));
    match method {
        "eth_chainId" => Ok(hex(412_346)),
        "eth_gasPrice" => Ok(hex(script.gas_price_wei)),
        "eth_feeHistory" => Ok(json!({
            "oldestBlock": "0x1",
            "baseFeePerGas": [hex(script.gas_price_wei), hex(script.gas_price_wei)],
            "gasUsedRatio": [0.5],
            "reward": [["0x0"]],
        })),
        "eth_getBalance" => Ok(hex(script.balance_wei)),
        "eth_estimateGas" => match &script.revert {
            Some(data) => Err(json!({
                "code": 3,
                "message": "execution reverted",
                "data": format!("0x{}", alloy::hex::encode(data)),
            })),
            None => Ok(hex(100_000)),
        },
        other => Err(json!({ "code": -32601, "message": format!("{other} is not scripted") })),
    }
}

/// No transaction reached the endpoint.
fn assert_sent_nothing(calls: &Mutex<Vec<String>>) {
    let calls = calls.lock().unwrap();
    assert!(
        !calls.iter().any(|m| m == "eth_sendRawTransaction"),
        "{calls:?}"
    );
}

fn refund() -> Call {
    Call {
        label: "refund".into(),
        to: MINIPOOL,
        data: IMinipool::refundCall {}.abi_encode().into(),
        value: U256::ZERO,
    }
}

async fn chain(url: &str, max_fee_gwei: Option<u128>) -> Chain {
    Chain::connect(
        url,
        None,
        address!("00000000000000000000000000000000000000a1"),
        max_fee_gwei.map(|g| g * 1_000_000_000),
    )
    .await
    .unwrap()
}

const ONE_GWEI: u64 = 1_000_000_000;
const ETH: u64 = 1_000_000_000_000_000_000;

#[tokio::test]
async fn a_call_that_would_revert_is_refused_with_its_typed_error_and_nothing_is_sent() {
    let script = Script {
        gas_price_wei: ONE_GWEI,
        balance_wei: ETH,
        revert: Some(IMinipool::NothingToRefund {}.abi_encode()),
    };
    let (url, calls) = serve(script).await;
    let yes = Options {
        yes: true,
        ..Options::default()
    };
    let error = format!(
        "{:#}",
        send::execute(&chain(&url, None).await, &[refund()], yes)
            .await
            .unwrap_err()
    );
    assert!(
        error.contains("refund: would revert with NothingToRefund()"),
        "{error}"
    );
    assert!(error.contains("nothing was sent"), "{error}");
    assert_sent_nothing(&calls);
}

#[tokio::test]
async fn a_gas_price_above_the_fee_cap_stops_the_command_before_it_sends() {
    let script = Script {
        gas_price_wei: 3 * ONE_GWEI,
        balance_wei: ETH,
        revert: None,
    };
    let (url, calls) = serve(script).await;
    let yes = Options {
        yes: true,
        ..Options::default()
    };
    let error = format!(
        "{:#}",
        send::execute(&chain(&url, Some(2)).await, &[refund(), refund()], yes)
            .await
            .unwrap_err()
    );
    assert!(
        error.contains("gas price is 3 gwei, above the --max-fee of 2 gwei"),
        "{error}"
    );
    assert_sent_nothing(&calls);
    assert_eq!(
        [0, 12_345_678, 100_000_000, 3 * 10_u128.pow(9)].map(format_gwei),
        ["0", "0.012", "0.1", "3"]
    );
}

#[tokio::test]
async fn every_call_is_priced_at_the_fee_cap_and_an_account_that_cannot_pay_is_refused() {
    let script = Script {
        gas_price_wei: ONE_GWEI,
        balance_wei: 100_000,
        revert: None,
    };
    let (url, calls) = serve(script).await;
    let chain = chain(&url, Some(2)).await;
    let fees = chain.fees().await.unwrap();
    assert!(fees.max_fee_per_gas <= 2 * u128::from(ONE_GWEI));
    let planned = send::plan(&chain, &[refund(), refund()], fees.max_fee_per_gas)
        .await
        .unwrap();
    for step in &planned {
        // 100,000 gas plus the 20 % margin, at the capped fee.
        assert_eq!(step.gas, 120_000);
        assert_eq!(
            step.max_cost_wei,
            U256::from(120_000_u64) * U256::from(fees.max_fee_per_gas)
        );
    }
    let yes = Options {
        yes: true,
        ..Options::default()
    };
    let error = format!(
        "{:#}",
        send::execute(&chain, &[refund()], yes).await.unwrap_err()
    );
    assert!(error.contains("fund it; nothing was sent"), "{error}");
    assert_sent_nothing(&calls);
}
