//! Benchmarks of the event loop: the event calendar alone, and one whole
//! replication.
//!
//! # `hold`: the event calendar under the hold model
//!
//! The hold model is the standard benchmark for pending-event sets
//! (Vaucher & Duval 1975, "A comparison of simulation event list
//! algorithms", CACM 18(4); Jones 1986, "An empirical comparison of
//! priority-queue and event-set implementations", CACM 29(4)). The calendar
//! is pre-filled with K pending events; each *hold* pops the earliest event
//! and schedules a new one at (popped time + a random increment), so the
//! calendar stays at size K and the clock advances as in a simulation. Here
//! the increments are exponential (mean 1), the classic choice.
//!
//! K = 100 is a small model (the Downtime engine usually holds a few dozen
//! events per trust); 10,000 and 1,000,000 show how the cost grows with the
//! size of the calendar (O(log K) for a binary heap, plus cache misses once
//! the heap outgrows the caches).
//!
//! Two implementations do the same work on the same increments, in the same
//! run, so their ratio is the overhead of [`EventQueue`] over a bare heap:
//! - `downtime_event_queue`: the engine's [`EventQueue<E>`], FIFO on ties;
//! - `std_binary_heap`: a bare [`BinaryHeap`] of `Reverse(entry)` whose
//!   entries are ordered by time (`f64::total_cmp`) then sequence number.
//!
//! The payload is a small `Copy` enum shaped like the engine's events. The
//! increments are drawn before timing by an inline SplitMix64 generator
//! (`-ln(u)` of a uniform `u` in (0, 1]), so generator cost is not measured.
//! The calendar persists across criterion's iterations (it is filled once,
//! outside the timed closure), so only holds are timed. Throughput is in
//! elements, one element being one hold (one pop plus one push).
//!
//! # `replication`: one whole replication
//!
//! `scenarios/single-trust-it-outage.toml` is loaded from disk (benches may
//! do I/O; the library may not), compiled into a [`Model`], and one
//! replication of the attack arm is timed with [`simulate`]. Throughput is
//! in events, the number processed by a first, untimed run of the same
//! replication (the same seed gives the same events every time).
//!
//! Run with `cargo bench -p downtime-core --bench event_loop`;
//! `cargo test --benches` runs each benchmark once as a smoke test.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use downtime_core::event_queue::EventQueue;
use downtime_core::model::Model;
use downtime_core::replication::{Arm, simulate};
use downtime_core::scenario::{self, Source, SourceReader};

/// Pending-event counts for the hold model.
const SIZES: [usize; 3] = [100, 10_000, 1_000_000];
/// Holds per timed iteration (amortises criterion's per-iteration overhead).
const HOLDS_PER_ITER: usize = 1024;
/// Precomputed increments, cycled: 512 KiB, small enough not to evict the
/// calendar from the caches for small K.
const INCREMENTS: usize = 1 << 16;

/// A small `Copy` payload shaped like the engine's private `Event` enum.
#[derive(Debug, Clone, Copy)]
enum Payload {
    Arrival { org: u32 },
    Departure { org: u32 },
}

impl Payload {
    /// The payload scheduled after this one: a cheap, data-dependent step so
    /// the payload cannot be optimised away.
    fn next(self) -> Self {
        match self {
            Payload::Arrival { org } => Payload::Departure { org },
            Payload::Departure { org } => Payload::Arrival { org },
        }
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, deterministic, good enough
/// for benchmark inputs.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Exponential with mean 1: `-ln(u)` with `u` uniform in (0, 1].
    fn exponential(&mut self) -> f64 {
        let u = ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64);
        -u.ln()
    }
}

fn exponentials(seed: u64, n: usize) -> Vec<f64> {
    let mut rng = SplitMix64(seed);
    (0..n).map(|_| rng.exponential()).collect()
}

/// The initial calendar: `k` events at exponential times, payloads alternating.
fn initial_events(k: usize) -> Vec<(f64, Payload)> {
    exponentials(0x5EED_0001, k)
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let org = i as u32;
            let p = if i % 2 == 0 {
                Payload::Arrival { org }
            } else {
                Payload::Departure { org }
            };
            (t, p)
        })
        .collect()
}

