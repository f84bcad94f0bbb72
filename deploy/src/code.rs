//! A release wasm turned into what a chain stores: custom sections stripped,
//! brotli-compressed behind Stylus's 4-byte prefix, and wrapped in the EVM
//! init code that returns it.

use std::io::Write;

use alloy::primitives::{keccak256, B256};
use stylus_tools::core::{code::prefixes::EOF_NO_DICT, deployment::prelude::DeploymentCalldata};

use crate::nitro::{self, StartGas, Violation};

/// Brotli quality and window cargo-stylus compresses programs with.
const BROTLI_QUALITY: u32 = 11;
const BROTLI_WINDOW: u32 = 22;

/// One contract's program, ready to deploy.
#[derive(Debug, Clone)]
pub struct Program {
    /// The module without its custom sections, as activated.
    pub wasm: Vec<u8>,
    /// The contract code: Stylus's prefix followed by the brotli stream.
    pub code: Vec<u8>,
}

impl Program {
    /// Prepares a release wasm; `None` if it is not a wasm module.
    pub fn from_wasm(wasm: &[u8]) -> Option<Self> {
        let wasm = strip_custom_sections(wasm)?;
        let mut code = EOF_NO_DICT.to_vec();
        code.extend(compress(&wasm));
        Some(Self { wasm, code })
    }

    /// The code's size on chain, the figure held to the 24,576-byte limit.
    pub fn code_size(&self) -> usize {
        self.code.len()
    }

    /// keccak256 of the code: the `EXTCODEHASH` of every contract deployed
    /// with it, and the key ArbOS activates it under.
    pub fn code_hash(&self) -> B256 {
        keccak256(&self.code)
    }

    /// EVM init code that stores the program as the new contract's code.
    pub fn init_code(&self) -> Vec<u8> {
        DeploymentCalldata::new(&self.code).0
    }

    /// Every activation rule the program breaks (empty when a chain would
    /// activate it).
    pub fn violations(&self) -> Vec<Violation> {
        nitro::violations(&self.wasm, self.code_size())
    }

    /// What each call into the program pays to start it; `None` if its
    /// wasm cannot be read.
    pub fn start_gas(&self) -> Option<StartGas> {
        nitro::start_gas(&self.wasm)
    }
}

/// The module without its custom sections (id 0), as deployed.
pub fn strip_custom_sections(wasm: &[u8]) -> Option<Vec<u8>> {
    let header = wasm.get(..8)?;
    if header[..4] != *b"\0asm" {
        return None;
    }
    let mut out = header.to_vec();
    let mut rest = &wasm[8..];
    while let Some((&id, after_id)) = rest.split_first() {
        let (length, leb_length) = read_leb128(after_id)?;
        let end = leb_length.checked_add(length)?;
        let section = after_id.get(..end)?;
        if id != 0 {
            out.push(id);
            out.extend_from_slice(section);
        }
        rest = &after_id[end..];
    }
    Some(out)
}

/// An unsigned LEB128 number and how many bytes it took.
fn read_leb128(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut value = 0_usize;
    for (i, (&byte, shift)) in bytes.iter().zip((0..35).step_by(7)).enumerate() {
        value |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some((value, i.checked_add(1)?));
        }
    }
    None
}

fn compress(wasm: &[u8]) -> Vec<u8> {
    let mut compressed = Vec::new();
    {
        let mut writer =
            brotli::CompressorWriter::new(&mut compressed, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        // Writing to a Vec cannot fail.
        let _ = writer.write_all(wasm);
    }
    compressed
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn strips_only_custom_sections() {
        // header, custom section "x" (id 0), type section (id 1, empty vec)
        let module = [0, b'a', b's', b'm', 1, 0, 0, 0, 0, 2, 1, b'x', 1, 1, 0];
        assert_eq!(
            strip_custom_sections(&module),
            Some(vec![0, b'a', b's', b'm', 1, 0, 0, 0, 1, 1, 0])
        );
        assert_eq!(strip_custom_sections(b"not wasm"), None);
        // A section that claims more bytes than there are.
        assert_eq!(
            strip_custom_sections(&[0, b'a', b's', b'm', 1, 0, 0, 0, 1, 9, 0]),
            None
        );
    }

    #[test]
    fn reads_leb128() {
        assert_eq!(read_leb128(&[0xe5, 0x8e, 0x26]), Some((624_485, 3)));
        assert_eq!(read_leb128(&[0x80]), None);
    }

    #[test]
    fn code_is_prefixed_brotli_of_the_stripped_module_and_init_code_returns_it() {
        let wasm = wat::parse_str(
            r#"(module (@custom "note" "dropped")
                 (memory (export "memory") 1)
                 (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#,
        )
        .unwrap();
        let program = Program::from_wasm(&wasm).unwrap();
        assert!(program.wasm.len() < wasm.len(), "custom section kept");

        // The code: EF F0 00 00, then a brotli stream of the stripped module.
        assert_eq!(program.code[..4], [0xef, 0xf0, 0x00, 0x00]);
        let mut decompressed = Vec::new();
        brotli::Decompressor::new(&program.code[4..], 4096)
            .read_to_end(&mut decompressed)
            .unwrap();
        assert_eq!(decompressed, program.wasm);
        assert_eq!(program.code_hash(), keccak256(&program.code));

        // The init code: PUSH32 len, DUP1, PUSH1 43, PUSH1 0, CODECOPY,
        // PUSH1 0, RETURN, a version byte 0, then the code itself.
        let init = program.init_code();
        let mut prelude = vec![0x7f];
        prelude.extend([0; 31 - 1]);
        prelude.extend(u16::try_from(program.code.len()).unwrap().to_be_bytes());
        prelude.extend([0x80, 0x60, 43, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
        assert_eq!(init[..43], prelude[..]);
        assert_eq!(init[43..], program.code[..]);
    }
}
