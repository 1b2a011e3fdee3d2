//! The QR code, natively (`GS ( k`) or as a bit image (`GS v 0`).
//!
//! Both modes encode the text's UTF-8 bytes, which is what phone scanners expect, whatever the
//! text encoding of the rest of the ticket. The matrix is computed in both modes: it checks that
//! the text fits in a QR code before anything is sent, and sizes the native symbol like the raster.

use crate::commands::Command;
use crate::config::{PaperWidth, QrMode};
use crate::error::PrintError;
use qrcode::{Color, EcLevel, QrCode};

/// White border around the symbol, in modules, as the QR standard asks.
const QUIET_ZONE: usize = 4;

/// The command that prints `text` as a QR code centred on the paper.
pub fn command(text: &str, mode: QrMode, width: PaperWidth) -> Result<Command, PrintError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|_| PrintError::invalid("qr_text", "too_long"))?;
    let modules = code.width();
    // Dots per module: as large as fits, at most 6 on 58 mm and 8 on 80 mm (about 0.75 and
    // 1 mm), which phone cameras read easily from a hand-held ticket.
    let largest = match width {
        PaperWidth::Mm58 => 6,
        PaperWidth::Mm80 => 8,
    };
    let module = (width.dots() / (modules + 2 * QUIET_ZONE)).clamp(1, largest);
    Ok(match mode {
        QrMode::Native => Command::QrNative {
            data: text.as_bytes().to_vec(),
            module: module as u8,
        },
        QrMode::Raster => raster(&code, module, width.dots()),
    })
}

/// The symbol drawn into an image as wide as the paper, centred there: `GS v 0` ignores the
/// justification on some clones, so the image carries its own left margin.
fn raster(code: &QrCode, module: usize, paper_dots: usize) -> Command {
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE) * module;
    let width_bytes = paper_dots / 8;
    let left = (paper_dots - side) / 2 + QUIET_ZONE * module;
    let top = QUIET_ZONE * module;
    let mut bits = vec![0u8; width_bytes * side];
    for y in 0..modules * module {
        for x in 0..modules * module {
            if colors[(y / module) * modules + x / module] == Color::Dark {
                let (px, py) = (left + x, top + y);
                bits[py * width_bytes + px / 8] |= 0x80 >> (px % 8);
            }
        }
    }
    Command::Raster {
        width_bytes: width_bytes as u16,
        height: side as u16,
        bits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the raster back into modules and compares with the matrix.
    #[test]
    fn the_raster_is_the_matrix_scaled_and_centred() {
        let text = "https://example.org/queue";
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
        let Command::Raster {
            width_bytes,
            height,
            bits,
        } = command(text, QrMode::Raster, PaperWidth::Mm58).unwrap()
        else {
            panic!("not a raster");
        };
        let (wb, n) = (width_bytes as usize, code.width());
        let module = height as usize / (n + 2 * QUIET_ZONE);
        assert_eq!(wb, 48);
        assert_eq!(module, 6);
        let left = (384 - height as usize) / 2 + QUIET_ZONE * module;
        let top = QUIET_ZONE * module;
        let dot = |x: usize, y: usize| bits[y * wb + x / 8] & (0x80 >> (x % 8)) != 0;
        let colors = code.to_colors();
        for my in 0..n {
            for mx in 0..n {
                let centre = dot(
                    left + mx * module + module / 2,
                    top + my * module + module / 2,
                );
                assert_eq!(
                    centre,
                    colors[my * n + mx] == Color::Dark,
                    "module {mx},{my}"
                );
            }
        }
        // The quiet zone and margins are white.
        assert!((0..left).all(|x| (0..height as usize).all(|y| !dot(x, y))));
    }

    #[test]
    fn text_too_long_for_a_qr_code_is_refused() {
        let long = "x".repeat(3000);
        assert_eq!(
            command(&long, QrMode::Native, PaperWidth::Mm80).unwrap_err(),
            PrintError::invalid("qr_text", "too_long")
        );
    }
}
