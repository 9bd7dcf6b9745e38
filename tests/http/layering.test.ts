// src/serve must run in a Worker: no node:* import, no Node global, and imports that point one way
// (runtime -> serve -> core). The shared HTTP tests must run in workerd: no node:* either.
// Read with the TypeScript parser, so comments and strings do not count.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts'))
    .map((d) => relative(root, join(d.parentPath, d.name)));
}

const NODE_GLOBALS = new Set(['Buffer', 'process', 'global', 'setImmediate', 'clearImmediate', 'require', '__dirname', '__filename']);

/** The module specifiers a file imports (static, re-exports, dynamic) and the Node globals it uses. */
function scan(file: string): { imports: string[]; nodeGlobals: string[] } {
  const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const imports: string[] = [];
  const nodeGlobals: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      imports.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      imports.push(node.arguments[0].text);
    } else if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text)) {
      const parent = node.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isPropertyName) nodeGlobals.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, nodeGlobals };
}

const serveFiles = filesUnder('src/serve');
/** The tests the Worker runs inside workerd as well. */
const sharedTests = ['tests/http/contract-suite.ts', 'tests/http/fixture-site.ts', 'tests/http/handler.test.ts', 'tests/http/negotiate.test.ts'];

describe('src/serve runs anywhere', () => {
  it('has files to check', () => {
    expect(serveFiles).toContain('src/serve/handler.ts');
    expect(serveFiles).toContain('src/serve/types.ts');
  });

  it.each(serveFiles)('%s imports nothing from Node and only from serve and core', (file) => {
    const { imports, nodeGlobals } = scan(file);
    expect(nodeGlobals).toEqual([]);
    for (const spec of imports) {
      expect(spec, spec).toMatch(/^(\.\/[\w-]+\.js|\.\.\/core\/[\w-]+\.js)$/);
    }
  });

  it('is imported only by the runtimes', () => {
    const importers = filesUnder('src')
      .filter((f) => !f.startsWith('src/serve/'))
      .filter((f) => scan(f).imports.some((spec) => /(^|\/)serve\/[\w-]+\.js$/.test(spec)));
    for (const f of importers) expect(f).toMatch(/^src\/runtime\//);
  });
});

describe('the shared HTTP tests run in workerd', () => {
  it.each(sharedTests)('%s uses no node:* and no Node global', (file) => {
    const { imports, nodeGlobals } = scan(file);
    expect(nodeGlobals).toEqual([]);
    for (const spec of imports) expect(spec, spec).toMatch(/^(vitest|\.\/[\w-]+\.js|\.\.\/\.\.\/src\/serve\/[\w-]+\.js)$/);
  });
});
