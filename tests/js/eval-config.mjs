// Evaluates a generated framework.js in Node with a stub `window` (as the Genesys client
// would load it) and prints what the client would see: window.Framework.config, and the
// target origin of the first message the file posts. Usage: node eval-config.mjs FILE
import fs from "node:fs";
import vm from "node:vm";

const posted = [];
const window = {
  parent: { postMessage: (message, origin) => posted.push({ message, origin }) },
  addEventListener: () => {},
  PureCloud: { subscribe: () => {} },
};
window.window = window;
const context = vm.createContext({ window, setTimeout, clearTimeout, JSON, Object, Array, Number });
vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), context, { filename: process.argv[2] });
window.Framework.screenPop("+353 1 555 0100", { id: "probe" });
// JSON.stringify drops nothing the config holds: it is plain data.
console.log(JSON.stringify({ config: window.Framework.config, origin: posted[0] && posted[0].origin, hooks: Object.keys(window.Framework) }));
