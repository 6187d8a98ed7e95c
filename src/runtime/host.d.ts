// Types of framesmith-host.js (src/runtime/host.js), the CRM page's side of the screen pop:
// one module per Genesys region in the npm package (`framesmith/host/<domain>`), as
// `framesmith build` writes one per deployment.
import type { Pop } from '../runtime.js';

export type { Pop };

export interface AttachOptions {
  /** The softphone's iframe element (the Genesys client). */
  frame: HTMLIFrameElement;
  /** URL prefixes the host route may request, such as "https://crm.example.com/api/". */
  allow?: string[];
  /** Called once per pop. */
  onPop: (pop: Pop) => void;
  /** A bearer token for the host route's requests, if the CRM page has one. */
  getToken?: () => Promise<string>;
  /** Where pops open when screen_pop.open = "same_tab_frame": an iframe of this page, not
   *  the softphone's. */
  popFrame?: HTMLIFrameElement;
  /** Where Genesys' page refuses WebAssembly (a CSP without 'wasm-unsafe-eval') or lacks
   *  DecompressionStream, run the screen-pop module in this page: "inline" (the module
   *  framework.js carries) or the URL of the same version's module
   *  (`framesmith/pkg/runtime/framesmith_runtime.wasm`). This page's own CSP must then
   *  allow 'wasm-unsafe-eval'. Tokens stay in the softphone. */
  runtime?: 'inline' | string | URL;
}

export interface Host {
  /** The agent picked `recordId` (one of the pop's `choices`) for a pop with several
   *  records: the softphone links the interaction to it. Rejects with the reason when the
   *  interaction is gone or the record was not among the matches. */
  choose(interactionId: string, recordId: string | number): Promise<void>;
  /** Dial `number` from the softphone, normalised to E.164 with the deployment's default
   *  country (refused with the reason when it cannot be); the call is linked to `recordId`
   *  and given `attributes`. Resolves with the number dialled. */
  dial(number: string, options?: { recordId?: string | number; text?: string; attributes?: Record<string, string> }): Promise<{ number: string }>;
  /** tel: links and [data-framesmith-dial] elements under `root` dial when clicked; then
   *  "framesmith:dialed" (detail: the number) or "framesmith:dialfailed" (detail: the
   *  reason) fires on the element. Returns the undo. */
  linkify(root?: ParentNode & EventTarget): () => void;
  /** Stop listening to the softphone. */
  detach(): void;
}

/** Listen to the softphone in `frame`: messages only from its region's origin and window. */
export function attach(options: AttachOptions): Host;

/** On the direct route's sign-in page (screen_pop.redirect_uri): hand the CRM's answer back
 *  to the softphone that opened it, and close. False when this window was not opened so. */
export function completeSignIn(): boolean;
