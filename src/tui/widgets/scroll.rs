//! The scroll position of a text that is longer than its pane (the record view, the help).
//!
//! The view knows how long the text is; the update moves the position. So the view tells the
//! position, at each draw, how far it may go (`fit`), and every move is clamped to that at once:
//! after End or a run of ↓ past the end, one ↑ moves up one line — never tens of thousands of
//! presses of "nothing happens" while a position far past the end counts back.

use std::cell::Cell;

#[derive(Debug, Default)]
pub struct Scroll {
    offset: u16,
    /// End was pressed: stay at the end, however long the text turns out to be.
    at_end: bool,
    /// The furthest offset the last draw allowed (text lines minus pane height); none before
    /// the first draw.
    max: Cell<Option<u16>>,
}

impl Scroll {
    pub fn offset(&self) -> u16 {
        match self.max.get() {
            None => self.offset,
            Some(max) if self.at_end => max,
            Some(max) => self.offset.min(max),
        }
    }

    /// Called by the view: the text has `lines` lines in a pane `height` high. Returns the
    /// offset to draw from.
    pub fn fit(&self, lines: usize, height: u16) -> u16 {
        let max = lines.saturating_sub(usize::from(height));
        self.max.set(Some(u16::try_from(max).unwrap_or(u16::MAX)));
        self.offset()
    }

    pub fn up(&mut self, by: u16) {
        self.offset = self.offset().saturating_sub(by);
        self.at_end = false;
    }

    pub fn down(&mut self, by: u16) {
        let moved = self.offset().saturating_add(by);
        self.offset = self.max.get().map_or(moved, |max| moved.min(max));
        self.at_end = false;
    }

    pub fn top(&mut self) {
        self.offset = 0;
        self.at_end = false;
    }

    pub fn bottom(&mut self) {
        self.at_end = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_are_clamped_to_what_the_last_draw_allowed() {
        let mut s = Scroll::default();
        // End before the first draw: the end, once the length is known.
        s.bottom();
        assert_eq!(s.fit(30, 10), 20);
        s.top();
        assert_eq!(s.fit(30, 10), 0);
        s.bottom();
        assert_eq!(s.offset(), 20);
        for _ in 0..1000 {
            s.down(1);
        }
        assert_eq!(s.offset(), 20);
        s.up(1);
        assert_eq!(s.offset(), 19, "one ↑ after the end moves one line");
        s.down(u16::MAX);
        assert_eq!(s.offset(), 20);
        // The pane grew: the text fits, the position follows.
        assert_eq!(s.fit(30, 40), 0);
        s.top();
        s.up(5);
        assert_eq!(s.offset(), 0);
    }
}
