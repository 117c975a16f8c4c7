//! Lists each DevTools network entry once, although two browser APIs report entries: the panel
//! shows what `onRequestFinished` delivers and reconciles it with `getHAR`, which also holds
//! entries the browser never delivered (Firefox: requests made before the panel's first
//! `getHAR` answer, a request its failed preflight blocked).
//!
//! ```
//! use authlens::live::{EntryId, HarSeen, Reconciler};
//!
//! let mut r = Reconciler::new();
//! let id = EntryId::new("2024-05-01T10:00:00.250Z", "GET", "https://api.example.com/me");
//! assert!(r.delivered(&id), "onRequestFinished: show it");
//! // getHAR later lists it (with its offset written differently) and a request never delivered.
//! let blocked = EntryId::new("2024-05-01T10:00:01.000Z", "GET", "https://other.example/api");
//! let har = [
//!     HarSeen { id: EntryId::new("2024-05-01T10:00:00.250+00:00", "GET", "https://api.example.com/me"), finished_ms: Some(1_714_557_600_300.0) },
//!     HarSeen { id: blocked, finished_ms: Some(1_714_557_601_050.0) },
//! ];
//! assert_eq!(r.reconcile(&har, 1_714_557_700_000.0, 1500.0), vec![1], "only the missing one");
//! assert!(r.reconcile(&har, 1_714_557_700_000.0, 1500.0).is_empty(), "a second pass adds nothing");
//! ```
//!
//! Identity is the request's start time, method and URL: identical retries can share it, so both
//! sides are counted (a multiset), never merged. The bookkeeping is bounded ([`MAX_IDS`]).

use std::collections::{HashMap, VecDeque};

use crate::har::parse_rfc3339_ms;

/// At most this many identities are remembered per side; the least recently seen go first
/// (twice the request store, [`super::MAX_STORED`], so no kept request is forgotten).
pub const MAX_IDS: usize = 2 * super::MAX_STORED;

/// What identifies one network entry across `onRequestFinished` and `getHAR`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EntryId {
    /// Start time in ms since the epoch when `startedDateTime` parses, so `Z` and `+00:00`
    /// (and other offsets or fraction lengths) name the same instant.
    started_ms: Option<i64>,
    /// `startedDateTime` as given when it does not parse.
    started_raw: String,
    method: String,
    /// Without the fragment: the browser never sends it, and one API may keep it.
    url: String,
}

impl EntryId {
    /// The identity of a HAR entry from its `startedDateTime`, `request.method` and
    /// `request.url`.
    pub fn new(started_date_time: &str, method: &str, url: &str) -> Self {
        let started_ms = parse_rfc3339_ms(started_date_time.trim());
        EntryId {
            started_ms,
            started_raw: if started_ms.is_some() {
                String::new()
            } else {
                started_date_time.to_string()
            },
            method: method.to_ascii_uppercase(),
            url: url.split('#').next().unwrap_or_default().to_string(),
        }
    }
}

/// One entry of a `getHAR` answer, as the reconciliation needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct HarSeen {
    /// Its identity.
    pub id: EntryId,
    /// When it finished (start + HAR `time`), in ms since the epoch, when known.
    pub finished_ms: Option<f64>,
}

impl HarSeen {
    /// From a HAR entry's `startedDateTime`, `request.method`, `request.url` and `time` (ms;
    /// exporters write -1 or nothing when unknown).
    pub fn new(started_date_time: &str, method: &str, url: &str, time_ms: Option<f64>) -> Self {
        let id = EntryId::new(started_date_time, method, url);
        let finished_ms = id.started_ms.map(|start| {
            let took = time_ms
                .filter(|t| t.is_finite() && *t >= 0.0)
                .unwrap_or(0.0);
            start as f64 + took
        });
        HarSeen { id, finished_ms }
    }
}

/// A bounded multiset: how many times each identity was counted, least recently touched
/// forgotten first.
#[derive(Debug, Default)]
struct Tally {
    counts: HashMap<EntryId, (u32, u64)>,
    /// (touch number, identity) in touch order; stale pairs are skipped when evicting.
    order: VecDeque<(u64, EntryId)>,
    touches: u64,
    /// The latest start time among forgotten identities.
    horizon_ms: Option<i64>,
}

