// The layer rule: every module a file refers to (static, type-only, dynamic, required) is checked
// against the policy of the file's layer. The policies themselves live in layer-policy.js.
import { builtinModules } from 'node:module';
import path from 'node:path';

const POLICY_FILE = 'scripts/eslint/layer-policy.js';
const SOURCE_EXTENSION = /\.(d\.)?[cm]?[jt]sx?$/;
/**
 * Tests and their support modules (`*.test.ts`, `test-support/`, `proxmox-test-support.ts`, and the store's
 * contract suite `engine/store/contract/`, which a second store implementation runs) may use `testPackages`.
 */
const TEST_FILE = /\.test\.[cm]?[jt]sx?$|(^|\/)test-support\/|test-support\.[cm]?[jt]sx?$|(^|\/)engine\/store\/contract\//;
const BUILTINS = new Set(builtinModules);
/** Objects whose `require` method loads a module (`config.require('key')` of Pulumi does not). */
const REQUIRE_HOLDERS = new Set(['module', 'globalThis', 'global']);

/** `node:fs`, `fs`, `fs/promises`, `node:test`: anything Node resolves without node_modules. */
export function isNodeBuiltin(specifier) {
  if (specifier.startsWith('node:')) return true;
  return BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]);
}

/** The package a bare specifier names: `@scope/name` or `name`, without the subpath. */
export function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Whether a list entry covers a specifier: `rete-*` and `@pulumi/*` by prefix of the package name,
 * `@pulumi/pulumi/automation` as that path and below it, `react` as the package and its subpaths.
 */
function entryCovers(entry, specifier) {
  if (entry.endsWith('*')) return packageName(specifier).startsWith(entry.slice(0, -1));
  return specifier === entry || specifier.startsWith(`${entry}/`);
}

/** Whether a repository path (no extension) lies in a folder or is the file a list entry names. */
function inFolder(target, folder) {
  return target === folder || target.startsWith(`${folder}/`);
}

/** The module text of a string literal or a template literal without expressions, else undefined. */
function staticText(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

const policySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'layer', 'root', 'folders'],
  properties: {
    name: { type: 'string' },
    layer: { type: 'string' },
    root: { type: 'string' },
    nodeBuiltins: { type: 'boolean' },
    nodeBuiltinsReason: { type: 'string' },
    packages: { type: 'array', items: { type: 'string' } },
    typePackages: { type: 'array', items: { type: 'string' } },
    testPackages: { type: 'array', items: { type: 'string' } },
    folders: { type: 'array', items: { type: 'string' } },
    typeFolders: { type: 'array', items: { type: 'string' } },
    foldersReason: { type: 'string' },
    deny: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['packages', 'message'],
        properties: { packages: { type: 'array', items: { type: 'string' } }, message: { type: 'string' } },
      },
    },
    adapters: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['package', 'file'],
        properties: { package: { type: 'string' }, file: { type: 'string' } },
      },
    },
    adaptersHere: { type: 'boolean' },
  },
};