/// One entry of the bare heap: time, then insertion sequence (FIFO on ties).
#[derive(Debug, Clone, Copy)]
struct Entry {
    time: f64,
    seq: u64,
    payload: Payload,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.time
            .total_cmp(&other.time)
            .then_with(|| self.seq.cmp(&other.seq))
    }
}

/// The baseline: a bare min-heap with its own sequence counter.
struct BareHeap {
    heap: BinaryHeap<Reverse<Entry>>,
    next_seq: u64,
}

impl BareHeap {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            heap: BinaryHeap::with_capacity(capacity),
            next_seq: 0,
        }
    }

    fn schedule(&mut self, time: f64, payload: Payload) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Reverse(Entry { time, seq, payload }));
    }

    fn pop(&mut self) -> Option<(f64, Payload)> {
        self.heap.pop().map(|Reverse(e)| (e.time, e.payload))
    }
}

/// A batch of holds on the engine's calendar; `cursor` walks the increments.
fn hold_event_queue(q: &mut EventQueue<Payload>, increments: &[f64], cursor: &mut usize) {
    for _ in 0..HOLDS_PER_ITER {
        let (t, p) = q
            .pop()
            .expect("the calendar never empties under the hold model");
        q.schedule(t + increments[*cursor], p.next());
        *cursor = (*cursor + 1) & (INCREMENTS - 1);
    }
}

/// The same batch of holds on the bare heap.
fn hold_bare_heap(q: &mut BareHeap, increments: &[f64], cursor: &mut usize) {
    for _ in 0..HOLDS_PER_ITER {
        let (t, p) = q
            .pop()
            .expect("the heap never empties under the hold model");
        q.schedule(t + increments[*cursor], p.next());
        *cursor = (*cursor + 1) & (INCREMENTS - 1);
    }
}

fn hold(c: &mut Criterion) {
    let increments = exponentials(0x5EED_0002, INCREMENTS);
    let mut group = c.benchmark_group("hold");
    group.measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Elements(HOLDS_PER_ITER as u64));

    for k in SIZES {
        if k >= 1_000_000 {
            group.sample_size(20);
        }
        let initial = initial_events(k);

        // Each calendar is filled once, outside the timed closure, and kept
        // between iterations: every timed hold sees a calendar of size k.
        {
            let mut q = EventQueue::with_capacity(k + 1);
            for &(t, p) in &initial {
                q.schedule(t, p);
            }
            let mut cursor = 0;
            group.bench_function(BenchmarkId::new("downtime_event_queue", k), |b| {
                b.iter(|| hold_event_queue(black_box(&mut q), &increments, &mut cursor));
            });
            assert_eq!(q.len(), k);
        }
        {
            let mut q = BareHeap::with_capacity(k + 1);
            for &(t, p) in &initial {
                q.schedule(t, p);
            }
            let mut cursor = 0;
            group.bench_function(BenchmarkId::new("std_binary_heap", k), |b| {
                b.iter(|| hold_bare_heap(black_box(&mut q), &increments, &mut cursor));
            });
            assert_eq!(q.heap.len(), k);
        }
    }
    group.finish();
}

/// Reads scenarios from the repository's `scenarios/` folder (an `extends`
/// is resolved relative to the same folder).
struct ScenarioDir(PathBuf);

impl SourceReader for ScenarioDir {
    fn read(&self, reference: &str, _from: Option<&Source>) -> Result<Source, String> {
        let path = self.0.join(reference);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Source {
            id: path.display().to_string(),
            display: reference.into(),
            text,
        })
    }
}

fn replication(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let loaded = scenario::load("single-trust-it-outage.toml", &[], &ScenarioDir(dir))
        .unwrap_or_else(|e| panic!("loading the benchmark scenario: {e}"));
    let model =
        Model::build(&loaded.scenario).unwrap_or_else(|e| panic!("building the model: {e}"));

    const SEED: u64 = 1;
    const REPLICATION: u64 = 0;
    let events = simulate(&model, SEED, REPLICATION, Arm::Attack).events;
    assert!(events > 0, "the benchmark scenario processed no event");

    let mut group = c.benchmark_group("replication");
    group.measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Elements(events));
    group.bench_function("single-trust-it-outage/attack", |b| {
        b.iter(|| {
            simulate(
                black_box(&model),
                black_box(SEED),
                black_box(REPLICATION),
                Arm::Attack,
            )
        });
    });
    group.finish();
}

criterion_group!(benches, hold, replication);
criterion_main!(benches);
