// The runtime module (pkg/runtime/), as the page uses it: the same module framework.js
// carries, so the mapping preview runs the mapping code agents run. It has no
// wasm-bindgen glue: requests go in as JSON text (and a response body as bytes), answers
// come back as JSON text, and a failure is thrown as an Error with a stable `code`.

const OP = { configure: 1, event: 2, response: 3, failed: 4, stats: 5, prepare: 6, map: 7, release: 8, contacts: 9, callLog: 10 };

export class RuntimeError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'RuntimeError';
    this.code = code;
  }
}

// The full runtime module (all of JSONPath, the direct route and the mapping preview's
// `prepare`, `map` and `release`), which framework.js carries instead of the plain one for
// a deployment whose paths or routes need it.
export const FULL_RUNTIME_URL = new URL('./pkg/runtime/framesmith_runtime_full.wasm', import.meta.url);

// One instance of the module, with its own memory and state.
export async function loadRuntime(url = new URL('./pkg/runtime/framesmith_runtime.wasm', import.meta.url)) {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let exports = null;
  const { instance } = await WebAssembly.instantiateStreaming(fetch(url), {
    env: {
      parse_float: (at, len) => parseFloat(decoder.decode(new Uint8Array(exports.memory.buffer, at, len))),
      // At most 32 bytes at `at`: String(x) of a finite double is at most 25.
      format_float: (x, at) => encoder.encodeInto(String(x), new Uint8Array(exports.memory.buffer, at, 32)).written,
    },
  });
  exports = instance.exports;

  const bytesIn = (bytes) => {
    const at = exports.fs_alloc(bytes.length);
    new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes);
    return at;
  };

  // An operation on the request's JSON text as bytes (given as they are, even when they
  // are not JSON) and a body, a string or bytes (or absent).
  function callBytes(op, req, body) {
    const bytes = typeof body === 'string' ? encoder.encode(body) : body;
    const reqAt = bytesIn(req);
    const bodyAt = bytes ? bytesIn(bytes) : 0;
    const len = exports.fs_call(op, reqAt, req.length, bodyAt, bytes ? bytes.length : 0);
    const answer = JSON.parse(decoder.decode(new Uint8Array(exports.memory.buffer, exports.fs_answer_ptr(), len)));
    if (answer.error) throw new RuntimeError(answer.error.code, answer.error.message);
    return answer.ok;
  }

  // An operation: `request` is JSON-able.
  const call = (op, request, body) => callBytes(op, encoder.encode(JSON.stringify(request)), body);

  return {
    call,
    callBytes,
    OP,
    // A data source (as the workspace JSON spells it) made ready to map responses.
    prepare: (dataSource) => call(OP.prepare, dataSource).handle,
    // The records (and next page) one response maps to.
    map: (handle, body, status = 200, page = 1) => call(OP.map, { handle, status, page }, body),
    release: (handle) => call(OP.release, { handle }),
  };
}
