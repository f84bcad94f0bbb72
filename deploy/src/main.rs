//! `deploy sizes FILE.wasm…`: prints each program's size as cargo-stylus
//! measures it (custom sections stripped, brotli level 11, 4-byte prefix)
//! and exits non-zero if any is over the Stylus limit of 24,576 bytes.

use std::{fs, io::Write, process::ExitCode};

/// Largest compressed program a Stylus chain activates.
const STYLUS_SIZE_LIMIT: usize = 24_576;
/// Bytes cargo-stylus puts before the brotli stream.
const PREFIX_LENGTH: usize = 4;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() != Some("sizes") {
        eprintln!("usage: deploy sizes FILE.wasm...");
        return ExitCode::from(2);
    }
    let mut over = false;
    for path in args {
        let wasm = match fs::read(&path) {
            Ok(wasm) => wasm,
            Err(error) => {
                eprintln!("{path}: {error}");
                return ExitCode::from(2);
            }
        };
        let Some(stripped) = strip_custom_sections(&wasm) else {
            eprintln!("{path}: not a wasm module");
            return ExitCode::from(2);
        };
        let size = compressed_size(&stripped);
        let verdict = if size > STYLUS_SIZE_LIMIT {
            "OVER THE LIMIT"
        } else {
            "ok"
        };
        over |= size > STYLUS_SIZE_LIMIT;
        let name = path.rsplit('/').next().unwrap_or(&path);
        println!(
            "{name:<24} {:>7} bytes raw {size:>7} bytes compressed  {verdict}",
            wasm.len()
        );
    }
    if over {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The module without its custom sections (id 0), as deployed.
fn strip_custom_sections(wasm: &[u8]) -> Option<Vec<u8>> {
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

fn compressed_size(wasm: &[u8]) -> usize {
    let mut compressed = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut compressed, 4096, 11, 22);
        // Writing to a Vec cannot fail.
        let _ = writer.write_all(wasm);
    }
    compressed.len().saturating_add(PREFIX_LENGTH)
}

#[cfg(test)]
mod tests {
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
    }

    #[test]
    fn reads_leb128() {
        assert_eq!(read_leb128(&[0xe5, 0x8e, 0x26]), Some((624_485, 3)));
        assert_eq!(read_leb128(&[0x80]), None);
    }
}
