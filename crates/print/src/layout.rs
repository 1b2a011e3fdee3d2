//! The ticket's layout, top to bottom, as ESC/POS commands.
//!
//! ```text
//!        市民中心公安专区          hall name, bold, double height
//!            【优先】              marks, if any
//!            A 0 0 1               the number, 5-8× (as large as the width allows)
//!          驾驶证业务              service, double size, wrapped
//!        前面还有 3 人
//!      预计等候约 15 分钟
//!  取号时间 2026-12-02 08:30:05
//! --------------------------------
//!   请关注交管12123 …              footer, wrapped
//!            [QR]
//! ```

use crate::commands::{to_bytes, Align, Command};
use crate::config::{PaperWidth, PrinterConfig};
use crate::error::PrintError;
use crate::qr;
use crate::text::{encode, wrap};
use crate::ticket::{Lang, TicketPrint};

/// Collects commands while keeping track of the character size, so that every text is wrapped
/// to the columns that size leaves.
struct Page<'a> {
    config: &'a PrinterConfig,
    commands: Vec<Command>,
    scale: u8,
}

impl<'a> Page<'a> {
    fn new(config: &'a PrinterConfig) -> Self {
        let mut commands = vec![Command::Init];
        if config.encoding.needs_chinese_mode() {
            commands.push(Command::ChineseModeOn);
        }
        commands.push(Command::Align(Align::Center));
        Self {
            config,
            commands,
            scale: 1,
        }
    }

    /// Width and height factors; wrapping follows the width factor.
    fn size(&mut self, width: u8, height: u8) {
        self.commands.push(Command::Size { width, height });
        self.scale = width;
    }

    fn bold(&mut self, on: bool) {
        self.commands.push(Command::Bold(on));
    }

    fn align(&mut self, align: Align) {
        self.commands.push(Command::Align(align));
    }

    /// Text wrapped to the current columns, one command per line.
    fn text(&mut self, s: &str) {
        let columns = self.config.width.columns() / usize::from(self.scale);
        for line in wrap(s, columns) {
            self.commands
                .push(Command::Text(encode(&line, self.config.encoding)));
            self.commands.push(Command::LineFeed);
        }
    }

    fn rule(&mut self) {
        self.text(&"-".repeat(self.config.width.columns() / usize::from(self.scale)));
    }

    fn qr(&mut self, text: &str) -> Result<(), PrintError> {
        if !text.is_empty() {
            self.commands
                .push(qr::command(text, self.config.qr, self.config.width)?);
        }
        Ok(())
    }

    /// Feed past the tear bar (printers without a cutter), then cut.
    fn finish(mut self) -> Vec<u8> {
        self.commands.push(Command::Feed(4));
        self.commands.push(Command::Cut);
        to_bytes(&self.commands)
    }
}

/// The factor that makes the number as large as the paper allows: at most 6 on 58 mm and 8 on
/// 80 mm (A001 is then about 18 and 24 mm high), never wider than a line.
fn number_scale(number: &str, width: PaperWidth) -> u8 {
    let largest = match width {
        PaperWidth::Mm58 => 6,
        PaperWidth::Mm80 => 8,
    };
    let fits = width.columns() / number.len().max(1);
    fits.clamp(1, largest) as u8
}

/// The ESC/POS bytes of one ticket.
pub fn render_ticket(ticket: &TicketPrint, config: &PrinterConfig) -> Result<Vec<u8>, PrintError> {
    ticket.check()?;
    let labels = ticket.lang.labels();
    let mut page = Page::new(config);

    page.bold(true);
    page.size(1, 2);
    page.text(&ticket.hall_name);
    page.size(1, 1);

    let marks = &ticket.marks;
    let flags: Vec<&str> = [
        (marks.priority, labels.priority),
        (marks.appointment, labels.appointment),
    ]
    .into_iter()
    .filter_map(|(on, label)| on.then_some(label))
    .collect();
    if !flags.is_empty() {
        page.text(&flags.join(" "));
    }
    if let Some(day) = marks.business_day {
        page.text(&(labels.business_day)(day));
    }

    let number = ticket.number.as_str();
    let scale = number_scale(number, config.width);
    page.size(scale, scale);
    page.text(number);
    page.size(2, 2);
    page.text(&ticket.service_name);
    page.size(1, 1);
    page.bold(false);

    page.text(&(labels.ahead)(ticket.people_ahead));
    page.text(&(labels.wait)(ticket.estimated_wait_minutes));
    page.text(&(labels.issued_at)(ticket.issued_at));

    if !ticket.footer.is_empty() || !ticket.qr_text.is_empty() {
        page.rule();
    }
    page.text(&ticket.footer);
    page.qr(&ticket.qr_text)?;
    Ok(page.finish())
}

/// A page that shows whether the printer reads what we send: the encoding in Chinese, the width
/// as a ruler, large type and a QR code in the configured mode, then a cut. No ticket data.
pub fn render_test_page(config: &PrinterConfig, lang: Lang) -> Result<Vec<u8>, PrintError> {
    let mut page = Page::new(config);
    let (title, chinese, settings) = match lang {
        Lang::ZhCn => ("打印测试页", "中文：取号 叫号 预约 延时服务", "设置"),
        Lang::En => (
            "Printer test page",
            "Chinese: 取号 叫号 预约 延时服务",
            "Settings",
        ),
    };
    page.bold(true);
    page.size(2, 2);
    page.text(title);
    page.size(1, 1);
    page.bold(false);
    page.text("FrontDesk");
    page.align(Align::Left);
    page.text(&format!(
        "{settings}: {} mm, {}, QR {}",
        match config.width {
            PaperWidth::Mm58 => 58,
            PaperWidth::Mm80 => 80,
        },
        config.encoding.codec().name(),
        match config.qr {
            crate::config::QrMode::Native => "native",
            crate::config::QrMode::Raster => "raster",
        },
    ));
    // One full line: the last mark must be at the right edge, nothing on the next line.
    let ruler: String = (1..=config.width.columns())
        .map(|c| {
            if c % 10 == 0 {
                '|'
            } else if c % 5 == 0 {
                '+'
            } else {
                '-'
            }
        })
        .collect();
    page.text(&ruler);
    page.text(chinese);
    page.align(Align::Center);
    page.size(4, 4);
    page.text("A001");
    page.size(1, 1);
    page.qr("FrontDesk")?;
    Ok(page.finish())
}
