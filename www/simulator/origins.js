// The simulator's two origins on this machine: the page (the CRM host) at one of
// 127.0.0.1 and localhost, the simulated softphone at the other, with the same port, so that
// the softphone is a cross-site iframe and every origin check runs for real.

/** The other loopback origin for `location`'s. */
export function otherOrigin(location) {
  const host = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return `${location.protocol}//${host}${location.port ? `:${location.port}` : ''}`;
}
