//! The runtime module's allocator (src/standin/alloc.rs) against the system allocator: the same
//! random workloads (allocations of any size and alignment, writes, reallocations that grow
//! and shrink, frees in any order) run on both, and every block must hold what was written
//! to it, be aligned as asked and overlap no other live block.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use framesmith::standin::alloc::{Grow, SizeClasses};
use proptest::prelude::*;

const PAGE: usize = 65536;

/// Memory for the allocator to grow into: a zeroed arena of `pages` pages.
struct Arena {
    base: usize,
    pages: usize,
    used: Cell<usize>,
}

impl Arena {
    fn new(pages: usize) -> Arena {
        let memory: &'static mut [u8] = Box::leak(vec![0u8; (pages + 1) * PAGE].into_boxed_slice());
        // Page-aligned, as wasm memory is.
        let base = (memory.as_mut_ptr() as usize).next_multiple_of(PAGE);
        Arena {
            base,
            pages,
            used: Cell::new(1),
        }
    }
}

impl Grow for Arena {
    fn grow(&self, pages: usize) -> Option<usize> {
        let used = self.used.get();
        if used + pages > self.pages {
            return None;
        }
        self.used.set(used + pages);
        Some(self.base + used * PAGE)
    }
}

#[derive(Debug, Clone)]
enum Op {
    Alloc {
        size: usize,
        align_shift: u32,
        fill: u8,
    },
    Realloc {
        which: usize,
        size: usize,
        fill: u8,
    },
    Free {
        which: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let size = prop_oneof![0usize..64, 64usize..4096, 4096usize..40_000];
    prop_oneof![
        4 => (size.clone(), 0u32..7, any::<u8>()).prop_map(|(size, align_shift, fill)| Op::Alloc { size, align_shift, fill }),
        2 => (any::<usize>(), size, any::<u8>()).prop_map(|(which, size, fill)| Op::Realloc { which, size, fill }),
        3 => any::<usize>().prop_map(|which| Op::Free { which }),
    ]
}

struct Block {
    ours: *mut u8,
    system: *mut u8,
    layout: Layout,
}

fn fill(ptr: *mut u8, len: usize, value: u8) {
    // SAFETY: the caller's block has at least `len` bytes.
    unsafe { std::ptr::write_bytes(ptr, value, len) };
}

fn same(b: &Block) -> bool {
    // SAFETY: both blocks are live with `layout.size()` bytes.
    unsafe {
        std::slice::from_raw_parts(b.ours, b.layout.size())
            == std::slice::from_raw_parts(b.system, b.layout.size())
    }
}

fn overlaps(a: &Block, b: &Block) -> bool {
    let (a0, a1) = (a.ours as usize, a.ours as usize + a.layout.size().max(1));
    let (b0, b1) = (b.ours as usize, b.ours as usize + b.layout.size().max(1));
    a0 < b1 && b0 < a1
}

fn run(ops: &[Op]) {
    let ours = SizeClasses::new(Arena::new(2048));
    let mut live: Vec<Block> = Vec::new();
    for op in ops {
        match *op {
            Op::Alloc {
                size,
                align_shift,
                fill: v,
            } => {
                let layout = Layout::from_size_align(size, 1 << align_shift).unwrap();
                // SAFETY: a valid layout (GlobalAlloc allows size 0 here for both).
                let (o, s) = unsafe { (ours.alloc(layout), System.alloc(layout.max_size())) };
                assert!(!o.is_null(), "out of memory at {size} bytes");
                assert_eq!(
                    o as usize % layout.align(),
                    0,
                    "aligned to {}",
                    layout.align()
                );
                fill(o, size, v);
                fill(s, size, v);
                let block = Block {
                    ours: o,
                    system: s,
                    layout,
                };
                assert!(
                    live.iter().all(|b| !overlaps(b, &block)),
                    "a new block overlaps a live one"
                );
                live.push(block);
            }
            Op::Realloc {
                which,
                size,
                fill: v,
            } if !live.is_empty() => {
                let i = which % live.len();
                let b = &mut live[i];
                let old = b.layout.size();
                let new_layout = Layout::from_size_align(size, b.layout.align()).unwrap();
                // SAFETY: live blocks of these layouts.
                unsafe {
                    b.ours = ours.realloc(b.ours, b.layout, size);
                    b.system = System.realloc(b.system, b.layout.max_size(), size.max(1));
                }
                assert!(!b.ours.is_null());
                assert_eq!(b.ours as usize % b.layout.align(), 0);
                b.layout = new_layout;
                if size > old {
                    // SAFETY: the grown tail is inside both blocks.
                    fill(unsafe { b.ours.add(old) }, size - old, v);
                    fill(unsafe { b.system.add(old) }, size - old, v);
                }
                let b = &live[i];
                assert!(same(b), "a reallocation lost contents");
                assert!(
                    live.iter()
                        .enumerate()
                        .all(|(j, o)| j == i || !overlaps(o, b))
                );
            }
            Op::Free { which } if !live.is_empty() => {
                let b = live.swap_remove(which % live.len());
                assert!(same(&b), "a block changed while live");
                // SAFETY: live blocks, freed once.
                unsafe {
                    ours.dealloc(b.ours, b.layout);
                    System.dealloc(b.system, b.layout.max_size());
                }
            }
            _ => {}
        }
    }
    for b in &live {
        assert!(same(b), "a block changed while live");
    }
}

/// The system allocator's layout for a block: at least one byte, as it requires.
trait MaxSize {
    fn max_size(self) -> Layout;
}

impl MaxSize for Layout {
    fn max_size(self) -> Layout {
        Layout::from_size_align(self.size().max(1), self.align()).unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn holds_what_the_system_allocator_holds(ops in prop::collection::vec(op(), 1..300)) {
        run(&ops);
    }
}

#[test]
fn a_shift_of_lookups_reuses_its_blocks() {
    // The same buffers, call after call: memory stops growing after the first call.
    let ours = SizeClasses::new(Arena::new(64));
    let mut first_end = 0;
    for call in 0..1000 {
        let layout = Layout::from_size_align(300_000, 1).unwrap();
        let small = Layout::from_size_align(48, 8).unwrap();
        // SAFETY: valid layouts, freed once.
        unsafe {
            let body = ours.alloc(layout);
            let names: Vec<*mut u8> = (0..50).map(|_| ours.alloc(small)).collect();
            assert!(
                !body.is_null() && names.iter().all(|p| !p.is_null()),
                "call {call}"
            );
            let end = names
                .iter()
                .copied()
                .chain([body])
                .map(|p| p as usize)
                .max()
                .unwrap();
            if call == 0 {
                first_end = end;
            }
            assert!(end <= first_end, "call {call} took new memory");
            for p in names {
                ours.dealloc(p, small);
            }
            ours.dealloc(body, layout);
        }
    }
}

#[test]
fn no_memory_left_is_a_null_pointer_not_a_crash() {
    let ours = SizeClasses::new(Arena::new(4));
    let layout = Layout::from_size_align(1 << 20, 1).unwrap();
    // SAFETY: a valid layout.
    assert!(unsafe { ours.alloc(layout) }.is_null());
}
