//! The ABI codec of [`public`](crate::public)'s router, of the callers
//! [`sol_interface!`](crate::sol_interface) declares, of the errors
//! [`errors!`](macro@crate::errors) declares and of the events
//! [`events!`](macro@crate::events) declares: each argument read from its
//! place in the calldata by a decoder of its own type, each result, call,
//! error and log written as the ABI lays it out.
//!
//! Calldata that does not decode as the function's parameters (short, an
//! address or a small integer with high bits set, a bool other than 0 or 1,
//! a dynamic value out of bounds, a string that is not UTF-8) is refused
//! with empty revert data, as the SDK's router refuses it. Bytes after the
//! arguments are ignored, as Solidity ignores them (the SDK's router, which
//! re-encodes the arguments and compares, refused them).

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{Address, FixedBytes, U256};
use stylus_sdk::{abi::Bytes, keccak_const::Keccak256, stylus_core::MessageAccess, ArbResult};

use crate::env::EnvAccess;

/// The size of an ABI word.
const WORD: usize = 32;

/// The `index`th word of `data`.
fn word(data: &[u8], index: usize) -> Option<&[u8; WORD]> {
    let start = index.checked_mul(WORD)?;
    data.get(start..)?.get(..WORD)?.try_into().ok()
}

/// The last `N` bytes of `word`, if the bytes before them are zero.
fn low_bytes<const N: usize>(word: &[u8; WORD]) -> Option<[u8; N]> {
    let (high, low) = word.split_at(WORD.checked_sub(N)?);
    high.iter().all(|&b| b == 0).then(|| low.try_into().ok())?
}

/// Refuses, with empty revert data as the SDK's router does, a call that
/// sends value to a function that is not payable.
///
/// # Errors
/// The empty revert data, when the call carries value.
pub fn deny_value(storage: &impl EnvAccess) -> Result<(), Vec<u8>> {
    if MessageAccess::msg_value(storage.env()).is_zero() {
        Ok(())
    } else {
        Err(Vec::new())
    }
}

/// A function argument the router decodes.
pub trait Param: Sized {
    /// The argument whose head is the `index`th word of `input`.
    fn decode(input: &[u8], index: usize) -> Option<Self>;
}

impl Param for U256 {
    fn decode(input: &[u8], index: usize) -> Option<Self> {
        word(input, index).map(|word| Self::from_be_bytes(*word))
    }
}

impl Param for FixedBytes<32> {
    fn decode(input: &[u8], index: usize) -> Option<Self> {
        word(input, index).map(|word| Self::from(*word))
    }
}

impl Param for Address {
    fn decode(input: &[u8], index: usize) -> Option<Self> {
        low_bytes::<20>(word(input, index)?).map(Self::from)
    }
}

impl Param for bool {
    fn decode(input: &[u8], index: usize) -> Option<Self> {
        match low_bytes::<1>(word(input, index)?)? {
            [0] => Some(false),
            [1] => Some(true),
            _ => None,
        }
    }
}

/// [`Param`] for unsigned integers narrower than a word.
macro_rules! narrow_params {
    ($($ty:ty),*) => {$(
        impl Param for $ty {
            fn decode(input: &[u8], index: usize) -> Option<Self> {
                low_bytes(word(input, index)?).map(<$ty>::from_be_bytes)
            }
        }
    )*};
}

narrow_params!(u8, u32, u64);

impl Param for Bytes {
    fn decode(input: &[u8], index: usize) -> Option<Self> {
        // The head is the offset of the length, followed by the data.
        let offset = usize::try_from(U256::decode(input, index)?).ok()?;
        let after_offset = input.get(offset..)?;
        let length = usize::try_from(U256::decode(after_offset, 0)?).ok()?;
        let data = after_offset.get(WORD..)?.get(..length)?;
        Some(Self(data.to_vec()))
    }
}

impl Param for String {
    fn decode(input: &[u8], index: usize) -> Option<Self> {
        Self::from_utf8(Bytes::decode(input, index)?.0).ok()
    }
}

/// A value that fills one ABI word.
pub trait Word {
    /// The value as the ABI writes it.
    fn word(&self) -> [u8; WORD];
}

impl Word for U256 {
    fn word(&self) -> [u8; WORD] {
        self.to_be_bytes()
    }
}

