//! Lists each DevTools network entry once, although two browser APIs report entries: the panel
//! shows what `onRequestFinished` delivers and reconciles it with `getHAR`, which also holds
//! entries the browser never delivered (Firefox: requests made before the panel's first
//! `getHAR` answer, a request its failed preflight blocked).
//!
//! ```
//! use authlens::live::{EntryId, HarSeen, PageLoad, Reconciler};
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
//! // The browser was blind for 2 s; the page loaded something then that never arrived.
//! r.blind(1_714_557_800_000.0, 1_714_557_802_000.0);
//! let lost = PageLoad::new("https://api.example.com/poll", 1_714_557_801_000.0, 1_714_557_801_040.0);
//! assert_eq!(r.witness(&[lost], 10_000.0, 50.0), 1);
//! assert_eq!(r.unaccounted_count(), 1);
//! ```
//!
//! Identity is the request's start time, method and URL: identical retries can share it, so both
//! sides are counted (a multiset), never merged. The bookkeeping is bounded ([`MAX_IDS`]).
//!
//! When the browser may have dropped entries for a while (Firefox stores no network event that
//! reaches DevTools while it builds a `getHAR` answer), the panel marks that time
//! ([`Reconciler::blind`]) and compares it with what the inspected page itself loaded
//! ([`PageLoad`], from its resource timing, [`Reconciler::witness`]): the loads it never got are
//! [`Reconciler::unaccounted`], so the panel can say how many it is missing instead of
//! silently missing them.

use std::collections::{HashMap, HashSet, VecDeque};

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

/// At most this many blind windows, judged loads and unaccounted loads are remembered (the
/// count of unaccounted loads stays exact past it; only the oldest URLs are forgotten).
pub const MAX_WITNESSED: usize = 4096;

/// One load the inspected page itself recorded (a `PerformanceResourceTiming` entry): the URL it
/// asked for and when it started and ended, in ms since the epoch (`timeOrigin` + the entry's
/// `startTime` / `responseEnd`).
#[derive(Debug, Clone, PartialEq)]
pub struct PageLoad {
    /// Without the fragment, as in [`EntryId`].
    pub url: String,
    /// When the page started it (`fetchStart`).
    pub start_ms: f64,
    /// When its request went out (`requestStart`), when the page may know (same origin or
    /// `Timing-Allow-Origin`).
    pub sent_ms: Option<f64>,
    /// When its response ended.
    pub end_ms: f64,
}

impl PageLoad {
    /// From a resource timing entry's `name` and absolute start and end times.
    pub fn new(url: &str, start_ms: f64, end_ms: f64) -> Self {
        PageLoad {
            url: url.split('#').next().unwrap_or_default().to_string(),
            start_ms,
            sent_ms: None,
            end_ms: end_ms.max(start_ms),
        }
    }

    /// With when its request went out (ignored unless within its lifetime).
    pub fn sent_at(mut self, sent_ms: f64) -> Self {
        self.sent_ms = (sent_ms.is_finite() && sent_ms >= self.start_ms && sent_ms <= self.end_ms)
            .then_some(sent_ms);
        self
    }

    /// When DevTools should have stamped its entry.
    fn expected_stamp(&self) -> f64 {
        self.sent_ms.unwrap_or(self.start_ms)
    }

    fn key(&self) -> (String, i64, i64) {
        (
            self.url.clone(),
            self.start_ms.round() as i64,
            self.end_ms.round() as i64,
        )
    }

