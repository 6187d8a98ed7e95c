//! The runtime module's exports (`--features runtime`): plain wasm functions over the
//! module's memory, with no wasm-bindgen glue, so that framework.js can carry the module
//! inline and instantiate it with a few lines of its own. The host writes a request's JSON
//! text (and a response body) into buffers from `fs_alloc`, calls `fs_call`, and reads the
//! answer's JSON text at `fs_answer_ptr`/`fs_answer_len`. The operations are `runtime::Op`.

use std::cell::UnsafeCell;

use crate::runtime::{Op, Runtime, answer};
use crate::standin::alloc::{SizeClasses, WasmMemory};

// Size classes instead of dlmalloc: 7 KB less in the module (src/standin/alloc.rs).
#[global_allocator]
static ALLOCATOR: SizeClasses<WasmMemory> = SizeClasses::new(WasmMemory);

/// The module's state: one runtime and its last answer. wasm32-unknown-unknown runs one
/// thread, and no export is re-entered (the one import, parse_float, calls no export), so
/// plain cells do; `thread_local!` and `RefCell` would link their failure paths (1 KB).
struct State {
    runtime: UnsafeCell<Option<Runtime>>,
    answer: UnsafeCell<Vec<u8>>,
}

// SAFETY: the module has one thread (see above).
unsafe impl Sync for State {}

static STATE: State = State {
    runtime: UnsafeCell::new(None),
    answer: UnsafeCell::new(Vec::new()),
};

fn answer_buffer() -> &'static mut Vec<u8> {
    // SAFETY: one thread, and no caller holds the reference across another export's call.
    unsafe { &mut *STATE.answer.get() }
}

/// A buffer of `len` bytes for the host to write into; `fs_call` takes it back.
#[unsafe(no_mangle)]
pub extern "C" fn fs_alloc(len: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(len.max(1));
    let ptr = v.as_mut_ptr();
    std::mem::forget(v);
    ptr
}

/// # Safety
/// `ptr` and `len` are a buffer from `fs_alloc` the host filled, not used again after.
unsafe fn take(ptr: *mut u8, len: usize) -> Vec<u8> {
    if ptr.is_null() {
        return Vec::new();
    }
    // SAFETY: fs_alloc made the buffer with capacity max(len, 1) and the host wrote len bytes.
    unsafe { Vec::from_raw_parts(ptr, len, len.max(1)) }
}

/// Runs operation `op` on the request at `req` (JSON text) and the body at `body`, both
/// from `fs_alloc` and freed here; the answer waits at `fs_answer_ptr`.
///
/// # Safety
/// Both buffers come from `fs_alloc` with these lengths (a null `body` for none).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn fs_call(
    op: u32,
    req: *mut u8,
    req_len: usize,
    body: *mut u8,
    body_len: usize,
) -> usize {
    // SAFETY: the caller passes buffers from fs_alloc, as documented above.
    let (request, body) = unsafe { (take(req, req_len), take(body, body_len)) };
    let text = match Op::from_number(op) {
        Some(op) => {
            // SAFETY: one thread, no re-entry (see `State`).
            let runtime = unsafe { &mut *STATE.runtime.get() };
            runtime
                .get_or_insert_with(Runtime::default)
                .respond(op, &request, &body)
        }
        None => answer(Err(crate::runtime::Failure {
            code: "input/unknown-op",
            message: format!("there is no operation {op}"),
        })),
    };
    drop((request, body));
    let a = answer_buffer();
    *a = text.into_bytes();
    a.len()
}

#[unsafe(no_mangle)]
pub extern "C" fn fs_answer_ptr() -> *const u8 {
    answer_buffer().as_ptr()
}

#[unsafe(no_mangle)]
pub extern "C" fn fs_answer_len() -> usize {
    answer_buffer().len()
}
