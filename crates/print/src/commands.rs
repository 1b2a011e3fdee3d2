//! The ESC/POS commands a ticket uses, as a small typed builder.
//!
//! Why not the `escpos` crate (0.20, looked at on 2026-12-02): of the dozen commands a ticket needs,
//! it lacks Chinese mode (`FS &`), and its raster images need the `image` crate and an encoded
//! PNG/JPEG to decode again, so half of a ticket would go through its `custom(&[u8])` escape hatch
//! anyway. Its drivers report errors as strings (we need stable codes: refused, timeout, paper out),
//! and it asks for Rust 1.88 where the workspace promises 1.85. What is left is a byte table of
//! about a dozen fixed sequences from the Epson ESC/POS reference, each checked by the golden-byte
//! tests; encoding stays with `encoding_rs` and the QR matrix with `qrcode`.

/// One ESC/POS command. Text is passed already encoded (see `text::encode`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `ESC @`: clear the buffer and reset every mode.
    Init,
    /// `FS &`: two-byte (GB) characters on. Printers sold in China expect it before GB text.
    ChineseModeOn,
    /// `ESC a n`: justification of the lines that follow.
    Align(Align),
    /// `ESC E n`: emphasised (bold).
    Bold(bool),
    /// `GS ! n`: character size, each factor 1..=8.
    Size { width: u8, height: u8 },
    /// Encoded text bytes, without a line feed.
    Text(Vec<u8>),
    /// `LF`.
    LineFeed,
    /// `ESC d n`: print and feed n lines.
    Feed(u8),
    /// The five `GS ( k` functions that print a QR code natively: model 2, module size,
    /// error correction M, store the data, print.
    QrNative { data: Vec<u8>, module: u8 },
    /// `GS v 0`: a raster bit image, one bit per dot, rows of `width_bytes` bytes.
    Raster {
        width_bytes: u16,
        height: u16,
        bits: Vec<u8>,
    },
    /// `GS V 66 0`: feed to the cutter and cut (partial where the printer only has that).
    /// Printers without a cutter ignore it; the feed before it leaves room to tear.
    Cut,
}

/// Horizontal justification (`ESC a`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left = 0,
    Center = 1,
}

/// `DLE EOT 4`: transmit the roll paper sensor status (a real-time command: the printer answers
/// it even while offline or in error, which is what makes it a useful probe).
pub const PAPER_STATUS_QUERY: [u8; 3] = [0x10, 0x04, 0x04];

const ESC: u8 = 0x1b;
const GS: u8 = 0x1d;
const FS: u8 = 0x1c;

impl Command {
    /// Appends the command's bytes.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Command::Init => out.extend_from_slice(&[ESC, b'@']),
            Command::ChineseModeOn => out.extend_from_slice(&[FS, b'&']),
            Command::Align(a) => out.extend_from_slice(&[ESC, b'a', *a as u8]),
            Command::Bold(on) => out.extend_from_slice(&[ESC, b'E', u8::from(*on)]),
            Command::Size { width, height } => {
                let w = (*width).clamp(1, 8) - 1;
                let h = (*height).clamp(1, 8) - 1;
                out.extend_from_slice(&[GS, b'!', (w << 4) | h]);
            }
            Command::Text(bytes) => out.extend_from_slice(bytes),
            Command::LineFeed => out.push(b'\n'),
            Command::Feed(n) => out.extend_from_slice(&[ESC, b'd', *n]),
            Command::QrNative { data, module } => {
                // Function 165: model 2.
                out.extend_from_slice(&[GS, b'(', b'k', 4, 0, 49, 65, 50, 0]);
                // Function 167: module size in dots.
                out.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 67, (*module).clamp(1, 16)]);
                // Function 169: error correction level M (49), as the raster uses.
                out.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 69, 49]);
                // Function 180: store the data; the length counts the 3 bytes `49 80 48`.
                let len = data.len() + 3;
                out.extend_from_slice(&[GS, b'(', b'k', (len & 0xff) as u8, (len >> 8) as u8]);
                out.extend_from_slice(&[49, 80, 48]);
                out.extend_from_slice(data);
                // Function 181: print the stored symbol.
                out.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 81, 48]);
            }
            Command::Raster {
                width_bytes,
                height,
                bits,
            } => {
                let [wl, wh] = width_bytes.to_le_bytes();
                let [hl, hh] = height.to_le_bytes();
                out.extend_from_slice(&[GS, b'v', b'0', 0, wl, wh, hl, hh]);
                out.extend_from_slice(bits);
            }
            Command::Cut => out.extend_from_slice(&[GS, b'V', 66, 0]),
        }
    }
}

/// A ticket's command list turned into the bytes sent to the printer.
pub fn to_bytes(commands: &[Command]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in commands {
        c.encode(&mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(c: Command) -> Vec<u8> {
        to_bytes(&[c])
    }

    #[test]
    fn fixed_sequences_match_the_reference() {
        assert_eq!(bytes(Command::Init), [0x1b, 0x40]);
        assert_eq!(bytes(Command::ChineseModeOn), [0x1c, 0x26]);
        assert_eq!(bytes(Command::Align(Align::Center)), [0x1b, 0x61, 1]);
        assert_eq!(bytes(Command::Bold(true)), [0x1b, 0x45, 1]);
        assert_eq!(bytes(Command::Feed(3)), [0x1b, 0x64, 3]);
        assert_eq!(bytes(Command::Cut), [0x1d, 0x56, 0x42, 0]);
    }

    #[test]
    fn size_packs_width_high_and_height_low_and_clamps() {
        let size = |width, height| bytes(Command::Size { width, height });
        assert_eq!(size(1, 1), [0x1d, 0x21, 0x00]);
        assert_eq!(size(2, 2), [0x1d, 0x21, 0x11]);
        assert_eq!(size(6, 6), [0x1d, 0x21, 0x55]);
        assert_eq!(size(1, 2), [0x1d, 0x21, 0x01]);
        assert_eq!(size(9, 0), [0x1d, 0x21, 0x70]);
    }

    #[test]
    fn native_qr_stores_the_data_with_its_length() {
        let b = bytes(Command::QrNative {
            data: b"ab".to_vec(),
            module: 6,
        });
        let store = [0x1d, 0x28, 0x6b, 5, 0, 49, 80, 48, b'a', b'b'];
        assert!(b.windows(store.len()).any(|w| w == store));
        assert!(b.ends_with(&[0x1d, 0x28, 0x6b, 3, 0, 49, 81, 48]));
    }

    #[test]
    fn raster_header_carries_width_and_height_little_endian() {
        let b = bytes(Command::Raster {
            width_bytes: 48,
            height: 300,
            bits: vec![0; 48 * 300],
        });
        assert_eq!(&b[..8], &[0x1d, 0x76, 0x30, 0, 48, 0, 44, 1]);
        assert_eq!(b.len(), 8 + 48 * 300);
    }
}
