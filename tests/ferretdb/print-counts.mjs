// Prints a vitest JSON report's counts, and the tests marked as needing MongoDB proper with their reasons:
//   node tests/ferretdb/print-counts.mjs <label> <report.json>… [--totals-only]
import { readFileSync } from 'node:fs'

const [label, ...args] = process.argv.slice(2)
const totalsOnly = args.includes('--totals-only')
const reports = args.filter((arg) => arg !== '--totals-only').map((file) => JSON.parse(readFileSync(file, 'utf8')))
const tests = reports
  .flatMap((report) => report.testResults)
  .flatMap((suite) =>
    suite.assertionResults.map((test) => ({ ...test, file: suite.name.replace(/^.*?\/tests\//, 'tests/') })),
  )
const count = (status) => tests.filter((test) => test.status === status).length
const passed = count('passed')
const failed = count('failed')
const skipped = tests.length - passed - failed
const marked = tests.filter(
  (test) => test.status !== 'passed' && test.status !== 'failed' && test.title.includes('[needs MongoDB 7:'),
)

if (totalsOnly) {
  console.log(`${label.replace(/\W+/g, '-')}: ${passed} passed, ${failed} failed, ${skipped} skipped`)
  process.exit(0)
}
console.log(
  `\n== ${label}: ${tests.length} tests run, ${passed} passed, ${failed} failed, ${skipped} skipped (${marked.length} of them marked as needing MongoDB 7) ==`,
)
for (const test of marked) {
  const [, name, reason] = /^(.*) \[needs MongoDB 7: (.*)\]$/.exec(test.title) ?? [null, test.title, '']
  console.log(`  marked: ${test.file} > ${name}\n          needs MongoDB 7: ${reason}`)
}
for (const test of tests.filter((t) => t.status === 'failed')) console.log(`  FAILED: ${test.file} > ${test.fullName}`)
// A file can fail outside its tests (a hook, an import): its tests are then not run.
for (const suite of reports.flatMap((report) => report.testResults).filter((s) => s.status === 'failed' && s.message)) {
  console.log(`  FAILED FILE: ${suite.name.replace(/^.*?\/tests\//, 'tests/')}: ${suite.message.split('\n')[0]}`)
}
// The closing line CI readers look for: "<label>: N passed, N failed, N skipped".
console.log(`${label.replace(/\W+/g, '-')}: ${passed} passed, ${failed} failed, ${skipped} skipped`)
