/**
 * Jest's runtime, compiling each module once per worker instead of once per test file.
 *
 * Jest gives every test file fresh module instances: a new vm context in which every module is
 * evaluated again. That isolation is kept. What jest also repeats per test file is compiling each
 * module's source (`vm.compileFunction`): ~0.3 s of CPU for a test file that loads lib, cdk8s and the
 * generated validators (~500 modules), about a quarter of the CPU of such a file. Here the compiled
 * code of a module (a `vm.Script`, which V8 can run in any context) is kept per worker and run in each
 * test file's own context: every file still evaluates every module and gets its own instances.
 *
 * Relies on jest-runtime's module executor (`runtime.executor.compile`, jest 30); when that is not
 * there, jest runs as it ships. Measured: docs/performance.md, "Test-suite time".
 */
const Runtime = require('jest-runtime').default;
const path = require('path');
const vm = require('vm');

/** filename → the module source it was compiled from, the wrapper's parameters, and the compiled script. */
const compiled = new Map();

class SharedCompileRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    if (!executor || typeof executor.compile !== 'function' || !Array.isArray(executor.injectedModuleParameters)) return;
    const compileAgain = executor.compile.bind(executor);
    executor.compile = (source, filename) => {
      // Dynamic import() needs jest's loader hook, which only its own compile sets up; core modules have no file.
      if (/\bimport\s*\(/.test(source) || !path.isAbsolute(filename)) return compileAgain(source, filename);
      const context = executor.environment.getVmContext();
      if (context == null) return null;
      const parameters = executor.injectedModuleParameters.join(',');
      let entry = compiled.get(filename);
      if (!entry || entry.source !== source || entry.parameters !== parameters) {
        let script;
        try {
          // The wrapper stands on a line of its own (lineOffset -1), so stack traces keep the module's lines and columns.
          script = new vm.Script(`({"Object.<anonymous>":function(${parameters}){\n${source}\n}});`, { filename, lineOffset: -1 });
        } catch {
          return compileAgain(source, filename); // jest reports syntax errors its own way
        }
        entry = { source, parameters, script };
        compiled.set(filename, entry);
      }
      return entry.script.runInContext(context)['Object.<anonymous>'];
    };
  }
}

module.exports = SharedCompileRuntime;
