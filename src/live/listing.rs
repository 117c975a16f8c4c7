//! Which requests the list shows, and which of those rows are drawn: a session keeps up to
//! [`super::MAX_STORED`] requests, and a browser that lays out, intersects and paints 10,000 rows
//! on every change blocks the panel for seconds (measured in the 12,000-request panel stream,
//! `bench/ANALYSIS.md`). Only the rows around the viewport are drawn; padding stands in for the
//! rest, so the scroll bar keeps its length.
//!
//! ```
//! use authlens::live::{drawn_range, Listed};
//!
//! let mut listed = Listed::default();
//! for index in [3, 5, 8, 13] {
//!     listed.push(index);
//! }
//! assert_eq!(listed.position(8), Some(2));
//! assert_eq!(listed.neighbour(8, true), Some(13));
//! listed.remove(3);
//! assert_eq!(listed.get(0), Some(5));
//! // 100 rows of 20 px in a 200 px viewport scrolled to row 50, 5 rows drawn on either side.
//! assert_eq!(drawn_range(1000.0, 200.0, 20.0, 100, 5), 45..65);
//! ```

use std::collections::VecDeque;
use std::ops::Range;

/// The display indexes of the requests the list shows (those its filter passes), ascending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listed {
    indexes: VecDeque<usize>,
}

impl Listed {
    /// Lists nothing.
    pub fn clear(&mut self) {
        self.indexes.clear();
    }

    /// Lists request `index` in its place (normally the end: requests arrive in index order).
    pub fn push(&mut self, index: usize) {
        match self.indexes.back() {
            Some(&last) if last >= index => {
                if let Err(at) = self.indexes.binary_search(&index) {
                    self.indexes.insert(at, index);
                }
            }
            _ => self.indexes.push_back(index),
        }
    }

    /// Stops listing request `index`; returns the position it had.
    pub fn remove(&mut self, index: usize) -> Option<usize> {
        // Evictions take the oldest: the first position, without a search.
        if self.indexes.front() == Some(&index) {
            self.indexes.pop_front();
            return Some(0);
        }
        let at = self.indexes.binary_search(&index).ok()?;
        self.indexes.remove(at);
        Some(at)
    }

    /// Where request `index` is in the list.
    pub fn position(&self, index: usize) -> Option<usize> {
        self.indexes.binary_search(&index).ok()
    }

    /// The request at position `pos`.
    pub fn get(&self, pos: usize) -> Option<usize> {
        self.indexes.get(pos).copied()
    }

    /// How many requests are listed.
    pub fn len(&self) -> usize {
        self.indexes.len()
    }

    /// Nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.indexes.is_empty()
    }

    /// The listed request after (`down`) or before request `index`.
    pub fn neighbour(&self, index: usize, down: bool) -> Option<usize> {
        let pos = self.position(index)?;
        if down {
            self.get(pos + 1)
        } else {
            self.get(pos.checked_sub(1)?)
        }
    }

    /// The requests at positions `range`, in order.
    pub fn slice(&self, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        self.indexes.range(range).copied()
    }
}

/// The positions to draw in a list of `len` rows of `row_height` px scrolled to `scroll_top` px
/// in a viewport `viewport` px high: the rows the viewport shows and `overscan` more on either
/// side. Any input (a hidden panel reads 0 for the viewport and the row height, a scroll
/// position may be past the end while rows are dropped) gives a range within `0..len`.
pub fn drawn_range(
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
    len: usize,
    overscan: usize,
) -> Range<usize> {
    let rows = |px: f64, round: fn(f64) -> f64| {
        if row_height > 0.0 && px.is_finite() && px > 0.0 {
            // A float-to-int cast saturates, so a huge px gives usize::MAX, never wraps.
            round(px / row_height) as usize
        } else {
            0
        }
    };
    let first = rows(scroll_top, f64::floor).min(len);
    let last = rows(scroll_top + viewport, f64::ceil).max(first.saturating_add(1));
    let start = first.saturating_sub(overscan);
    let end = last.saturating_add(overscan).min(len);
    start.min(end)..end
}

