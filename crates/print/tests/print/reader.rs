//! Reads ESC/POS bytes back into what a printer would do with them, written from the command
//! reference and not from the crate's builder, so the tests check the bytes, not the builder
//! against itself. Unknown bytes below 0x20 fail the test: nothing stray may reach the printer.

use frontdesk_print::TextEncoding;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Init,
    ChineseMode,
    Align(u8),
    Bold(bool),
    Size {
        width: u8,
        height: u8,
    },
    /// One printed line: its text decoded, and the character size it was printed at.
    Line {
        text: String,
        width: u8,
        height: u8,
    },
    Feed(u8),
    QrNative {
        data: Vec<u8>,
        module: u8,
        ec: u8,
        model: u8,
    },
    Raster {
        width_bytes: usize,
        height: usize,
        bits: Vec<u8>,
    },
    Cut,
}

/// Splits `bytes` into operations, decoding each line's text with `encoding`.
pub fn read(bytes: &[u8], encoding: TextEncoding) -> Vec<Op> {
    let codec = encoding.codec();
    let mut ops = Vec::new();
    let mut i = 0;
    let mut text: Vec<u8> = Vec::new();
    let (mut width, mut height) = (1u8, 1u8);
    let mut qr = (0u8, 0u8, 0u8, Vec::new()); // model, module, ec, data
    while i < bytes.len() {
        let b = bytes[i];
        let rest = &bytes[i..];
        let taken = match b {
            0x0a => {
                let (decoded, _, malformed) = codec.decode(&text);
                assert!(!malformed, "malformed {} text: {text:02x?}", codec.name());
                ops.push(Op::Line {
                    text: decoded.into_owned(),
                    width,
                    height,
                });
                text.clear();
                1
            }
            0x1b => match rest[1] {
                b'@' => {
                    ops.push(Op::Init);
                    (width, height) = (1, 1);
                    2
                }
                b'a' => {
                    ops.push(Op::Align(rest[2]));
                    3
                }
                b'E' => {
                    ops.push(Op::Bold(rest[2] & 1 == 1));
                    3
                }
                b'd' => {
                    ops.push(Op::Feed(rest[2]));
                    3
                }
                other => panic!("unknown ESC {other:#04x} at {i}"),
            },
            0x1c => {
                assert_eq!(rest[1], b'&', "unknown FS command at {i}");
                ops.push(Op::ChineseMode);
                2
            }
            0x1d => match rest[1] {
                b'!' => {
                    (width, height) = ((rest[2] >> 4) + 1, (rest[2] & 0x0f) + 1);
                    ops.push(Op::Size { width, height });
                    3
                }
                b'V' => {
                    assert_eq!(&rest[..4], &[0x1d, b'V', 66, 0], "cut function B");
                    ops.push(Op::Cut);
                    4
                }
                b'v' => {
                    assert_eq!(&rest[..4], &[0x1d, b'v', b'0', 0], "raster, normal density");
                    let width_bytes = usize::from(rest[4]) | usize::from(rest[5]) << 8;
                    let height = usize::from(rest[6]) | usize::from(rest[7]) << 8;
                    let n = width_bytes * height;
                    ops.push(Op::Raster {
                        width_bytes,
                        height,
                        bits: rest[8..8 + n].to_vec(),
                    });
                    8 + n
                }
                b'(' => {
                    assert_eq!(rest[2], b'k', "only GS ( k");
                    let len = usize::from(rest[3]) | usize::from(rest[4]) << 8;
                    let params = &rest[5..5 + len];
                    assert_eq!(params[0], 49, "cn = 49: QR code");
                    match params[1] {
                        65 => qr.0 = params[2],
                        67 => qr.1 = params[2],
                        69 => qr.2 = params[2],
                        80 => {
                            assert_eq!(params[2], 48);
                            qr.3 = params[3..].to_vec();
                        }
                        81 => ops.push(Op::QrNative {
                            data: std::mem::take(&mut qr.3),
                            module: qr.1,
                            ec: qr.2,
                            model: qr.0,
                        }),
                        f => panic!("unknown QR function {f}"),
                    }
                    5 + len
                }
                other => panic!("unknown GS {other:#04x} at {i}"),
            },
            0x00..=0x1f => panic!("stray control byte {b:#04x} at {i}"),
            _ => {
                text.push(b);
                1
            }
        };
        i += taken;
    }
    assert!(text.is_empty(), "text without a line feed at the end");
    ops
}

/// The printed lines, in order.
pub fn lines(ops: &[Op]) -> Vec<&str> {
    ops.iter()
        .filter_map(|op| match op {
            Op::Line { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}