impl Word for FixedBytes<32> {
    fn word(&self) -> [u8; WORD] {
        self.0
    }
}

impl Word for Address {
    fn word(&self) -> [u8; WORD] {
        self.into_word().0
    }
}

impl Word for bool {
    fn word(&self) -> [u8; WORD] {
        U256::from(u8::from(*self)).to_be_bytes()
    }
}

/// [`Word`] for unsigned integers narrower than a word.
macro_rules! narrow_words {
    ($($ty:ty),*) => {$(
        impl Word for $ty {
            fn word(&self) -> [u8; WORD] {
                U256::from(*self).to_be_bytes()
            }
        }
    )*};
}

narrow_words!(u8, u32, u64);

/// What a routed function returns, as the router sends it back.
pub trait Output {
    /// The ABI encoding of the returned values, or the revert data.
    fn encode(self) -> ArbResult;
}

impl Output for () {
    fn encode(self) -> ArbResult {
        Ok(Vec::new())
    }
}

impl<T: Output, E: Into<Vec<u8>>> Output for Result<T, E> {
    fn encode(self) -> ArbResult {
        self.map_err(Into::into)?.encode()
    }
}

/// [`Output`] for single words.
macro_rules! word_outputs {
    ($($ty:ty),*) => {$(
        impl Output for $ty {
            fn encode(self) -> ArbResult {
                Ok(self.word().to_vec())
            }
        }
    )*};
}

word_outputs!(U256, FixedBytes<32>, Address, bool, u8, u32, u64);

/// [`Output`] for tuples of words.
macro_rules! tuple_outputs {
    ($(($($name:ident),+)),*) => {$(
        impl<$($name: Word),+> Output for ($($name,)+) {
            #[allow(non_snake_case)]
            fn encode(self) -> ArbResult {
                let ($($name,)+) = self;
                Ok([$($name.word()),+].as_flattened().to_vec())
            }
        }
    )*};
}

tuple_outputs!((A, B), (A, B, C), (A, B, C, D, E, F));

impl Output for Bytes {
    fn encode(self) -> ArbResult {
        Ok(dynamic(&self.0))
    }
}

impl Output for String {
    fn encode(self) -> ArbResult {
        Ok(dynamic(self.as_bytes()))
    }
}

/// One dynamic return value: its offset, its length and its data padded to
/// whole words.
fn dynamic(data: &[u8]) -> Vec<u8> {
    Encoder::new(&[], 1, dynamic_size(data.len()))
        .dynamic(data)
        .finish()
}

/// The selector of the function with `signature` (`name(type,..)`).
pub const fn selector(signature: &str) -> [u8; 4] {
    let hash = Keccak256::new().update(signature.as_bytes()).finalize();
    [hash[0], hash[1], hash[2], hash[3]]
}

/// The bytes a dynamic value of `len` bytes takes after the heads: its
/// length and its data padded to whole words.
pub const fn dynamic_size(len: usize) -> usize {
    len.div_ceil(WORD).saturating_mul(WORD).saturating_add(WORD)
}

/// An ABI encoding after a fixed prefix: a call's calldata (after its
/// selector) or a log (after its topics). Each parameter has a head word,
/// and dynamic values follow the heads.
///
/// The whole encoding is allocated at once, at its final size, and written
/// in place: a vector that never grows keeps the allocator's growth code
/// out of the program.
pub struct Encoder {
    /// The prefix, the heads and the dynamic values.
    out: Vec<u8>,
    /// Where the next head goes.
    head: usize,
    /// Where the next dynamic value goes.
    tail: usize,
    /// Where the first head is (dynamic values' offsets count from it).
    start: usize,
}

impl Encoder {
    /// An encoding of `params` parameters after `prefix`, whose dynamic
    /// values take `dynamic` bytes in all ([`dynamic_size`] of each).
    pub fn new(prefix: &[u8], params: usize, dynamic: usize) -> Self {
        let start = prefix.len();
        let tail = start.saturating_add(params.saturating_mul(WORD));
        let mut out = vec![0; tail.saturating_add(dynamic)];
        put(&mut out, 0, prefix);
        Self {
            out,
            head: start,
            tail,
            start,
        }
    }

    /// Adds a parameter that fills one word.
    pub fn word(&mut self, value: &impl Word) -> &mut Self {
        self.head = put(&mut self.out, self.head, &value.word());
        self
    }

