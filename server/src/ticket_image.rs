//! A ticket's QR code as a PNG image, for the confirmation mail (mail clients
//! show images, not SVG). Black modules on white with the standard quiet zone,
//! one bit per pixel.

/// Modules are drawn this many pixels wide: a version-5 code (what a ticket
/// address needs) with its quiet zone is then about 300 px.
const MODULE_PX: usize = 8;
const QUIET_ZONE: usize = 4;

#[derive(Debug, thiserror::Error)]
pub enum TicketImageError {
    #[error("the QR code cannot hold this text: {0}")]
    Qr(#[from] qrcode::types::QrError),
    #[error("encoding the PNG: {0}")]
    Png(#[from] png::EncodingError),
}

/// The PNG of the QR code for `text`, and its size in pixels (square).
pub fn qr_png(text: &str) -> Result<(Vec<u8>, u32), TicketImageError> {
    let code = qrcode::QrCode::new(text.as_bytes())?;
    let modules = code.width();
    let dark = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE) * MODULE_PX;
    let row_bytes = side.div_ceil(8);
    // 1-bit greyscale: a set bit is white.
    let mut pixels = vec![0xFFu8; row_bytes * side];
    for y in 0..modules {
        for x in 0..modules {
            if dark[y * modules + x] != qrcode::Color::Dark {
                continue;
            }
            for dy in 0..MODULE_PX {
                let row = (QUIET_ZONE + y) * MODULE_PX + dy;
                for dx in 0..MODULE_PX {
                    let column = (QUIET_ZONE + x) * MODULE_PX + dx;
                    pixels[row * row_bytes + column / 8] &= !(0x80 >> (column % 8));
                }
            }
        }
    }
    let side = u32::try_from(side).unwrap_or(u32::MAX);
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        encoder.set_compression(png::Compression::Best);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&pixels)?;
    }
    Ok((png, side))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_square_png_with_quiet_zone() {
        let (png, side) = qr_png("http://leernet.test/ticket/0123456789abcdef").expect("png");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let mut reader = decoder.read_info().expect("readable");
        let info = reader.info().clone();
        assert_eq!((info.width, info.height), (side, side));
        assert_eq!(side % 8, 0);
        let mut buffer = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut buffer).expect("a frame");
        // The top-left corner is quiet zone (white); the finder pattern starts after it.
        assert_eq!(buffer[0] & 0x80, 0x80);
        let finder_row = QUIET_ZONE * MODULE_PX;
        let finder_col = QUIET_ZONE * MODULE_PX;
        let row_bytes = (side as usize).div_ceil(8);
        assert_eq!(buffer[finder_row * row_bytes + finder_col / 8] & (0x80 >> (finder_col % 8)), 0, "dark module");
    }
}
