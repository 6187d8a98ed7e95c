// The rules of Genesys' embeddable-framework-linter 1.2.1 (PrinceMerluza/embeddable-framework-linter),
// re-implemented over the TypeScript compiler API with the same node-walking quirks (keys
// compared by their source text, children indexed as ts-morph indexes them), so that a file
// passing here passes there. Usage: node ef-lint.mjs FILE... ; prints "FILE: No errors found"
// or "FILE: Found N errors" with one line per finding; exits 1 if any file has findings.
import fs from "node:fs";
import ts from "typescript";

const GC_REGIONS = [
  "cac1.pure.cloud", "mypurecloud.com", "usw2.pure.cloud", "aps1.pure.cloud", "apne2.pure.cloud",
  "mypurecloud.com.au", "mypurecloud.jp", "mypurecloud.ie", "mypurecloud.de", "euw2.pure.cloud",
];
const K = ts.SyntaxKind;

export function lint(text) {
  const sf = ts.createSourceFile("file.js", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const errors = [];
  const all = [];
  (function walk(n) { all.push(n); ts.forEachChild(n, walk); })(sf);
  const textOf = (n) => n.getText(sf);
  const line = (n) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const err = (n, message) => errors.push({ line: line(n), message });
  const clean = (s) => s.replace(/^['"`]|['"`]$/g, "");
  const ofKind = (kind) => all.filter((n) => n.kind === kind);
  // ts-morph's getChildrenOfKind for parse-tree kinds walks forEachChild.
  const childrenOfKind = (n, kind) => { const out = []; ts.forEachChild(n, (c) => { if (c.kind === kind) out.push(c); }); return out; };
  const descendantsOfKind = (n, kind) => { const out = []; (function w(x) { ts.forEachChild(x, (c) => { if (c.kind === kind) out.push(c); w(c); }); })(n); return out; };
  const props = ofKind(K.PropertyAssignment);
  const configs = props.filter((p) => textOf(p.name) === "config" && p.initializer.kind === K.ObjectLiteralExpression);
  const member = (obj, name) => childrenOfKind(obj, K.PropertyAssignment).find((p) => textOf(p.name) === name);

  // 1. postMessage to a wildcard origin.
  for (const call of ofKind(K.CallExpression)) {
    if (textOf(call).startsWith("window.parent.postMessage")) {
      const target = call.arguments[1];
      if (!target) err(call, "postMessage without a target origin (the linter itself crashes here)");
      else if (textOf(target).includes("*")) err(call, "Domain should not contain wildcard *");
    }
  }
  // 2. window.Framework assigned an object without config.
  for (const pa of ofKind(K.PropertyAccessExpression)) {
    if (textOf(pa) !== "window.Framework") continue;
    const siblings = pa.parent.getChildren(sf);
    const obj = siblings[siblings.indexOf(pa) + 2];
    if (!obj) continue;
    const found = descendantsOfKind(obj, K.PropertyAssignment).some((p) => textOf(p.getChildAt(0, sf)) === "config");
    if (!found) err(obj, "Window.Framework should have config");
  }
  for (const config of configs) {
    const obj = config.initializer;
    // 3. Required config properties.
    const names = childrenOfKind(obj, K.PropertyAssignment).map((p) => textOf(p.name));
    for (const req of ["name", "settings", "clientIds", "customInteractionAttributes"]) {
      if (!names.includes(req)) err(obj, `Config should include '${req}' property`);
    }
    // 4. Empty customInteractionAttributes.
    const attrs = member(obj, "customInteractionAttributes");
    const arr = attrs && childrenOfKind(attrs, K.ArrayLiteralExpression)[0];
    if (arr && arr.elements.length === 0) err(attrs, "config.customInteractionAttributes should not be empty");
    // 5. A client id key for every region the linter knows.
    const ids = member(obj, "clientIds");
    const idObj = ids && childrenOfKind(ids, K.ObjectLiteralExpression)[0];
    if (idObj) {
      const keys = childrenOfKind(idObj, K.PropertyAssignment).map((p) => clean(textOf(p.name)));
      for (const r of GC_REGIONS) if (!keys.includes(r)) err(ids, `Missing client id for ${r}`);
    }
    const settings = member(obj, "settings");
    const settingsObj = settings && settings.initializer;
    if (!settingsObj) continue;
    // 6. frameworkContacts needs a contactSearch that calls onSuccess.
    const targets = member(settingsObj, "searchTargets");
    if (targets && targets.initializer.kind === K.ArrayLiteralExpression
        && descendantsOfKind(targets.initializer, K.StringLiteral).some((s) => clean(textOf(s)) === "frameworkContacts")) {
      checkHook("contactSearch", 0, targets, "'frameworkContacts' is configured as searchTarget but contactSearch");
    }
    // 7. enableCallLogs: true needs a processCallLog that does real work and calls onSuccess.
    const logs = member(settingsObj, "enableCallLogs");
    if (logs && logs.initializer.kind === K.TrueKeyword) {
      checkHook("processCallLog", 1, logs, "enableCallLogs is true but processCallLogs");
    }
  }
  function checkHook(name, minStatements, at, what) {
    let found = false;
    for (const p of props) {
      if (textOf(p.name) !== name) continue;
      found = true;
      if (p.initializer.kind !== K.FunctionExpression) continue;
      const block = p.initializer.body;
      if (block.statements.length <= minStatements) err(p.initializer, `${what} method is empty or contains default implementation`);
      else if (!textOf(block).includes("onSuccess")) err(p.initializer, `onSuccess should be used in ${name} method`);
    }
    if (!found) err(at, `${what} method is not defined`);
  }
  // 8. Any string literal mentioning .js (its test for loading external scripts).
  for (const s of ofKind(K.StringLiteral)) {
    if (/.*\.js.*/.test(textOf(s))) err(s, "You might be trying to import external scripts.");
  }
  return errors;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  let failed = false;
  for (const file of process.argv.slice(2)) {
    const errors = lint(fs.readFileSync(file, "utf8"));
    if (errors.length === 0) {
      console.log(`${file}: No errors found`);
    } else {
      failed = true;
      console.log(`${file}: Found ${errors.length} errors`);
      for (const e of errors) console.log(`  Line ${e.line}: ${e.message}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