    /// Adds a `bytes` parameter.
    pub fn dynamic(&mut self, data: &[u8]) -> &mut Self {
        let offset = U256::from(self.tail.saturating_sub(self.start));
        self.head = put(&mut self.out, self.head, &offset.word());
        let at = put(&mut self.out, self.tail, &U256::from(data.len()).word());
        put(&mut self.out, at, data);
        self.tail = self.tail.saturating_add(dynamic_size(data.len()));
        self
    }

    /// The prefix and the encoded parameters (the encoder is left empty).
    pub fn finish(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.out)
    }
}

/// Writes `data` into `out` at `at` and returns where it ends (nothing is
/// written past the end of `out`, which `Encoder::new` sizes for it all).
fn put(out: &mut [u8], at: usize, data: &[u8]) -> usize {
    let end = at.saturating_add(data.len());
    if let Some(target) = out.get_mut(at..end) {
        target.copy_from_slice(data);
    }
    end
}

#[cfg(test)]
mod tests {
    use alloc::{vec, vec::Vec};

    use alloy_primitives::{address, b256, uint};
    use alloy_sol_types::{sol_data, SolType, SolValue};

    use super::*;

    #[test]
    fn dynamic_values_take_their_length_and_whole_words() {
        for (len, size) in [(0, 32), (1, 64), (32, 64), (33, 96), (96, 128)] {
            assert_eq!(dynamic_size(len), size, "{len} bytes");
            let data = vec![7; len];
            let encoded = Encoder::new(&[], 1, dynamic_size(len))
                .dynamic(&data)
                .finish();
            assert_eq!(encoded, alloy_primitives::Bytes::from(data).abi_encode());
        }
    }

    #[test]
    fn static_arguments_decode_as_alloy_encodes_them() {
        let owner = address!("00000000000000000000000000000000000000aa");
        let root = b256!("1111111111111111111111111111111111111111111111111111111111111111");
        let narrow = |n: u64| U256::from(n);
        let input = (
            owner,
            uint!(7_U256),
            true,
            narrow(200),
            narrow(7),
            narrow(u64::MAX),
            root,
        )
            .abi_encode_params();
        assert_eq!(Address::decode(&input, 0), Some(owner));
        assert_eq!(U256::decode(&input, 1), Some(uint!(7_U256)));
        assert_eq!(bool::decode(&input, 2), Some(true));
        assert_eq!(u8::decode(&input, 3), Some(200));
        assert_eq!(u32::decode(&input, 4), Some(7));
        assert_eq!(u64::decode(&input, 5), Some(u64::MAX));
        assert_eq!(FixedBytes::<32>::decode(&input, 6), Some(root));
        // Past the end.
        assert_eq!(U256::decode(&input, 7), None);
        assert_eq!(U256::decode(&input[..WORD - 1], 0), None);
        assert_eq!(U256::decode(&input, usize::MAX), None);
    }

    #[test]
    fn dirty_or_out_of_range_words_are_refused() {
        let mut dirty = [0_u8; WORD];
        dirty[0] = 1;
        dirty[WORD - 1] = 1;
        assert_eq!(Address::decode(&dirty, 0), None);
        assert_eq!(bool::decode(&dirty, 0), None);
        assert_eq!(u8::decode(&dirty, 0), None);
        assert_eq!(u64::decode(&dirty, 0), None);
        let two = U256::from(2).to_be_bytes::<WORD>();
        assert_eq!(bool::decode(&two, 0), None);
        let big = U256::from(256).to_be_bytes::<WORD>();
        assert_eq!(u8::decode(&big, 0), None);
        assert_eq!(u32::decode(&big, 0), Some(256));
    }

