#!/usr/bin/env node
// Runs cardcheck.js (../shared/tools/cardcheck) on several cards in one node process and prints a JSON array of
// { file, exitCode, report, stderr }. cardcheck takes one card per run and node starts slowly, so each run happens
// here with its own argv, its console output captured and process.exit turned into the end of that run.
// usage: node cardcheck-batch.js <path to cardcheck.js> <card.json>...
'use strict';
const path = require('path');
const { createRequire } = require('module');

const [cardcheck, ...files] = process.argv.slice(2);
if (!cardcheck || files.length === 0) {
  console.error('usage: node cardcheck-batch.js <cardcheck.js> <card.json>...');
  process.exit(2);
}
const script = path.resolve(cardcheck);

// Compiling the 1.5 schema takes ajv about half a second, and cardcheck compiles it on every run: reuse the validator
// compiled for the same schema text and options (validation itself is unchanged).
const Ajv = createRequire(script)('ajv');
const compile = Ajv.prototype.compile;
const compiled = new Map();
Ajv.prototype.compile = function (schema, meta) {
  const key = JSON.stringify([this.opts.allErrors, this.opts.verbose, this.opts.strict, schema]);
  const hit = compiled.get(key);
  if (!hit) {
    const validate = compile.call(this, schema, meta);
    compiled.set(key, { validate, schema });
    return validate;
  }
  // cardcheck maps errors back to definitions by object identity: hand it the compiled schema's own objects.
  Object.assign(schema, hit.schema);
  return hit.validate;
};

const real = { exit: process.exit, log: console.log, error: console.error, argv: process.argv };

function checkOne(file) {
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    let finished = false;
    // cardcheck ends every path with process.exit; the first call is the result, later ones are ignored.
    process.exit = (code) => { if (!finished) { finished = true; resolve({ code: code === undefined ? 0 : code, out, err }); } };
    console.log = (...args) => { out += args.join(' ') + '\n'; };
    console.error = (...args) => { err += args.join(' ') + '\n'; };
    process.argv = [real.argv[0], script, file, '--no-render', '--json'];
    delete require.cache[require.resolve(script)];
    require(script);
  });
}

(async () => {
  const results = [];
  for (const file of files) {
    const { code, out, err } = await checkOne(file);
    process.exit = real.exit; console.log = real.log; console.error = real.error; process.argv = real.argv;
    let report = null;
    try { report = JSON.parse(out); } catch { /* usage or IO error: stderr says why */ }
    results.push({ file, exitCode: code, report, stderr: err });
  }
  real.log(JSON.stringify(results));
  real.exit(0);
})();