/** @type {import('eslint').Rule.RuleModule} */
const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Every module a file refers to must be allowed by the policy of its layer.' },
    schema: [policySchema],
    messages: {
      denied: "{{layer}} may not use '{{name}}': {{reason}}",
      adapter: "'{{name}}' is reached only through its adapter, {{adapter}}.",
      unlistedPackage:
        "'{{name}}' is not on the package list of {{layer}}. If {{layer}} should use it, add it to layerPolicies.{{policy}}.{{list}} in " +
        POLICY_FILE +
        '.',
      typeOnlyPackage:
        "{{layer}} may use '{{name}}' only as types: write `import type` (layerPolicies.{{policy}}.typePackages in " + POLICY_FILE + ').',
      builtin: "{{layer}} may not use the Node built-in '{{name}}': {{reason}}",
      folder:
        "{{layer}} may not import '{{target}}': {{reason}} It may import {{allowed}} (layerPolicies.{{policy}}.folders in " +
        POLICY_FILE +
        ').',
      typeOnlyFolder:
        "{{layer}} may import '{{target}}' only as types: write `import type` or `export type` (an `import { type X }` still loads the module at run time). Runtime imports may reach only {{allowed}}.",
      escapes:
        '{{layer}}: {{what}} is passed on here, so what it loads cannot be checked. Call it with a literal, or disable layers/imports on this line with a comment saying why (`-- reason`).',
      unverifiable:
        '{{layer}}: this {{how}} takes a computed module name, which the layer rule cannot check. Use a literal, or disable layers/imports on this line with a comment saying why (`-- reason`).',
    },
  },
  create(context) {
    const policy = context.options[0];
    const sourceCode = context.sourceCode;
    const root = policy.root;
    const file = path
      .relative(root, context.physicalFilename ?? context.filename)
      .split(path.sep)
      .join('/');
    const isTest = TEST_FILE.test(file);
    const fileBase = file.replace(SOURCE_EXTENSION, '').replace(/(\.[\w-]+)*\.test$/, '');
    const layer = policy.layer;
    const runtimePackages = [...(policy.packages ?? []), ...(isTest ? (policy.testPackages ?? []) : [])];
    const typePackages = policy.typePackages ?? [];
    const runtimeFolders = policy.folders;
    const typeFolders = [...runtimeFolders, ...(policy.typeFolders ?? [])];

    function report(node, messageId, data) {
      context.report({ node, messageId, data: { layer, policy: policy.name, ...data } });
    }

    function checkPackage(node, specifier, typeOnly) {
      const name = packageName(specifier);
      for (const rule of policy.deny ?? []) {
        if (rule.packages.some((entry) => entryCovers(entry, specifier)))
          return report(node, 'denied', { name: specifier, reason: rule.message });
      }
      // Adapters come before the package list: `@pulumi/pulumi/automation` is an SDK even where `@pulumi/pulumi` is listed.
      const adapter = (policy.adapters ?? []).find((entry) => entryCovers(entry.package, specifier));
      if (adapter) {
        // An adapter named with a trailing slash is a folder: the SDK plus the small modules around it.
        const here = adapter.file.endsWith('/')
          ? fileBase.startsWith(adapter.file)
          : fileBase === adapter.file.replace(SOURCE_EXTENSION, '');
        if (policy.adaptersHere && here) return;
        return report(node, 'adapter', { name: specifier, adapter: adapter.file });
      }
      if (runtimePackages.some((entry) => entryCovers(entry, specifier))) return;
      if (typePackages.some((entry) => entryCovers(entry, specifier))) {
        if (typeOnly) return;
        return report(node, 'typeOnlyPackage', { name });
      }
      report(node, 'unlistedPackage', { name, list: isTest ? 'testPackages' : 'packages' });
    }

    function checkLocal(node, specifier, typeOnly) {
      const absolute = specifier.startsWith('file:')
        ? URL.parse(specifier)?.pathname
        : path.resolve(path.dirname(path.join(root, file)), specifier);
      if (absolute === undefined)
        return report(node, 'folder', { target: specifier, allowed: runtimeFolders.join(', '), reason: 'it is not a valid file: URL.' });
      let target = path.relative(root, absolute).split(path.sep).join('/').replace(SOURCE_EXTENSION, '');
      // Compiled output stands for its source: dist/engine/x.js is engine/x.ts.
      if (target.startsWith('dist/')) target = target.slice('dist/'.length);
      if (runtimeFolders.some((folder) => inFolder(target, folder))) return;
      if (typeFolders.some((folder) => inFolder(target, folder))) {
        if (typeOnly) return;
        return report(node, 'typeOnlyFolder', { target, allowed: runtimeFolders.join(', ') });
      }
      const allowed =
        typeFolders.length > runtimeFolders.length
          ? `${runtimeFolders.join(', ')} (and types from ${typeFolders.slice(runtimeFolders.length).join(', ')})`
          : runtimeFolders.join(', ');
      report(node, 'folder', { target, allowed, reason: policy.foldersReason ?? '' });
    }

    /** One module reference: `typeOnly` when nothing of it exists at run time. */
    function check(node, rawSpecifier, typeOnly) {
      const specifier = rawSpecifier.replace(/[?#].*$/s, '');
      if (specifier === '' && rawSpecifier.startsWith('#'))
        return report(node, 'unlistedPackage', { name: rawSpecifier, list: 'packages' });
      if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:'))
        return checkLocal(node, specifier, typeOnly);
      if (isNodeBuiltin(specifier)) {
        if (policy.nodeBuiltins) return;
        return report(node, 'builtin', { name: specifier, reason: policy.nodeBuiltinsReason ?? 'this layer does not run under Node.' });
      }
      checkPackage(node, specifier, typeOnly);
    }

    function checkCall(call, how) {
      const argument = call.arguments[0];
      const text = staticText(argument);
      if (text === undefined) return report(call, 'unverifiable', { how });
      check(argument, text, false);
    }

    /** The global `require`, not a local binding of the same name. */
    function isGlobalRequire(identifier) {
      let scope = sourceCode.getScope(identifier);
      while (scope) {
        const variable = scope.set.get('require');
        if (variable && variable.defs.length > 0) return false;
        scope = scope.upper;
      }
      return true;
    }

    /** Local names `createRequire` goes by in this file (`import { createRequire as make } from 'node:module'`). */
    const createRequireNames = new Set(['createRequire']);

    function isCreateRequire(callee) {
      if (callee.type === 'Identifier') return createRequireNames.has(callee.name);
      return (
        callee.type === 'MemberExpression' &&
        !callee.computed &&
        callee.property.type === 'Identifier' &&
        callee.property.name === 'createRequire'
      );
    }

    /**
     * How the function `createRequire` returns is used: called with a literal (checked), asked to
     * `resolve` a path (loads nothing), or anything else (it escapes, so what it loads is unknown).
     */
    function checkRequireUse(expression, parent) {
      if (parent.type === 'CallExpression' && parent.callee === expression) return checkCall(parent, 'require');
      if (parent.type === 'MemberExpression' && parent.object === expression && !parent.computed && parent.property.name === 'resolve')
        return;
      if (parent.type === 'ChainExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSAsExpression')
        return checkRequireUse(parent, parent.parent);
      report(expression, 'escapes', { what: 'the require function createRequire returns' });
    }

    function checkDeclaration(node, source, typeOnly) {
      if (source && typeof source.value === 'string') check(source, source.value, typeOnly);
    }

    return {
      Program() {
        for (const comment of sourceCode.getAllComments()) {
          const match = /^\/\s*<reference\s+(types|path)\s*=\s*["']([^"']+)["']/.exec(comment.value);
          if (comment.type === 'Line' && match)
            check(comment, match[1] === 'path' ? (match[2].startsWith('.') ? match[2] : `./${match[2]}`) : match[2], true);
        }
      },
      ImportDeclaration(node) {
        if (node.source.value === 'module' || node.source.value === 'node:module') {
          for (const specifier of node.specifiers) {
            if (specifier.type === 'ImportSpecifier' && (specifier.imported.name ?? specifier.imported.value) === 'createRequire')
              createRequireNames.add(specifier.local.name);
          }
        }
        // `import { type A } from 'x'` keeps `import {} from 'x'` under verbatimModuleSyntax: it loads x.
        checkDeclaration(node, node.source, node.importKind === 'type');
      },
      ExportNamedDeclaration(node) {
        checkDeclaration(node, node.source, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        checkDeclaration(node, node.source, node.exportKind === 'type');
      },
      TSImportEqualsDeclaration(node) {
        if (node.moduleReference.type !== 'TSExternalModuleReference') return;
        const text = staticText(node.moduleReference.expression);
        if (text === undefined) return report(node, 'unverifiable', { how: 'import = require()' });
        check(node.moduleReference.expression, text, node.importKind === 'type');
      },
      TSImportType(node) {
        const source = node.source ?? node.argument?.literal;
        const text = staticText(source);
        if (text !== undefined) check(source, text, true);
      },
      ImportExpression(node) {
        const text = staticText(node.source);
        if (text === undefined) return report(node, 'unverifiable', { how: 'dynamic import()' });
        check(node.source, text, false);
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'Identifier' && callee.name === 'require') return checkCall(node, 'require()');
        if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
          const object = callee.object;
          if (callee.property.name === 'require' && object.type === 'Identifier' && REQUIRE_HOLDERS.has(object.name))
            return checkCall(node, `${object.name}.require()`);
          if (callee.property.name === 'getBuiltinModule' && object.type === 'Identifier' && object.name === 'process')
            return checkCall(node, 'process.getBuiltinModule()');
        }
        if (!isCreateRequire(callee)) return;
        const parent = node.parent;
        if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
          for (const variable of sourceCode.getDeclaredVariables(parent)) {
            for (const reference of variable.references) {
              if (reference.init || reference.identifier === parent.id) continue;
              // A binding named `require` called directly is checked as require() already.
              if (
                reference.identifier.name === 'require' &&
                reference.identifier.parent.type === 'CallExpression' &&
                reference.identifier.parent.callee === reference.identifier
              )
                continue;
              checkRequireUse(reference.identifier, reference.identifier.parent);
            }
          }
          return;
        }
        checkRequireUse(node, parent);
      },
      'Identifier[name="require"]'(node) {
        // The global require handed on as a value (`const load = require`) loads who knows what.
        const parent = node.parent;
        if (parent.type === 'CallExpression' && parent.callee === node) return;
        if (parent.type === 'MemberExpression' && parent.object === node) return;
        if (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return;
        if (parent.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand) return;
        if (parent.type === 'VariableDeclarator' && parent.id === node) return;
        if (
          [
            'FunctionDeclaration',
            'FunctionExpression',
            'ArrowFunctionExpression',
            'ImportSpecifier',
            'TSPropertySignature',
            'TSMethodSignature',
            'MethodDefinition',
            'PropertyDefinition',
            'TSQualifiedName',
          ].includes(parent.type)
        )
          return;
        if (!isGlobalRequire(node)) return;
        report(node, 'escapes', { what: 'the require function' });
      },
    };
  },
};

/** A disable comment that switches the layer rule off must say why, after `--`. */
const explainedDisableRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Turning the layer rule off needs a reason after `--`.' },
    schema: [],
    messages: { reason: 'Say why the layer rule is off here: `eslint-disable… layers/imports -- the reason`.' },
  },
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          const match = /^\s*eslint-disable(?:-next-line|-line)?(?=\s|$)([^]*)$/.exec(comment.value);
          if (!match) continue;
          const [rules, reason] = match[1].split(/\s--\s?/, 2);
          const names = rules
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean);
          const coversLayers = names.length === 0 || names.includes('layers/imports');
          if (coversLayers && !(reason && reason.trim().length >= 8)) context.report({ loc: comment.loc, messageId: 'reason' });
        }
      },
    };
  },
};

/** The local plugin: `layers/imports` and `layers/explained-disable`. */
export const layersPlugin = {
  meta: { name: 'nimbus-layers' },
  rules: { imports: importsRule, 'explained-disable': explainedDisableRule },
};
