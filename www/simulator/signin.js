// The direct route's sign-in ends here in the simulator (its redirect_uri): the CRM's
// answer goes back to the softphone through completeSignIn() of the simulated deployment's
// framesmith-host.js, as a CRM's own sign-in page would call it.
const host = localStorage.getItem('framesmith-sim-host');
if (host) {
  const { completeSignIn } = await import(URL.createObjectURL(new Blob([host], { type: 'text/javascript' })));
  completeSignIn();
}
