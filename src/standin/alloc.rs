//! The runtime module's memory allocator: power-of-two size classes, each with a free list,
//! over memory the module grows in pages. dlmalloc, Rust's default on wasm32, was 7 KB of a
//! module that framework.js carries and that is held to a size budget; this is well under
//! 1 KB. Every operation is O(1): a block is rounded up to a power of two (at least 16
//! bytes), taken from its class's free list or cut from the end of the heap, and given back
//! to that list when freed. Memory is never returned (wasm memory cannot shrink) and a
//! class's blocks serve only that class, so the heap is bounded by the peak use of each
//! class: a lookup's buffers recur in the same sizes call after call.
//!
//! `tests/allocator.rs` holds it to what the system allocator gives (contents kept across
//! reallocations, no two live blocks overlapping, alignment) on random workloads.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

/// The smallest block, 2^4 bytes: room for the free list's link, aligned for any scalar.
const MIN_SHIFT: u32 = 4;
/// Blocks of 16 bytes to 2 GiB.
const CLASSES: usize = 28;
/// Every block starts at a multiple of this (or of its size, when a type asks for more).
const BASE_ALIGN: usize = 16;
const PAGE: usize = 65536;

/// Where new memory comes from: `memory.grow` in the module, an arena in tests.
pub trait Grow {
    /// Adds `pages` pages of 64 KiB after the current end; the start of the new memory, or
    /// None when there is no more.
    fn grow(&self, pages: usize) -> Option<usize>;
}

struct Heap {
    free: [usize; CLASSES],
    /// The unused memory at the heap's end: [next, end).
    next: usize,
    end: usize,
}

pub struct SizeClasses<G: Grow> {
    heap: UnsafeCell<Heap>,
    grow: G,
}

// SAFETY: wasm32-unknown-unknown runs one thread; tests use one allocator per thread.
unsafe impl<G: Grow> Sync for SizeClasses<G> {}

/// The class of a block for `layout`, or None when it is larger than any class.
fn class(layout: &Layout) -> Option<usize> {
    let n = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    let shift = usize::BITS - (n - 1).leading_zeros();
    let c = (shift - MIN_SHIFT) as usize;
    (c < CLASSES).then_some(c)
}

impl<G: Grow> SizeClasses<G> {
    pub const fn new(grow: G) -> Self {
        SizeClasses {
            heap: UnsafeCell::new(Heap {
                free: [0; CLASSES],
                next: 0,
                end: 0,
            }),
            grow,
        }
    }

    /// A block of class `c` cut from the heap's end, aligned to `align`.
    fn cut(&self, heap: &mut Heap, c: usize, align: usize) -> *mut u8 {
        let size = 1usize << (c as u32 + MIN_SHIFT);
        let align = align.max(BASE_ALIGN);
        let mut at = heap.next.next_multiple_of(align);
        if heap.end == 0 || at + size > heap.end {
            // The new pages follow the old end, so the unused tail is not lost.
            let want = (at + size)
                .saturating_sub(heap.end.max(heap.next))
                .max(size);
            let pages = want.div_ceil(PAGE) + 1;
            let Some(start) = self.grow.grow(pages) else {
                return core::ptr::null_mut();
            };
            if start != heap.end {
                // The first growth, or memory grown by someone else: start afresh there.
                heap.next = start;
                at = start.next_multiple_of(align);
            }
            heap.end = start + pages * PAGE;
            if at + size > heap.end {
                return core::ptr::null_mut();
            }
        }
        heap.next = at + size;
        at as *mut u8
    }
}

unsafe impl<G: Grow> GlobalAlloc for SizeClasses<G> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = class(&layout) else {
            return core::ptr::null_mut();
        };
        // SAFETY: one thread, and no reference to the heap outlives this call.
        let heap = unsafe { &mut *self.heap.get() };
        let head = heap.free[c];
        // A freed block is aligned to BASE_ALIGN at least; a type asking for more gets a
        // new block aligned for it.
        if head != 0 && head % layout.align() == 0 {
            // SAFETY: a freed block of this class holds the next free block's address.
            heap.free[c] = unsafe { *(head as *const usize) };
            return head as *mut u8;
        }
        self.cut(heap, c, layout.align())
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(c) = class(&layout) else { return };
        // SAFETY: one thread; `ptr` is a live block of class `c` (GlobalAlloc's contract),
        // at least 16 bytes, so it can hold the link.
        let heap = unsafe { &mut *self.heap.get() };
        unsafe { *(ptr as *mut usize) = heap.free[c] };
        heap.free[c] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: GlobalAlloc's contract gives a valid layout for the new size.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(&new).is_some() && class(&new) == class(&layout) {
            // Still fits its block: a Vec doubling within a class moves nothing.
            return ptr;
        }
        // SAFETY: as for alloc and dealloc; the blocks do not overlap.
        unsafe {
            let to = self.alloc(new);
            if !to.is_null() {
                core::ptr::copy_nonoverlapping(ptr, to, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            to
        }
    }
}

/// The module's own memory.
#[cfg(target_arch = "wasm32")]
pub struct WasmMemory;

#[cfg(target_arch = "wasm32")]
impl Grow for WasmMemory {
    fn grow(&self, pages: usize) -> Option<usize> {
        let old = core::arch::wasm32::memory_grow(0, pages);
        (old != usize::MAX).then_some(old * PAGE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_round_up_to_powers_of_two_from_16_bytes() {
        let c = |size, align| class(&Layout::from_size_align(size, align).unwrap());
        assert_eq!(c(0, 1), Some(0));
        assert_eq!(c(16, 8), Some(0));
        assert_eq!(c(17, 1), Some(1));
        assert_eq!(c(32, 1), Some(1));
        assert_eq!(c(1 << 20, 1), Some(16));
        assert_eq!(c(8, 64), Some(2), "alignment counts as size");
        assert_eq!(c(1 << 31, 1), Some(27));
        assert_eq!(c((1 << 31) + 1, 1), None);
    }
}
