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
}

export interface Host {
  /** Stop listening to the softphone. */
  detach(): void;
}

/** Listen to the softphone in `frame`: messages only from its region's origin and window. */
export function attach(options: AttachOptions): Host;

/** On the direct route's sign-in page (screen_pop.redirect_uri): hand the CRM's answer back
 *  to the softphone that opened it, and close. False when this window was not opened so. */
export function completeSignIn(): boolean;
