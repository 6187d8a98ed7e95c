// `make package`: the npm package (tests/js/package.mjs) as npm packs it, and as a consumer
// uses it: a small project that imports its three entry points and type-checks with tsc
// (and a misuse that tsc must refuse), and the builder module run from the package in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const version = /^version = "([^"]+)"/m.exec(readFileSync('Cargo.toml', 'utf8'))[1];
const work = mkdtempSync(join(tmpdir(), 'framesmith-package-'));
const pkg = join(work, 'framesmith');
execFileSync('node', ['tests/js/package.mjs', pkg]);
const tsc = resolve('node_modules/.bin/tsc');

test.after(() => rmSync(work, { recursive: true, force: true }));

test('npm packs the modules, their types and the host modules, versioned from Cargo.toml', () => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: pkg, encoding: 'utf8' }));
  assert.equal(packed.name, 'framesmith');
  assert.equal(packed.version, version);
  const files = packed.files.map((f) => f.path);
  for (const f of ['package.json', 'README.md', 'pkg/framesmith.js', 'pkg/framesmith_bg.wasm', 'pkg/framesmith.d.ts',
    'pkg/types.d.ts', 'pkg/import/framesmith.js', 'pkg/import/framesmith_bg.wasm', 'pkg/import/framesmith.d.ts',
    'pkg/runtime/framesmith_runtime.wasm', 'pkg/runtime/framesmith_runtime_full.wasm',
    'runtime.js', 'runtime.d.ts', 'host/mypurecloud.ie.js', 'host/mypurecloud.com.js', 'host/framesmith-host.d.ts']) {
    assert.ok(files.includes(f), `${f} is packed`);
  }
  // Each host module accepts its own region's softphone only.
  const ie = readFileSync(join(pkg, 'host/mypurecloud.ie.js'), 'utf8');
  assert.ok(ie.includes('const APPS_ORIGIN = "https://apps.mypurecloud.ie";'));
  assert.ok(!ie.includes('__APPS_ORIGIN__'));
});

function consumer(name, source) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(pkg, join(dir, 'node_modules/framesmith'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022',
      lib: ['es2022', 'dom'], noEmit: true, skipLibCheck: false, types: [],
    },
    files: ['index.ts'],
  }));
  writeFileSync(join(dir, 'index.ts'), source);
  return spawnSync(tsc, ['-p', dir], { encoding: 'utf8' });
}

test('a consumer imports every entry point and type-checks with tsc', () => {
  const r = consumer('uses', `
import init, { check, version } from 'framesmith';
import initSecond, { serialize, buildZip } from 'framesmith/import';
import { loadRuntime, FULL_RUNTIME_URL, type Pop, type Runtime } from 'framesmith/runtime';
import { attach, completeSignIn } from 'framesmith/host/mypurecloud.ie';

export async function start(frame: HTMLIFrameElement, workspace: Parameters<typeof check>[0]): Promise<string> {
  await init();
  await initSecond();
  const toml: string = serialize(workspace, 'toml');
  const zip: Uint8Array = buildZip(workspace, '');
  const findings = check(workspace);
  const rt: Runtime = await loadRuntime(FULL_RUNTIME_URL);
  const { records } = rt.map(rt.prepare({ name: 'lookup', records: '$.items[*]', responseMapping: { id: '$.id' } }), '{"items":[]}');
  const host = attach({ frame, allow: ['https://crm.example.com/api/'], onPop: (pop: Pop) => console.log(pop.kind, pop.url) });
  host.detach();
  completeSignIn();
  return \`\${version()} \${findings.length} \${records.length} \${zip.length}\`;
}
`);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  // A misuse the declarations must catch: attach without onPop, a pop kind that is not one.
  const bad = consumer('misuses', `
import { attach } from 'framesmith/host/mypurecloud.ie';
import type { Pop } from 'framesmith/runtime';
export const host = attach({ frame: document.createElement('iframe') });
export const kind: Pop['kind'] = 'maybe';
`);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /index.ts\(4,\d+\): error TS2345: .*AttachOptions/);
  assert.match(bad.stdout, /index.ts\(5,\d+\): error TS2322: Type '"maybe"'/);
});

test('the builder module runs from the package', async () => {
  const mod = await import(pathToFileURL(join(pkg, 'pkg/framesmith.js')).href);
  await mod.default({ module_or_path: readFileSync(join(pkg, 'pkg/framesmith_bg.wasm')) });
  assert.equal(mod.version(), version);
  const { workspace } = mod.parse(readFileSync('tests/fixtures/workspace.toml', 'utf8'), 'toml');
  assert.deepEqual(mod.check(workspace).filter((d) => d.severity === 'error'), []);
  // The writers are in the second module only (the builder module's budget).
  assert.equal(mod.serialize, undefined);
  const second = await import(pathToFileURL(join(pkg, 'pkg/import/framesmith.js')).href);
  await second.default({ module_or_path: readFileSync(join(pkg, 'pkg/import/framesmith_bg.wasm')) });
  assert.match(second.serialize(workspace, 'toml'), /^\[org\]/m);
});
