// `framesmith check --format sarif` and `framesmith lint --format sarif` write logs that
// the SARIF 2.1.0 JSON Schema accepts (the OASIS schema as Microsoft's @microsoft/jest-sarif
// ships it, read by ajv), and that say what GitHub code scanning needs: every result's rule
// in the catalogue, its file, line and column. Run after `cargo build` (make test-js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const ajv = new Ajv({ schemaId: 'id', allErrors: true, meta: false, unknownFormats: 'ignore' });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(schema);

const CLI = 'target/debug/framesmith';

function sarif(args) {
  const r = spawnSync(CLI, [...args, '--format', 'sarif'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.ok([0, 1].includes(r.status), `${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

function valid(log, what) {
  assert.ok(validate(log), `${what}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  const run = log.runs[0];
  const ids = run.tool.driver.rules.map((r) => r.id);
  for (const r of run.results) {
    assert.equal(ids[r.ruleIndex], r.ruleId, `${what}: ruleIndex of ${r.ruleId}`);
    assert.ok(['error', 'warning', 'note'].includes(r.level));
    assert.match(r.message.text, / Fix: /);
  }
  return run.results;
}

test('lint: every fixture, in one log, grouped by file, with lines and columns', () => {
  const dirs = ['tests/fixtures/lint', 'tests/fixtures/lint/genesys'];
  const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.js')).map((f) => `${d}/${f}`));
  const results = valid(sarif(['lint', ...files]), 'lint');
  const bad = files.filter((f) => f.includes('.bad.'));
  for (const f of bad) {
    const rule = `lint/${f.split('/').pop().split('.')[0]}`;
    const mine = results.filter((r) => r.locations[0].physicalLocation.artifactLocation.uri === f);
    // Past a syntax error what parsed is linted too (issue 24), as tests/lint.rs allows.
    const own = rule === 'lint/syntax' ? mine.some((r) => r.ruleId === rule) : mine.every((r) => r.ruleId === rule);
    assert.ok(mine.length > 0 && own, `${f}: ${JSON.stringify(mine)}`);
    for (const r of mine) {
      const region = r.locations[0].physicalLocation.region;
      assert.ok(region.startLine >= 1 && region.startColumn >= 1, f);
    }
  }
});

test('check: a workspace with findings, pointers as logical locations, secrets never repeated', () => {
  const dir = 'tests/fixtures/rules';
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.toml') && !x.startsWith('err_'))) {
    const log = sarif(['check', `${dir}/${f}`]);
    const results = valid(log, f);
    const [area, rule] = f.replace('.toml', '').split('__');
    if (rule) assert.ok(results.some((r) => r.ruleId === `${area}/${rule}`), `${f} raises ${area}/${rule}`);
  }
  const secret = JSON.stringify(sarif(['check', `${dir}/secret__exposed.toml`]));
  assert.ok(!secret.includes('Zk3vQ9x_Lr2mT8pW4aB7nC1dE6fG0hJ5kM-sNqR') && !secret.includes('hunter2'));
  const withPointer = sarif(['check', `${dir}/settings__invalid-value.toml`]).runs[0].results
    .find((r) => r.locations[0].logicalLocations);
  assert.match(withPointer.locations[0].logicalLocations[0].fullyQualifiedName, /^\/deployment\/0\/settings\//);
});

test('check: a workspace that does not parse is one result, exit 2', () => {
  const r = spawnSync(CLI, ['check', 'tests/fixtures/rules/err_toml_syntax.toml', '--format', 'sarif'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  const results = valid(JSON.parse(r.stdout), 'err_toml_syntax');
  assert.equal(results.length, 1);
  assert.equal(results[0].ruleId, 'parse/syntax');
});

// GitHub code scanning links each rule to its helpUri. Where docs/diagnostics.md is
// published is the caller's to say (--docs-url, or FRAMESMITH_DOCS_URL in a workflow):
// every rule then points at its own row there, and an unusable URL is refused.
test('rules link to their row of docs/diagnostics.md where it is published', () => {
  const docs = readFileSync('docs/diagnostics.md', 'utf8');
  const base = 'https://git.example.com/acme/framesmith/blob/v0.1.0/docs/diagnostics.md';
  const fixture = 'tests/fixtures/rules/settings__invalid-value.toml';
  const given = sarif(['check', fixture, '--docs-url', base]);
  valid(given, 'with --docs-url');
  const rules = given.runs[0].tool.driver.rules;
  for (const r of rules) {
    const anchor = r.id.replace('/', '-');
    assert.equal(r.helpUri, `${base}#${anchor}`);
    assert.ok(docs.includes(`<a id="${anchor}"></a>\`${r.id}\``), `docs/diagnostics.md has the anchor of ${r.id}`);
  }
  const env = spawnSync(CLI, ['lint', 'tests/fixtures/lint/genesys/wildcard.js', '--format', 'sarif'],
    { encoding: 'utf8', env: { ...process.env, FRAMESMITH_DOCS_URL: base } });
  assert.equal(JSON.parse(env.stdout).runs[0].tool.driver.rules[0].helpUri, `${base}#${rules[0].id.replace('/', '-')}`);
  // Cargo.toml names no repository yet: without a URL there is no helpUri, not a made-up one.
  assert.ok(sarif(['check', fixture]).runs[0].tool.driver.rules.every((r) => !('helpUri' in r)));
  for (const bad of ['docs/diagnostics.md', 'https://x/d.md#top', 'javascript:alert(1)', 'https://ci:Zk3vQ9xLr2mT8pW4@git.example.com/d.md']) {
    const r = spawnSync(CLI, ['check', fixture, '--format', 'sarif', '--docs-url', bad], { encoding: 'utf8' });
    assert.equal(r.status, 2, bad);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /cannot be the docs URL/);
    // The refusal says why without repeating the value: it may hold a password.
    assert.ok(!r.stderr.includes(bad) && !r.stderr.includes('Zk3vQ9xLr2mT8pW4'), r.stderr);
  }
});
