// Validates SARIF logs against the SARIF 2.1.0 JSON schema (as shipped in @microsoft/jest-sarif)
// and against what GitHub code scanning additionally needs to ingest a result.
//   node check_sarif.js <node_modules> <log.sarif>...
"use strict";
const path = require("path");
const fs = require("fs");
const modules = process.argv[2];
const Ajv = require(path.join(modules, "ajv"));
const schema = JSON.parse(fs.readFileSync(path.join(modules, "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
// The SARIF 2.1.0 schema is written in JSON Schema draft-04: ajv 6 needs that meta-schema added.
const ajv = new Ajv({ allErrors: true, schemaId: "auto" });
ajv.addMetaSchema(require(path.join(modules, "ajv/lib/refs/json-schema-draft-04.json")));
const validate = ajv.compile(schema);
let failed = 0;
for (const file of process.argv.slice(3)) {
  const log = JSON.parse(fs.readFileSync(file, "utf8"));
  const problems = [];
  if (!validate(log)) {
    for (const e of validate.errors) problems.push(`schema: ${e.dataPath} ${e.message}`);
  }
  // GitHub code scanning: a driver name, every result with a ruleId known to the driver, a
  // message, and a physical location with a relative URI and a start line.
  for (const run of log.runs || []) {
    const driver = run.tool && run.tool.driver;
    if (!driver || !driver.name) problems.push("run.tool.driver.name missing");
    const rules = new Set(((driver && driver.rules) || []).map((r) => r.id));
    for (const r of run.results || []) {
      if (!r.ruleId || !rules.has(r.ruleId)) problems.push(`result ruleId ${r.ruleId} not among the driver's rules`);
      if (!r.message || !r.message.text) problems.push("result without message.text");
      const loc = r.locations && r.locations[0] && r.locations[0].physicalLocation;
      if (!loc || !loc.artifactLocation || !loc.artifactLocation.uri) problems.push("result without artifactLocation.uri");
      else if (/^[a-z]+:/i.test(loc.artifactLocation.uri) || loc.artifactLocation.uri.startsWith("/"))
        problems.push(`artifact URI is not relative: ${loc.artifactLocation.uri}`);
      if (!loc || !loc.region || !(loc.region.startLine >= 1)) problems.push("result without region.startLine >= 1");
    }
    if ((run.results || []).length === 0) problems.push("no results: the test log should carry findings");
  }
  if (problems.length) {
    failed = 1;
    console.log(`FAIL ${file}`);
    for (const p of problems.slice(0, 20)) console.log(`  ${p}`);
  } else {
    console.log(`ok ${file}: ${log.runs[0].results.length} results valid against SARIF 2.1.0`);
  }
}
process.exit(failed);
