// Types of www/runtime.js, the page's wrapper of the runtime module (pkg/runtime/). The
// shapes are those of src/runtime/mod.rs and src/screenpop/pop.rs; tests/typescript.rs checks that every
// error code the module can answer with is listed here.
import type { DataSource } from './pkg/types.js';

/** Codes of the errors the runtime module answers with. */
export type RuntimeErrorCode =
  | 'input/not-json'
  | 'input/missing'
  | 'input/not-index'
  | 'input/unknown-op'
  | 'runtime/configured'
  | 'runtime/not-configured'
  | 'runtime/setup'
  | 'map/bad-source'
  | 'map/no-source'
  | 'map/failed'
  | 'dial/number';

export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;
}

/** A mapped record: flat, dotted names for nested values. */
export type MappedRecord = Record<string, unknown>;

/** Where the next page is, when a response names one. */
export type NextPage = { url: string } | { page: number } | { cursor: string };

/** What framework.js hands the CRM page for a call. */
export interface Pop {
  interactionId: string;
  kind: 'single' | 'multiple' | 'none' | 'failed';
  url?: string | null;
  searchValue: string;
  records: MappedRecord[];
  cause?: string;
  /** A pop with several records: each record's id and display name, what the host
   *  adapter's choose() takes. */
  choices?: { id: string; text: string }[];
  /** The lookup found none and the record was created (screen_pop.create): a single pop
   *  of the new record. */
  created?: boolean;
  /** screen_pop.open when the host adapter opens the pop itself. */
  open?: 'new_tab' | 'same_tab_frame';
  /** The name of the deployment's pop tab (new_tab). */
  tab?: string;
  /** Whether the host adapter opened it (only when `open` is set and there is a URL). */
  opened?: boolean;
}

export interface Runtime {
  /** One operation of the module by number; see src/runtime/mod.rs `Op`. */
  call(op: number, request: unknown, body?: string | Uint8Array): any;
  /** The same with the request's JSON text given as bytes, as they are. */
  callBytes(op: number, request: Uint8Array, body?: string | Uint8Array): any;
  readonly OP: Readonly<Record<'configure' | 'event' | 'response' | 'failed' | 'stats' | 'prepare' | 'map' | 'release' | 'contacts' | 'callLog', number>>;
  /** A data source made ready to map responses; give the handle back with `release`. The
   * full module only (`loadRuntime(FULL_RUNTIME_URL)`); the plain one refuses with
   * `input/unknown-op`. */
  prepare(dataSource: DataSource): number;
  /** The records one response maps to, and the next page. */
  map(handle: number, body: string | Uint8Array, status?: number, page?: number): { records: MappedRecord[]; next: NextPage | null };
  release(handle: number): void;
}

/** The plain runtime module (names and [*] paths), or the one at `url`. */
export function loadRuntime(url?: URL | string): Promise<Runtime>;

/** The full runtime module (all of JSONPath), which framework.js carries instead of the
 *  plain one for a deployment whose paths need it. */
export const FULL_RUNTIME_URL: URL;