impl Tally {
    fn get(&self, id: &EntryId) -> u32 {
        self.counts.get(id).map_or(0, |c| c.0)
    }

    fn bump(&mut self, id: &EntryId) -> u32 {
        self.touches += 1;
        let touch = self.touches;
        let slot = self.counts.entry(id.clone()).or_insert((0, touch));
        slot.0 += 1;
        slot.1 = touch;
        let n = slot.0;
        self.order.push_back((touch, id.clone()));
        while self.counts.len() > MAX_IDS {
            let Some((t, old)) = self.order.pop_front() else {
                break;
            };
            if self.counts.get(&old).is_some_and(|c| c.1 == t) {
                self.counts.remove(&old);
                self.horizon_ms = self.horizon_ms.max(old.started_ms);
            }
        }
        // Stale pairs (identities touched again later) would otherwise pile up.
        if self.order.len() > 2 * MAX_IDS {
            let counts = &self.counts;
            self.order
                .retain(|(t, id)| counts.get(id).is_some_and(|c| c.1 == *t));
        }
        n
    }

    fn len(&self) -> usize {
        self.counts.len()
    }
}

/// The panel's delivery bookkeeping: which entries it has shown (from either API) and which
/// `onRequestFinished` delivered.
#[derive(Debug, Default)]
pub struct Reconciler {
    /// Given to the list, from either API.
    shown: Tally,
    /// Delivered by `onRequestFinished`.
    delivered: Tally,
    /// Entries the last pass left for a later one (still settling).
    held: usize,
}

impl Reconciler {
    /// Nothing shown yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// `onRequestFinished` delivered `id`: whether to show it (false when a reconciliation
    /// already showed this occurrence from `getHAR`).
    pub fn delivered(&mut self, id: &EntryId) -> bool {
        let n = self.delivered.bump(id);
        if n > self.shown.get(id) {
            self.shown.bump(id);
            true
        } else {
            false
        }
    }

    /// Compares a `getHAR` answer with what was shown; returns the indexes (in `entries`) of
    /// the entries to show now, and counts them as shown. Per identity, the list ends up with
    /// as many entries as the larger of "delivered" and "in the HAR". An entry that finished
    /// less than `settle_ms` before `now_ms` is left for a later pass: its `onRequestFinished`
    /// may still be on the way (`settle_ms` 0 takes everything, for the answer at panel load).
    pub fn reconcile(&mut self, entries: &[HarSeen], now_ms: f64, settle_ms: f64) -> Vec<usize> {
        let mut in_har: HashMap<&EntryId, u32> = HashMap::new();
        let mut show = Vec::new();
        // Entries as old as a forgotten one were shown (or skipped) long ago: a long session's
        // getHAR still lists them, and they must not come back.
        let horizon = self.shown.horizon_ms;
        self.held = 0;
        for (i, entry) in entries.iter().enumerate() {
            if horizon.is_some() && entry.id.started_ms.is_none_or(|s| Some(s) <= horizon) {
                continue;
            }
            let n = in_har.entry(&entry.id).or_insert(0);
            *n += 1;
            if *n <= self.shown.get(&entry.id) {
                continue;
            }
            let settling = settle_ms > 0.0
                && entry
                    .finished_ms
                    .is_some_and(|f| f.is_finite() && now_ms - f < settle_ms);
            if settling {
                self.held += 1;
                continue;
            }
            self.shown.bump(&entry.id);
            show.push(i);
        }
        show
    }

    /// How many entries the last [`Self::reconcile`] left because they were still settling: when
    /// not 0, another pass is needed after the settle time (else they are never shown if their
    /// `onRequestFinished` never comes).
    pub fn held(&self) -> usize {
        self.held
    }

