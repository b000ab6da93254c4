// V8 code cache for the Node processes Pulumi starts for Nimbus (the program and the dynamic
// provider), preloaded through NODE_OPTIONS=--require. Each of them loads the Pulumi SDK, about 760
// modules (TypeScript's 9 MB among them), and V8 parses and compiles them again every time. This keeps
// what V8 compiled for each package module in `$NIMBUS_COMPILE_CACHE_DIR/<entry>.bin`, one file per
// entry script, and hands it back to V8 on the next start, which then skips that work.
//
// Only files under node_modules are cached (the program's own code changes with every version). An
// entry is keyed by the file's path, inode, size and change time; V8 refuses data made by another V8 version
// or with other flags, and the file name carries Node's version too. Anything unexpected (an
// unreadable or damaged cache, a failed write) falls back to Node's own loading: the cache can make a
// start faster, never fail it. Writes go to a temporary file renamed into place, so processes that
// start together never read a half-written cache.
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const SIGNALS = ['SIGINT', 'SIGTERM'];
const dir = process.env.NIMBUS_COMPILE_CACHE_DIR;
const entry = process.argv[1];

if (dir && entry && path.isAbsolute(dir)) install(dir, entry);

function install(dir, entry) {
  const name = createHash('sha1')
    .update(`${process.version}\0${process.execArgv.join(' ')}\0${entry}`)
    .digest('hex');
  const file = path.join(dir, `${name}.bin`);
  /** filename -> { hash, data } as read from the cache file. */
  const stored = readCache(file);
  /** filename -> { hash, data } or { hash, script } compiled by this process, kept for the next write. */
  const current = new Map();
  let dirty = false;
  let timer;

  const original = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    if (!filename.includes(`${path.sep}node_modules${path.sep}`)) return original.call(this, content, filename);
    let script;
    let hash;
    try {
      // A file replaced or rewritten gets a new inode or change time (which no tool can set back).
      const stat = fs.statSync(filename);
      hash = `${stat.ino}:${stat.size}:${stat.ctimeMs}:${content.length}`;
      const known = stored.get(filename);
      const cachedData = known && known.hash === hash ? known.data : undefined;
      script = new vm.Script(Module.wrap(content.startsWith('#!') ? `//${content}` : content), {
        filename,
        cachedData,
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
      if (cachedData && !script.cachedDataRejected) current.set(filename, { hash, data: cachedData });
      else {
        current.set(filename, { hash, script });
        dirty = true;
        schedule();
      }
    } catch {
      return original.call(this, content, filename);
    }
    return run(this, script.runInThisContext({ displayErrors: true }), filename);
  };

  function run(mod, compiled, filename) {
    const require = (id) => mod.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return compiled.call(mod.exports, mod.exports, require, mod, filename, path.dirname(filename));
  }

  // Written shortly after the last module compiled without the cache (after it ran, so the data holds
  // the functions it compiled lazily too), at exit, and on the signals Pulumi ends these processes with
  // (only while there is something to write; the signal then takes its default course).
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(write, 200);
    timer.unref();
    for (const signal of SIGNALS) if (!process.listeners(signal).includes(onSignal)) process.on(signal, onSignal);
  }
  process.once('exit', write);

  function onSignal(signal) {
    write();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }

  function write() {
    clearTimeout(timer);
    for (const signal of SIGNALS) process.off(signal, onSignal);
    if (!dirty) return;
    dirty = false;
    try {
      const index = {};
      const parts = [];
      let offset = 0;
      // Entries this process did not load stay: the same entry script loads other modules for other
      // operations (a dynamic provider's create and delete), and each would otherwise drop the other's.
      for (const [filename, value] of new Map([...stored, ...current])) {
        const data = value.data ?? value.script.createCachedData();
        index[filename] = { hash: value.hash, offset, length: data.length };
        parts.push(data);
        offset += data.length;
      }
      const header = Buffer.from(JSON.stringify(index));
      const size = Buffer.alloc(4);
      size.writeUInt32LE(header.length);
      fs.mkdirSync(dir, { recursive: true });
      const partial = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(partial, Buffer.concat([size, header, ...parts]));
      fs.renameSync(partial, file);
    } catch {
      // A cache that cannot be written is only slower next time.
    }
  }
}

/** The cache file's entries, or none when it is missing or damaged. */
function readCache(file) {
  const entries = new Map();
  try {
    const buffer = fs.readFileSync(file);
    const size = buffer.readUInt32LE(0);
    const index = JSON.parse(buffer.subarray(4, 4 + size).toString('utf8'));
    const base = 4 + size;
    for (const [filename, { hash, offset, length }] of Object.entries(index)) {
      if (base + offset + length > buffer.length) return new Map();
      entries.set(filename, { hash, data: buffer.subarray(base + offset, base + offset + length) });
    }
  } catch {
    return new Map();
  }
  return entries;
}
