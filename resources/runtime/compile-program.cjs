// Compiles the index.ts of a deployed component's work directory once, the way Pulumi's TypeScript
// support compiles it (ts-node with the app's TypeScript and the options of @pulumi/pulumi's
// cmd/run/run.js: ES2020, NodeNext, which emits CommonJS here; type-checked, with ts-node's ignored
// diagnostics). Run by the engine in a process of its own (the type check takes seconds),
// with the TypeScript module's path and the work directory as arguments; prints one JSON line:
// `{ js, diagnostics }`, where diagnostics is ts-node's text (`index.ts(4,7): error TS2322: …`), empty
// when the program compiles.
'use strict';
const path = require('node:path');

const [typescriptPath, dir] = process.argv.slice(2);
const ts = require(typescriptPath);

/** ts-node 7 ignores these: no input files, and the implicit `any` of a JavaScript file. */
const IGNORED = new Set([6059, 18002, 18003]);

process.chdir(dir);
const options = {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  inlineSourceMap: true,
  inlineSources: true,
  declaration: false,
  noEmit: false,
};
const file = path.join(dir, 'index.ts');
const program = ts.createProgram([file], options);
const source = program.getSourceFile(file);
const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].filter(
  (d) => !IGNORED.has(d.code),
);
let js = '';
if (diagnostics.length === 0) {
  program.emit(source, (name, text) => {
    if (name.endsWith('.js')) js = text;
  });
}
const host = { getNewLine: () => '\n', getCurrentDirectory: () => dir, getCanonicalFileName: (name) => name };
process.stdout.write(`${JSON.stringify({ js, diagnostics: ts.formatDiagnostics(diagnostics, host) })}\n`);
