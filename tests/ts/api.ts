// Compiled by `tsc --noEmit` in `make test`: the builder module's declarations describe
// what the page passes and gets back. Lines marked @ts-expect-error must fail to compile.
import init, {
  blocksBuild, checkEdited, recheck, build, buildDeployment, catalogue, check, parse, preview, version,
  type Catalogue, type Code, type Diagnostic, type ErrorCode, type FramesmithError, type Imported, type Parsed,
  type Rendered, type Workspace,
} from '../../www/pkg/framesmith.js';
// The second module: the framework.js reader, the workspace writers and the zip.
import initImport, { buildZip, importFrameworkJs, serialize } from '../../www/pkg/import/framesmith.js';
import { loadRuntime, RuntimeError } from '../../www/runtime.js';

export async function usage(): Promise<void> {
  await init();
  const ws: Workspace = {
    org: { name: 'Acme', region: 'eu-west-1' },
    deployment: [{
      name: 'CRM', kind: 'private', client_id: '5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015',
      oauth: { flow: 'pkce', token_lifetime_seconds: 64800 },
      settings: { enableCallLogs: true },
      screen_pop: { integration: 'i', data_source: 'd', route: 'host' },
    }],
  };
  const diags: Diagnostic[] = check(ws);
  const again: Diagnostic[] = recheck(ws);
  const edited: Diagnostic[] = checkEdited(ws, 0);
  const code: Code = diags[0].code;
  const line: number | undefined = diags[0].line;
  const blocked: boolean = blocksBuild(diags[0], 0);
  const parsed: Parsed = parse('[org]', 'toml');
  const runtime: string = await (await fetch('pkg/runtime/runtime.js')).text();
  const one: Rendered = buildDeployment(ws, 0, runtime);
  const all: Rendered[] = build(ws, runtime);
  const shown: string = preview(ws, 0, runtime).frameworkJs;
  await initImport();
  const text: string = serialize(parsed.workspace, 'json');
  const zip: Uint8Array = buildZip(ws, runtime);
  const imported: Imported = importFrameworkJs('window.Framework = {}');
  const cat: Catalogue = catalogue();
  const max: number = cat.maxPrivate + cat.regions.length;
  const v: string = version();
  try {
    build(ws, runtime);
  } catch (e) {
    const err = e as FramesmithError;
    const c: ErrorCode = err.code;
    void c;
  }
  void [code, line, blocked, text, one, all, shown, zip, imported, max, v];
  const rt = await loadRuntime();
  const handle: number = rt.prepare({ name: 'd', records: '$.items[*]', responseMapping: { id: '$.id' } });
  const mapped = rt.map(handle, '{"items": []}');
  const records: Record<string, unknown>[] = mapped.records;
  try {
    rt.map(handle, '{');
  } catch (e) {
    const code: string = (e as RuntimeError).code;
    void code;
  }
  void records;
  // @ts-expect-error buildDeployment takes the runtime text too
  buildDeployment(ws, 0);

  // @ts-expect-error kind is "private" or "public"
  const badKind: Workspace = { org: { name: 'A', region: 'x' }, deployment: [{ name: 'x', kind: 'secret' }] };
  // @ts-expect-error the org needs a region
  const noRegion: Workspace = { org: { name: 'A' } };
  // @ts-expect-error formats are "toml" or "json"
  parse('', 'yaml');
  // @ts-expect-error not a diagnostic code
  const badCode: Code = 'oauth/nope';
  void [badKind, noRegion, badCode];
}