    /// Whether a network entry that started at `started_ms` can be this load: DevTools stamps an
    /// entry when its request headers go out, which is within the load's lifetime (`slack_ms`
    /// allows for the two clocks and their rounding).
    fn covers(&self, started_ms: i64, slack_ms: f64) -> bool {
        let t = started_ms as f64;
        t >= self.start_ms - slack_ms && t <= self.end_ms + slack_ms
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
    /// Times during which the browser may have dropped entries ([`Self::blind`]), oldest first.
    blind: VecDeque<(f64, f64)>,
    /// Page loads already compared with the list (so a later [`Self::witness`] call does not
    /// count them again), in judging order.
    judged: HashSet<(String, i64, i64)>,
    judged_order: VecDeque<(String, i64, i64)>,
    /// Page loads at risk that the list never got, oldest first (at most [`MAX_WITNESSED`]).
    unaccounted: VecDeque<PageLoad>,
    /// How many of them were forgotten to stay within the bound (still counted).
    unaccounted_forgotten: usize,
    /// The matching tolerance of the last [`Self::witness`] call (for later deliveries).
    slack_ms: f64,
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
            self.show(id);
            true
        } else {
            false
        }
    }

    fn show(&mut self, id: &EntryId) {
        self.shown.bump(id);
        // A load counted as missing that arrives after all is no longer missing.
        if self.unaccounted.is_empty() {
            return;
        }
        let Some(start) = id.started_ms else { return };
        let slack = self.slack_ms;
        if let Some(i) = self
            .unaccounted
            .iter()
            .position(|l| l.url == id.url && l.covers(start, slack))
        {
            self.unaccounted.remove(i);
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
            self.show(&entry.id);
            show.push(i);
        }
        show
    }

    /// The browser may have dropped entries that reached DevTools between `from_ms` and `to_ms`
    /// (Firefox, while it builds a `getHAR` answer): the next [`Self::witness`] calls judge the
    /// page loads of that time.
    pub fn blind(&mut self, from_ms: f64, to_ms: f64) {
        if !(from_ms.is_finite() && to_ms.is_finite()) {
            return;
        }
        self.blind
            .push_back((from_ms.min(to_ms), from_ms.max(to_ms)));
        while self.blind.len() > MAX_WITNESSED {
            self.blind.pop_front();
        }
    }

    /// Compares what the inspected page loaded (`loads`, any order, may repeat earlier calls'
    /// loads) with the list, for the loads at risk: those that overlap a blind window or ended
    /// less than `lag_ms` before one began (DevTools may receive a load's events that late). A
    /// load is accounted for when the list holds an entry for its URL that started within its
    /// lifetime (± `slack_ms`); each entry accounts for one load at most. Returns how many loads
    /// this call found unaccounted; each load is judged once.
    pub fn witness(&mut self, loads: &[PageLoad], lag_ms: f64, slack_ms: f64) -> usize {
        self.slack_ms = slack_ms;
        let at_risk: Vec<&PageLoad> = loads
            .iter()
            .filter(|l| l.start_ms.is_finite() && l.end_ms.is_finite())
            .filter(|l| {
                self.blind
                    .iter()
                    .any(|&(from, to)| l.end_ms >= from - lag_ms && l.start_ms <= to)
            })
            .filter(|l| !self.judged.contains(&l.key()))
            .collect();
        if at_risk.is_empty() {
            return 0;
        }
        // The list's start times per URL (each entry once per occurrence), ascending.
        let urls: HashSet<&str> = at_risk.iter().map(|l| l.url.as_str()).collect();
        let mut points: HashMap<&str, Vec<i64>> = HashMap::new();
        for (id, (count, _)) in &self.shown.counts {
            let (Some(start), true) = (id.started_ms, urls.contains(id.url.as_str())) else {
                continue;
            };
            let list = points.entry(id.url.as_str()).or_default();
            list.extend(std::iter::repeat_n(start, *count as usize));
        }
        // Every load of those URLs takes part (the ones not at risk keep their own entries from
        // being taken by one at risk); each load appears once.
        let mut seen_keys = HashSet::new();
        let mut by_url: HashMap<&str, Vec<&PageLoad>> = HashMap::new();
        for l in loads {
            if urls.contains(l.url.as_str())
                && l.start_ms.is_finite()
                && l.end_ms.is_finite()
                && seen_keys.insert(l.key())
            {
                by_url.entry(l.url.as_str()).or_default().push(l);
            }
        }
        // Each entry, in time order, goes to the unmatched load it can be whose expected stamp
        // (when its request went out, else when it started) is closest: an entry is stamped
        // shortly after its own load started, so a lost load's time is not filled by the next
        // request to the same URL.
        let mut matched: HashSet<(String, i64, i64)> = HashSet::new();
        for (url, mut list) in by_url {
            list.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
            let mut taken = vec![false; list.len()];
            let mut stamps = points.remove(url).unwrap_or_default();
            stamps.sort_unstable();
            for stamp in stamps {
                let best = list
                    .iter()
                    .enumerate()
                    .filter(|(i, l)| !taken[*i] && l.covers(stamp, slack_ms))
                    .min_by(|(_, a), (_, b)| {
                        let da = (a.expected_stamp() - stamp as f64).abs();
                        let db = (b.expected_stamp() - stamp as f64).abs();
                        da.total_cmp(&db)
                    })
                    .map(|(i, _)| i);
                if let Some(i) = best {
                    taken[i] = true;
                    matched.insert(list[i].key());
                }
            }
        }
        let mut missing: Vec<PageLoad> = at_risk
            .iter()
            .filter(|l| !matched.contains(&l.key()))
            .map(|l| (*l).clone())
            .collect();
        for load in &at_risk {
            let key = load.key();
            if self.judged.insert(key.clone()) {
                self.judged_order.push_back(key);
            }
        }
        while self.judged_order.len() > 4 * MAX_WITNESSED {
            if let Some(old) = self.judged_order.pop_front() {
                self.judged.remove(&old);
            }
        }
        let found = missing.len();
        missing.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
        self.unaccounted.extend(missing);
        while self.unaccounted.len() > MAX_WITNESSED {
            self.unaccounted.pop_front();
            self.unaccounted_forgotten += 1;
        }
        found
    }

    /// The page loads at risk that the list does not hold (the most recent [`MAX_WITNESSED`]),
    /// oldest first.
    pub fn unaccounted(&self) -> impl Iterator<Item = &PageLoad> {
        self.unaccounted.iter()
    }

    /// How many page loads at risk the list does not hold (including forgotten ones).
    pub fn unaccounted_count(&self) -> usize {
        self.unaccounted.len() + self.unaccounted_forgotten
    }

    /// Forgets the unaccounted loads and blind windows (the list was cleared: what it misses is
    /// no longer a question).
    pub fn clear_unaccounted(&mut self) {
        self.unaccounted.clear();
        self.unaccounted_forgotten = 0;
        self.blind.clear();
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

    fn load(url: &str, start: f64, end: f64) -> PageLoad {
        PageLoad::new(url, T0 + start, T0 + end)
    }

    #[test]
    fn loads_in_a_blind_window_that_never_arrived_are_unaccounted_once() {
        let mut r = Reconciler::new();
        // 10 loads of distinct URLs, each delivered as an entry stamped 5 ms after it started,
        // except 3 whose events reached DevTools while it was blind (2,000..2,800 ms).
        let loads: Vec<_> = (0..10)
            .map(|i| {
                load(
                    &format!("https://a.example/s?i={i}"),
                    i as f64 * 300.0,
                    i as f64 * 300.0 + 50.0,
                )
            })
            .collect();
        let lost = [7, 8, 9];
        for (i, l) in loads.iter().enumerate() {
            if !lost.contains(&i) {
                assert!(r.delivered(&id(i as i64 * 300 + 5, &l.url)));
            }
        }
        r.blind(T0 + 2000.0, T0 + 2800.0);
        // Loads 6..9 are at risk (6 ended 150 ms before the window began, within the lag).
        assert_eq!(r.witness(&loads, 1000.0, 50.0), 3);
        let urls: Vec<_> = r.unaccounted().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://a.example/s?i=7",
                "https://a.example/s?i=8",
                "https://a.example/s?i=9"
            ]
        );
        // The same loads read again are not counted again.
        assert_eq!(r.witness(&loads, 1000.0, 50.0), 0);
        assert_eq!(r.unaccounted_count(), 3);
        // One arrives after all (a late getHAR pass or delivery): no longer missing.
        assert!(r.delivered(&id(8 * 300 + 5, "https://a.example/s?i=8")));
        assert_eq!(r.unaccounted_count(), 2);
        // An entry for that URL that did not start within the load's lifetime is another request.
        assert!(r.delivered(&id(5000, "https://a.example/s?i=9")));
        assert_eq!(r.unaccounted_count(), 2);
        r.clear_unaccounted();
        assert_eq!(r.unaccounted_count(), 0);
    }

    #[test]
    fn loads_outside_every_blind_window_are_not_judged() {
        // The page loaded things the list never got long before any blind window (before
        // DevTools was open, say): not the browser dropping them while blind.
        let mut r = Reconciler::new();
        let early = load("https://a.example/early", 0.0, 40.0);
        assert_eq!(
            r.witness(std::slice::from_ref(&early), 1000.0, 50.0),
            0,
            "no window yet"
        );
        r.blind(T0 + 10_000.0, T0 + 12_000.0);
        let after = load("https://a.example/after", 13_000.0, 13_040.0);
        assert_eq!(r.witness(&[early, after], 1000.0, 50.0), 0);
        assert_eq!(r.unaccounted_count(), 0);
    }

    #[test]
    fn one_url_polled_many_times_counts_exactly_the_missing_polls() {
        // 100 polls of one URL, 50 ms apart, 80 ms each (two in flight at a time), the entries
        // stamped 10 ms after each poll started; the 2 polls that started in the window are lost.
        let mut r = Reconciler::new();
        let url = "https://a.example/poll";
        let loads: Vec<_> = (0..100)
            .map(|i| load(url, i as f64 * 50.0, i as f64 * 50.0 + 80.0))
            .collect();
        let window = (2010.0, 2100.0);
        let lost: Vec<usize> = (0..100)
            .filter(|i| {
                let start = *i as f64 * 50.0 + 10.0;
                start >= window.0 && start <= window.1
            })
            .collect();
        assert_eq!(lost, [40, 41]);
        for i in (0..100).filter(|i| !lost.contains(i)) {
            assert!(r.delivered(&id(i as i64 * 50 + 10, url)));
        }
        r.blind(T0 + window.0, T0 + window.1);
        assert_eq!(r.witness(&loads, 1000.0, 20.0), 2);
        // Nothing lost, same traffic: nothing unaccounted.
        let mut all = Reconciler::new();
        for i in 0..100 {
            assert!(all.delivered(&id(i * 50 + 10, url)));
        }
        all.blind(T0 + window.0, T0 + window.1);
        assert_eq!(all.witness(&loads, 1000.0, 20.0), 0);
    }

    #[test]
    fn when_the_request_went_out_decides_between_two_loads_of_one_url() {
        // A was queued (no free connection) and went out at 250 ms; B went out at 110 ms, while
        // DevTools was blind, and was lost. A's entry (stamped 252) falls within both lifetimes.
        let url = "https://a.example/q";
        let a = load(url, 0.0, 300.0).sent_at(T0 + 250.0);
        let b = load(url, 100.0, 260.0).sent_at(T0 + 110.0);
        let mut r = Reconciler::new();
        assert!(r.delivered(&id(252, url)));
        r.blind(T0 + 100.0, T0 + 150.0);
        assert_eq!(r.witness(&[a.clone(), b.clone()], 1000.0, 20.0), 1);
        assert_eq!(
            r.unaccounted().next(),
            Some(&b),
            "B is the one missing, not A"
        );
        // A send time outside the load's lifetime is not believed.
        assert_eq!(load(url, 0.0, 10.0).sent_at(T0 + 50.0).sent_ms, None);
    }

    #[test]
    fn a_load_still_in_flight_is_judged_when_it_ends() {
        let mut r = Reconciler::new();
        r.blind(T0 + 1000.0, T0 + 2000.0);
        // Not ended at the first read: the page has no entry for it yet.
        assert_eq!(r.witness(&[], 1000.0, 50.0), 0);
        let slow = load("https://a.example/slow", 1500.0, 9000.0);
        assert_eq!(
            r.witness(std::slice::from_ref(&slow), 1000.0, 50.0),
            1,
            "started while blind, never delivered"
        );
        assert_eq!(r.unaccounted().next(), Some(&slow));
    }

    #[test]
    fn unaccounted_loads_are_bounded_and_still_counted() {
        let mut r = Reconciler::new();
        r.blind(T0, T0 + 1_000_000.0);
        let loads: Vec<_> = (0..MAX_WITNESSED + 10)
            .map(|i| load(&format!("https://a.example/{i}"), i as f64, i as f64 + 1.0))
            .collect();
        assert_eq!(r.witness(&loads, 0.0, 0.0), MAX_WITNESSED + 10);
        assert_eq!(r.unaccounted_count(), MAX_WITNESSED + 10);
        assert_eq!(r.unaccounted().count(), MAX_WITNESSED);
        assert!(r.judged.len() <= 4 * MAX_WITNESSED);
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
