// `make package`: the npm package of the page's modules, in target/npm/framesmith/:
//   framesmith              the builder module (check, render, build, as the page uses it)
//   framesmith/import       the second module: the builder module plus the framework.js
//                           reader, the workspace writers and the zip
//   framesmith/runtime      the runtime module's wrapper (mapping previews, the runtime ops)
//   framesmith/host/<domain> framesmith-host.js for each Genesys region's softphone origin
// with their TypeScript declarations, a README, and the version of Cargo.toml. Built from
// www/pkg/ (`make pkg`) and the carried runtime text, the same bytes the page serves.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2] ?? 'target/npm/framesmith';
const version = /^version = "([^"]+)"/m.exec(readFileSync('Cargo.toml', 'utf8'))[1];
const license = /^license = "([^"]+)"/m.exec(readFileSync('Cargo.toml', 'utf8'))[1];
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'pkg/runtime'), { recursive: true });
mkdirSync(join(out, 'pkg/import'), { recursive: true });
mkdirSync(join(out, 'host'), { recursive: true });

for (const f of ['framesmith.js', 'framesmith_bg.wasm', 'framesmith.d.ts', 'framesmith_bg.wasm.d.ts', 'types.d.ts']) {
  cpSync(join('www/pkg', f), join(out, 'pkg', f));
}
for (const f of ['framesmith.js', 'framesmith_bg.wasm', 'framesmith.d.ts', 'framesmith_bg.wasm.d.ts', 'types.d.ts']) {
  cpSync(join('www/pkg/import', f), join(out, 'pkg/import', f));
}
for (const f of ['framesmith_runtime.wasm', 'framesmith_runtime_full.wasm']) {
  cpSync(join('www/pkg/runtime', f), join(out, 'pkg/runtime', f));
}
cpSync('www/runtime.js', join(out, 'runtime.js'));
cpSync('www/runtime.d.ts', join(out, 'runtime.d.ts'));

// framesmith-host.js per region, as the renderer writes it (render::carried::host).
const carried = readFileSync('www/pkg/runtime/runtime.js', 'utf8');
const host = carried.split('\n// ---- framesmith-host.js ----\n')[1].split('\n// ---- framesmith-runtime-full ----\n')[0];
const { regions } = JSON.parse(readFileSync('src/catalogue/regions.json', 'utf8'));
const domains = [...new Set(regions.map((r) => r.domain))].sort();
for (const domain of domains) {
  writeFileSync(join(out, 'host', `${domain}.js`), host.replace('"__APPS_ORIGIN__"', () => JSON.stringify(`https://apps.${domain}`)));
}
writeFileSync(join(out, 'host/framesmith-host.d.ts'), readFileSync('src/runtime/host.d.ts', 'utf8').replace("'../runtime.js'", "'../runtime.js'"));

const pkg = {
  name: 'framesmith',
  version,
  description: 'Build, check and run Genesys Cloud Embeddable Framework deployments: the builder and runtime WebAssembly modules and the CRM host adapter',
  license,
  type: 'module',
  sideEffects: false,
  exports: {
    '.': { types: './pkg/framesmith.d.ts', default: './pkg/framesmith.js' },
    './import': { types: './pkg/import/framesmith.d.ts', default: './pkg/import/framesmith.js' },
    './runtime': { types: './runtime.d.ts', default: './runtime.js' },
    './host/*': { types: './host/framesmith-host.d.ts', default: './host/*.js' },
    './pkg/*': './pkg/*',
    './package.json': './package.json',
  },
  types: './pkg/framesmith.d.ts',
  files: ['pkg/', 'runtime.js', 'runtime.d.ts', 'host/', 'README.md'],
};
writeFileSync(join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

writeFileSync(join(out, 'README.md'), `# framesmith ${version}

The WebAssembly modules of framesmith for the browser, the same bytes
its builder page serves:

- \`framesmith\`: the builder module (wasm-bindgen). \`await init()\` then \`check\`, \`parse\`,
  \`preview\`, \`buildDeployment\`, \`build\`; types in \`pkg/types.d.ts\`.
- \`framesmith/import\`: the same and \`importFrameworkJs\`, \`serialize\` (the workspace as
  TOML or JSON) and \`buildZip\` (every deployment's files), a larger module.
- \`framesmith/runtime\`: \`loadRuntime()\` gives the plain runtime module framework.js
  carries; \`loadRuntime(FULL_RUNTIME_URL)\` the full one (all of JSONPath, the direct route,
  and the mapping preview's \`prepare\`, \`map\`, \`release\`).
- \`framesmith/host/<domain>\`: framesmith-host.js for a softphone at \`https://apps.<domain>\`
  (${domains.length} regions: ${domains.join(', ')}): \`attach({ frame, allow, onPop, getToken })\`
  and \`completeSignIn()\`.

\`\`\`js
import init, { check } from 'framesmith';
import { loadRuntime } from 'framesmith/runtime';
import { attach } from 'framesmith/host/mypurecloud.ie';
\`\`\`

Version ${version}, built from the framesmith sources of the same version (Cargo.toml).
`);
console.log(`${out}: framesmith ${version}, ${domains.length} host modules`);
