//! The selected row of a list (a queue, the browser's page, the entity list, an entity's links,
//! the stations, the themes, a menu): one type for every list, kept inside the list.
//!
//! The position lives in ratatui's `ListState`; the list's length is kept beside it and every
//! move and every change of length clamps the position at once. A reload that removes items
//! never leaves the selection past the end (Enter then opens the last item, not nothing), and
//! a run of ↓ past the end never has to be counted back.

use ratatui::widgets::ListState;

/// Rows PgUp and PgDn move by.
pub const PAGE: usize = 10;

#[derive(Clone, Debug, Default)]
pub struct Selection {
    state: ListState,
    len: usize,
}

/// A move in a list, from the keys that make one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
}

impl Selection {
    /// A list of `len` items, the first selected (none when empty).
    pub fn new(len: usize) -> Selection {
        Selection::at(0, len)
    }

    /// A list of `len` items with `index` selected (the last when past the end).
    pub fn at(index: usize, len: usize) -> Selection {
        let mut s = Selection {
            state: ListState::default().with_selected(Some(index)),
            len,
        };
        s.clamp();
        s
    }

    /// The selected row; none when the list is empty.
    pub fn selected(&self) -> Option<usize> {
        self.state.selected()
    }

    /// The selected row, or 0 when the list is empty (for drawing).
    pub fn index(&self) -> usize {
        self.selected().unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether row `i` is the selected one.
    pub fn is(&self, i: usize) -> bool {
        self.selected() == Some(i)
    }

    /// The list now has `len` items (a reload, a filter): the selection stays where it was,
    /// or on the last item when the list got shorter than that.
    pub fn set_len(&mut self, len: usize) {
        self.len = len;
        self.clamp();
    }

    /// Back to the first item, on a list of `len` items.
    pub fn reset(&mut self, len: usize) {
        *self = Selection::new(len);
    }

    pub fn select(&mut self, index: usize) {
        self.state.select(Some(index));
        self.clamp();
    }

    pub fn go(&mut self, m: Move) {
        let i = self.index();
        let to = match m {
            Move::Up => i.saturating_sub(1),
            Move::Down => i.saturating_add(1),
            Move::PageUp => i.saturating_sub(PAGE),
            Move::PageDown => i.saturating_add(PAGE),
            Move::First => 0,
            Move::Last => usize::MAX,
        };
        self.select(to);
    }

    /// The next item, after the last the first (a choice cycling through its options).
    pub fn next_wrapping(&mut self) {
        if self.len > 0 {
            self.select((self.index() + 1) % self.len);
        }
    }

    /// The previous item, before the first the last.
    pub fn previous_wrapping(&mut self) {
        if self.len > 0 {
            self.select((self.index() + self.len - 1) % self.len);
        }
    }

    /// The state for a ratatui `List` drawn with `render_stateful_widget`.
    pub fn state_mut(&mut self) -> &mut ListState {
        &mut self.state
    }

    fn clamp(&mut self) {
        let to = match (self.len, self.state.selected()) {
            (0, _) => None,
            (len, Some(i)) => Some(i.min(len - 1)),
            (_, None) => Some(0),
        };
        self.state.select(to);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_move_stays_inside_the_list() {
        let mut s = Selection::new(5);
        assert_eq!(s.selected(), Some(0));
        s.go(Move::Up);
        assert_eq!(s.selected(), Some(0));
        for _ in 0..1000 {
            s.go(Move::Down);
        }
        assert_eq!(s.selected(), Some(4));
        s.go(Move::Up);
        assert_eq!(s.selected(), Some(3), "one ↑ after the end moves one row");
        s.go(Move::PageDown);
        assert_eq!(s.selected(), Some(4));
        s.go(Move::PageUp);
        assert_eq!(s.selected(), Some(0));
        s.go(Move::Last);
        assert_eq!(s.selected(), Some(4));
        s.go(Move::First);
        assert_eq!(s.selected(), Some(0));
        let mut long = Selection::new(25);
        long.go(Move::PageDown);
        assert_eq!(long.selected(), Some(10));
        long.go(Move::PageDown);
        long.go(Move::PageDown);
        assert_eq!(long.selected(), Some(24));
        long.go(Move::PageUp);
        assert_eq!(long.selected(), Some(14));
    }

    #[test]
    fn a_shorter_list_pulls_the_selection_back_and_an_empty_one_selects_nothing() {
        let mut s = Selection::at(7, 8);
        assert_eq!(s.selected(), Some(7));
        s.set_len(3);
        assert_eq!(s.selected(), Some(2));
        s.set_len(0);
        assert_eq!(s.selected(), None);
        assert_eq!(s.index(), 0);
        s.go(Move::Down);
        assert_eq!(s.selected(), None, "no move selects in an empty list");
        s.set_len(4);
        assert_eq!(
            s.selected(),
            Some(0),
            "items came back: the first is selected"
        );
        s.select(2);
        s.set_len(10);
        assert_eq!(s.selected(), Some(2), "a longer list keeps the selection");
        assert_eq!(Selection::at(9, 3).selected(), Some(2));
    }

    #[test]
    fn a_choice_cycles_through_its_options() {
        let mut s = Selection::new(3);
        s.previous_wrapping();
        assert_eq!(s.selected(), Some(2));
        s.next_wrapping();
        assert_eq!(s.selected(), Some(0));
        let mut none = Selection::new(0);
        none.next_wrapping();
        none.previous_wrapping();
        assert_eq!(none.selected(), None);
    }
}
