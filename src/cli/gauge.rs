//! Progress of a long export or import on the command line: an indicatif bar on standard error
//! per stage of the bundle step (drawn only at a terminal, so scripts and `--json` readers see
//! nothing of it).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::bundle::watch::{Stage, Watch};

pub struct Gauge {
    bar: ProgressBar,
    stage: Option<Stage>,
}

impl Gauge {
    pub fn new() -> Self {
        Gauge {
            bar: ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            stage: None,
        }
    }

    fn start(&mut self, stage: Stage, total: u64) {
        self.stage = Some(stage);
        self.bar.reset();
        let template = if total == 0 {
            "{msg:24} {spinner} {pos} {elapsed}"
        } else if stage.unit() == "bytes" {
            "{msg:24} {wide_bar} {bytes}/{total_bytes} ({eta})"
        } else {
            "{msg:24} {wide_bar} {pos}/{len} events ({eta})"
        };
        self.bar.set_style(
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        self.bar.set_length(total);
        self.bar.set_message(stage.words());
    }
}

impl Default for Gauge {
    fn default() -> Self {
        Self::new()
    }
}

impl Watch for Gauge {
    fn progress(&mut self, stage: Stage, done: u64, total: u64) {
        if self.stage != Some(stage) || self.bar.length() != Some(total) {
            self.start(stage, total);
        }
        self.bar.set_position(done);
        if total > 0 && done >= total {
            // A stage done leaves the terminal clear (the key passphrase may be asked next).
            self.bar.finish_and_clear();
        }
    }

    fn stop_asked(&self) -> bool {
        false
    }
}

impl Drop for Gauge {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