/// The scroll position that shows the row at `pos` in full, moving as little as possible from
/// `scroll_top` (`None`: it is already in view).
pub fn scroll_to_show(pos: usize, scroll_top: f64, viewport: f64, row_height: f64) -> Option<f64> {
    let top = pos as f64 * row_height;
    let bottom = top + row_height;
    if top < scroll_top {
        Some(top)
    } else if bottom > scroll_top + viewport && viewport > 0.0 {
        Some((bottom - viewport).max(0.0))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rows_arrive_in_order_and_leave_from_the_front() {
        let mut l = Listed::default();
        for i in 0..10 {
            l.push(i * 2);
        }
        assert_eq!(l.remove(0), Some(0));
        assert_eq!(l.remove(7), None, "never listed");
        assert_eq!(l.remove(10), Some(4));
        assert_eq!(l.slice(0..4).collect::<Vec<_>>(), vec![2, 4, 6, 8]);
        // A row listed again after its filter changed goes back to its place, once.
        l.push(10);
        l.push(10);
        assert_eq!(l.position(10), Some(4));
        assert_eq!(l.len(), 9);
        assert_eq!(l.neighbour(2, false), None);
        assert_eq!(l.neighbour(18, true), None);
        assert_eq!(l.neighbour(8, true), Some(10));
        assert_eq!(l.neighbour(7, true), None, "not listed");
    }

    #[test]
    fn a_short_list_is_drawn_whole_and_a_hidden_one_draws_its_overscan() {
        assert_eq!(drawn_range(0.0, 600.0, 26.0, 12, 200), 0..12);
        assert_eq!(drawn_range(0.0, 0.0, 0.0, 10_000, 200), 0..201);
        assert_eq!(
            drawn_range(f64::NAN, f64::INFINITY, 26.0, 10_000, 200),
            0..201
        );
        // Scrolled past the end (rows were dropped since): the last rows.
        assert_eq!(drawn_range(1e9, 600.0, 26.0, 100, 10), 90..100);
        assert_eq!(drawn_range(0.0, 600.0, 26.0, 0, 200), 0..0);
    }

    #[test]
    fn scrolling_to_a_row_moves_as_little_as_possible() {
        assert_eq!(scroll_to_show(0, 0.0, 100.0, 20.0), None);
        assert_eq!(scroll_to_show(5, 0.0, 100.0, 20.0), Some(20.0));
        assert_eq!(scroll_to_show(2, 100.0, 100.0, 20.0), Some(40.0));
        assert_eq!(scroll_to_show(6, 100.0, 100.0, 20.0), None);
    }

    proptest! {
        #[test]
        fn the_drawn_range_holds_every_row_in_view(
            scroll_top in 0.0f64..1e6, viewport in 0.0f64..5e3, row_height in 1.0f64..100.0,
            len in 0usize..20_000, overscan in 0usize..300,
        ) {
            let r = drawn_range(scroll_top, viewport, row_height, len, overscan);
            prop_assert!(r.start <= r.end && r.end <= len);
            for pos in 0..len {
                let top = pos as f64 * row_height;
                let in_view = top + row_height > scroll_top && top < scroll_top + viewport;
                if in_view {
                    prop_assert!(r.contains(&pos), "row {pos} in view but not drawn ({r:?})");
                }
            }
            prop_assert!(r.len() <= (viewport / row_height) as usize + 2 + 2 * overscan);
        }

        #[test]
        fn listed_stays_sorted_and_unique(ops in proptest::collection::vec((any::<bool>(), 0usize..50), 0..200)) {
            let mut l = Listed::default();
            let mut model = std::collections::BTreeSet::new();
            for (add, i) in ops {
                if add { l.push(i); model.insert(i); } else {
                    prop_assert_eq!(l.remove(i).is_some(), model.remove(&i));
                }
            }
            prop_assert_eq!(l.slice(0..l.len()).collect::<Vec<_>>(), model.into_iter().collect::<Vec<_>>());
        }
    }
}
