//! Bytes → text: UTF-8 (BOM stripped) or, when not valid UTF-8, GB18030
//! (which covers GBK and GB2312, what Chinese Excel saves "CSV" as).
//! Binary files, UTF-16 and undecodable bytes are refused, never guessed.

use super::messages::Problem;
use std::io::Read;
use std::path::Path;

/// Files larger than this are refused before they are read, so a huge or
/// endless input cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Read a whole file, refusing one over [`MAX_FILE_BYTES`].
pub fn read_limited(path: &Path) -> Result<Vec<u8>, Problem> {
    let file = std::fs::File::open(path).map_err(|e| Problem::CannotRead(e.to_string()))?;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(Problem::CannotRead("is a directory".into()));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_large());
        }
    }
    // Read at most one byte past the limit: the size on disk can lie (a
    // device, a file still growing).
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Problem::CannotRead(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn too_large() -> Problem {
    Problem::TooLarge {
        limit_mib: MAX_FILE_BYTES / (1024 * 1024),
    }
}

/// Decode a text file. Empty (or only whitespace) is an error.
///
/// UTF-8 text keeps the buffer it was read into: a province's files are
/// tens of megabytes each, and a copy would hold each twice while parsed.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, Problem> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Problem::Utf16);
    }
    let bom = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
    let body = &bytes[bom..];
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Problem::Empty);
    }
    if looks_binary(body) {
        return Err(Problem::Binary);
    }
    if std::str::from_utf8(body).is_ok() {
        bytes.drain(..bom);
        return String::from_utf8(bytes).map_err(|_| Problem::Unsupported);
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(body)
        .map(|text| text.into_owned())
        .ok_or(Problem::Unsupported)
}

/// A NUL byte, or more than a few control characters that text files do
/// not hold (anything below 0x20 but tab, LF, CR, form feed and Ctrl-Z).
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.contains(&0) {
        return true;
    }
    let odd = bytes
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A | 0x1B))
        .count();
    odd > 8 && odd * 100 > bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_bom_and_keeps_utf8() {
        assert_eq!(
            decode("\u{feff}编码,名称\r\n".as_bytes().to_vec()).unwrap(),
            "编码,名称\r\n"
        );
        assert_eq!(decode(b"code\n".to_vec()).unwrap(), "code\n");
    }

    #[test]
    fn falls_back_to_gb18030() {
        let (gbk, _, _) = encoding_rs::GB18030.encode("姓名,电话\n王林汉,138\n");
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode(gbk.into_owned()).unwrap(), "姓名,电话\n王林汉,138\n");
    }

    #[test]
    fn refuses_empty_binary_utf16_and_undecodable_bytes() {
        assert_eq!(decode(b"".to_vec()), Err(Problem::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF \r\n".to_vec()), Err(Problem::Empty));
        assert_eq!(decode(b"PK\x03\x04\x00\x00".to_vec()), Err(Problem::Binary));
        assert_eq!(decode(b"\xFF\xFEc\x00".to_vec()), Err(Problem::Utf16));
        // 0xFF starts no character in GB18030.
        assert_eq!(decode(b"code\n\xFF\n".to_vec()), Err(Problem::Unsupported));
    }
}