    /// Distinct identities remembered (bounded by [`MAX_IDS`] per side).
    pub fn remembered(&self) -> usize {
        self.shown.len().max(self.delivered.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: f64 = 1_714_557_600_000.0; // 2024-05-01T10:00:00Z
    const SETTLE: f64 = 1500.0;

    fn id(ms: i64, url: &str) -> EntryId {
        let secs = ms / 1000;
        EntryId::new(
            &format!(
                "2024-05-01T10:{:02}:{:02}.{:03}Z",
                secs / 60,
                secs % 60,
                ms % 1000
            ),
            "GET",
            url,
        )
    }

    fn seen(ms: i64, url: &str) -> HarSeen {
        HarSeen {
            id: id(ms, url),
            finished_ms: Some(T0 + ms as f64 + 20.0),
        }
    }

    #[test]
    fn identity_ignores_how_the_instant_is_written_and_the_fragment() {
        let a = EntryId::new(
            "2024-05-01T10:00:00.250Z",
            "get",
            "https://a.example/x#frag",
        );
        let b = EntryId::new("2024-05-01T12:00:00.25+02:00", "GET", "https://a.example/x");
        assert_eq!(a, b);
        assert_ne!(
            a,
            EntryId::new("2024-05-01T10:00:00.251Z", "GET", "https://a.example/x")
        );
        assert_ne!(
            a,
            EntryId::new("2024-05-01T10:00:00.250Z", "POST", "https://a.example/x")
        );
        // An unparseable time still identifies by its text.
        let odd = EntryId::new("not a date", "GET", "https://a.example/x");
        assert_eq!(
            odd,
            EntryId::new("not a date", "GET", "https://a.example/x")
        );
        assert_ne!(odd, EntryId::new("other", "GET", "https://a.example/x"));
    }

    #[test]
    fn finish_time_is_start_plus_time() {
        let s = HarSeen::new(
            "2024-05-01T10:00:00.250Z",
            "GET",
            "https://a.example/",
            Some(50.5),
        );
        assert_eq!(s.finished_ms, Some(T0 + 300.5));
        let unknown = HarSeen::new(
            "2024-05-01T10:00:00.250Z",
            "GET",
            "https://a.example/",
            Some(-1.0),
        );
        assert_eq!(unknown.finished_ms, Some(T0 + 250.0));
        assert_eq!(
            HarSeen::new("", "GET", "https://a.example/", Some(5.0)).finished_ms,
            None
        );
    }

    #[test]
    fn delivered_then_in_har_is_shown_once() {
        let mut r = Reconciler::new();
        let har: Vec<_> = (0..50)
            .map(|i| seen(i * 10, &format!("https://a.example/{i}")))
            .collect();
        for e in &har {
            assert!(r.delivered(&e.id));
        }
        assert!(r.reconcile(&har, T0 + 60_000.0, SETTLE).is_empty());
        assert!(r.reconcile(&har, T0 + 90_000.0, SETTLE).is_empty());
    }

    #[test]
    fn a_duplicate_delivery_is_not_shown_twice_only_a_real_second_occurrence() {
        // Same identity delivered twice is two requests (identical retries in one millisecond):
        // both shown; a HAR listing it twice then adds nothing.
        let mut r = Reconciler::new();
        let e = seen(0, "https://a.example/retry");
        assert!(r.delivered(&e.id));
        assert!(r.delivered(&e.id));
        assert!(r
            .reconcile(&[e.clone(), e.clone()], T0 + 60_000.0, SETTLE)
            .is_empty());
        // The HAR holding a third occurrence never delivered: one more.
        assert_eq!(
            r.reconcile(&[e.clone(), e.clone(), e.clone()], T0 + 60_000.0, SETTLE),
            vec![2]
        );
        // onRequestFinished then delivering that third one late: already shown.
        assert!(!r.delivered(&e.id));
        // A fourth delivery is a new request.
        assert!(r.delivered(&e.id));
    }

    #[test]
    fn late_entries_in_har_are_shown_once_and_not_again_when_delivered() {
        let mut r = Reconciler::new();
        let har: Vec<_> = (0..20)
            .map(|i| seen(i * 10, &format!("https://a.example/{i}")))
            .collect();
        // At panel load nothing was delivered: the answer is taken whole (settle 0).
        assert_eq!(
            r.reconcile(&har, T0 + 100.0, 0.0),
            (0..20).collect::<Vec<_>>()
        );
        for e in &har {
            assert!(!r.delivered(&e.id), "delivered after getHAR showed it");
        }
        assert!(r.reconcile(&har, T0 + 60_000.0, SETTLE).is_empty());
    }

    #[test]
    fn entries_still_settling_wait_for_the_next_pass() {
        let mut r = Reconciler::new();
        let fresh = seen(1000, "https://a.example/fresh");
        let now = fresh.finished_ms.unwrap() + 200.0;
        assert!(r
            .reconcile(std::slice::from_ref(&fresh), now, SETTLE)
            .is_empty());
        assert_eq!(r.held(), 1, "the caller must pass again");
        // Delivered in the meantime: the next pass has nothing to add.
        assert!(r.delivered(&fresh.id));
        assert!(r
            .reconcile(std::slice::from_ref(&fresh), now + 5000.0, SETTLE)
            .is_empty());
        assert_eq!(r.held(), 0);
        // Never delivered: the next pass after the settle time adds it.
        let blocked = seen(2000, "https://b.example/blocked");
        let now = blocked.finished_ms.unwrap() + 100.0;
        assert!(r
            .reconcile(std::slice::from_ref(&blocked), now, SETTLE)
            .is_empty());
        assert_eq!(
            r.reconcile(std::slice::from_ref(&blocked), now + SETTLE, SETTLE),
            vec![0]
        );
        // An entry without a finish time is not held back.
        let unknown = HarSeen {
            id: id(3000, "https://a.example/u"),
            finished_ms: None,
        };
        assert_eq!(r.reconcile(&[unknown], now, SETTLE), vec![0]);
    }

    #[test]
    fn order_does_not_matter() {
        // getHAR lists entries in its own order (Firefox: by start), onRequestFinished by finish.
        let mut r = Reconciler::new();
        let mut har: Vec<_> = (0..200)
            .map(|i| seen(i * 3, &format!("https://a.example/{}", i % 7)))
            .collect();
        for e in har.iter().rev().step_by(2) {
            assert!(r.delivered(&e.id));
        }
        har.reverse();
        let added = r.reconcile(&har, T0 + 60_000.0, SETTLE);
        assert_eq!(added.len(), 100, "the 100 never delivered");
        // The ones getHAR supplied, delivered late: already shown.
        for &i in &added {
            assert_eq!(i % 2, 1, "only never-delivered entries were added");
            assert!(!r.delivered(&har[i].id));
        }
        assert!(r.reconcile(&har, T0 + 60_000.0, SETTLE).is_empty());
    }

    #[test]
    fn the_same_url_many_times_is_counted_per_request() {
        // 2,000 requests to one URL, a few per millisecond (a stream): each shown once, whichever
        // API reports it first and however often a pass runs in between.
        let mut r = Reconciler::new();
        let url = "https://a.example/api/stream";
        let har: Vec<_> = (0..2000).map(|i| seen(i / 3, url)).collect();
        let mut shown = 0;
        for (k, e) in har.iter().enumerate() {
            if k % 5 != 4 && r.delivered(&e.id) {
                shown += 1;
            }
            if k % 250 == 0 {
                shown += r.reconcile(&har[..=k], T0 + 60_000.0, SETTLE).len();
            }
        }
        shown += r.reconcile(&har, T0 + 60_000.0, SETTLE).len();
        assert_eq!(shown, 2000);
        // The missing fifth delivered late: all already shown.
        for e in har.iter().skip(4).step_by(5) {
            assert!(!r.delivered(&e.id));
        }
        assert!(r.reconcile(&har, T0 + 90_000.0, SETTLE).is_empty());
    }

    #[test]
    fn memory_is_bounded() {
        let mut r = Reconciler::new();
        for i in 0..(MAX_IDS as i64 + 5000) {
            r.delivered(&id(i, "https://a.example/x"));
        }
        assert_eq!(r.remembered(), MAX_IDS);
        assert!(r.shown.order.len() <= 2 * MAX_IDS + 1);
        // The most recent are remembered; the forgotten oldest are not shown again by a pass
        // over a getHAR that still lists them; a new entry still is.
        let har: Vec<_> = (0..(MAX_IDS as i64 + 5001))
            .map(|i| seen(i, "https://a.example/x"))
            .collect();
        assert_eq!(
            r.reconcile(&har, T0 + 3_600_000.0, SETTLE),
            vec![MAX_IDS + 5000]
        );
    }
}