    #[test]
    fn dynamic_arguments_decode_as_alloy_encodes_them() {
        let pubkey = vec![0xab; 48];
        let input = (
            alloy_primitives::Bytes::from(pubkey.clone()),
            String::from("Europe/Berlin"),
            uint!(5_U256),
            alloy_primitives::Bytes::new(),
        )
            .abi_encode_params();
        assert_eq!(Bytes::decode(&input, 0), Some(Bytes(pubkey)));
        assert_eq!(String::decode(&input, 1).as_deref(), Some("Europe/Berlin"));
        assert_eq!(U256::decode(&input, 2), Some(uint!(5_U256)));
        assert_eq!(Bytes::decode(&input, 3), Some(Bytes(Vec::new())));

        // A length past the end, an offset past the end, and bytes that are
        // not UTF-8.
        let mut long = input.clone();
        let past_the_end = U256::from(input.len()).to_be_bytes::<WORD>();
        long[4 * WORD..5 * WORD].copy_from_slice(&past_the_end);
        assert_eq!(Bytes::decode(&long, 0), None);
        assert_eq!(Bytes::decode(&(U256::MAX,).abi_encode_params(), 0), None);
        let latin1 = (alloy_primitives::Bytes::from(vec![0xe9_u8]),).abi_encode_params();
        assert_eq!(String::decode(&latin1, 0), None);
    }

    #[test]
    fn calls_encode_as_alloy_does() {
        let owner = address!("00000000000000000000000000000000000000aa");
        let pubkey = vec![0xab; 48];
        let signature = vec![0xcd; 96];
        // A minipool's initialise: words around a `bytes`; and the beacon
        // deposit: three `bytes` before a word.
        let call = Encoder::new(
            &selector("f(address,uint32,bytes,uint64)"),
            4,
            dynamic_size(pubkey.len()),
        )
        .word(&owner)
        .word(&7_u32)
        .dynamic(&pubkey)
        .word(&u64::MAX)
        .finish();
        let expected = (
            owner,
            U256::from(7),
            alloy_primitives::Bytes::from(pubkey.clone()),
            U256::from(u64::MAX),
        )
            .abi_encode_params();
        assert_eq!(call[..4], selector("f(address,uint32,bytes,uint64)"));
        assert_eq!(call[4..], expected);
        let root = b256!("1111111111111111111111111111111111111111111111111111111111111111");
        let call = Encoder::new(
            &[0; 4],
            4,
            dynamic_size(pubkey.len())
                .saturating_add(dynamic_size(32))
                .saturating_add(dynamic_size(signature.len())),
        )
        .dynamic(&pubkey)
        .dynamic(&[1; 32])
        .dynamic(&signature)
        .word(&root)
        .finish();
        let expected = (
            alloy_primitives::Bytes::from(pubkey),
            alloy_primitives::Bytes::from(vec![1; 32]),
            alloy_primitives::Bytes::from(signature),
            root,
        )
            .abi_encode_params();
        assert_eq!(call[4..], expected);
        // The selector of an ERC-20 transfer, as everyone knows it.
        assert_eq!(
            selector("transfer(address,uint256)"),
            [0xa9, 0x05, 0x9c, 0xbb]
        );
    }

    #[test]
    fn outputs_encode_as_alloy_does() {
        let owner = address!("00000000000000000000000000000000000000aa");
        assert_eq!(().encode(), Ok(Vec::new()));
        assert_eq!(uint!(9_U256).encode(), Ok(uint!(9_U256).abi_encode()));
        assert_eq!(true.encode(), Ok(true.abi_encode()));
        assert_eq!(18_u8.encode(), Ok(U256::from(18).abi_encode()));
        assert_eq!(3600_u64.encode(), Ok(3600_u64.abi_encode()));
        assert_eq!(owner.encode(), Ok(owner.abi_encode()));
        assert_eq!(
            (owner, uint!(1_U256)).encode(),
            Ok((owner, uint!(1_U256)).abi_encode_params())
        );
        assert_eq!(
            (true, owner, owner).encode(),
            Ok((true, owner, owner).abi_encode_params())
        );
        for text in [
            "",
            "rETH",
            "Rocket Pool ETH",
            "a timezone longer than one word",
        ] {
            assert_eq!(String::from(text).encode(), Ok(text.abi_encode()));
        }
        for length in [0, 1, 31, 32, 33, 48, 96] {
            let data = vec![7_u8; length];
            assert_eq!(
                Bytes(data.clone()).encode(),
                Ok(<sol_data::Bytes as SolType>::abi_encode(&data))
            );
        }
        let failed: Result<U256, Vec<u8>> = Err(vec![1, 2, 3]);
        assert_eq!(failed.encode(), Err(vec![1, 2, 3]));
        assert_eq!(Ok::<_, Vec<u8>>(owner).encode(), Ok(owner.abi_encode()));
    }
}
