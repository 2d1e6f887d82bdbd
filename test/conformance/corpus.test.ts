// Real Dockerfiles that build upstream: the engine must report no error on any of them, and
// must not fail inside a rule.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../src/server/syntax/parser';
import { diagnose } from '../../src/server/rules/diagnose';
import { shellcheckReport } from '../../src/server/rules/shellcheck';
import { holdFloor, loadCorpus } from './support';

describe('conformance: real-world corpus', function () {
  it('no error-severity diagnostic and no rule failure on any corpus file', function () {
    const corpus = loadCorpus();
    if (corpus === undefined) this.skip();
    const failures: string[] = [];
    for (const [name, text] of corpus) {
      const ruleFailures: string[] = [];
      const { findings } = diagnose(parseDockerfile(text), {}, ruleFailures);
      const errors = findings.filter((finding) => finding.severity === 'error');
      for (const error of errors) {
        failures.push(`${name}:${error.range.start.line + 1} ${error.code} ${error.message}`);
      }
      for (const failure of ruleFailures) failures.push(`${name}: rule failed: ${failure}`);
    }
    const files = new Set(failures.map((failure) => failure.split(':')[0]));
    holdFloor(
      'corpus',
      corpus.length,
      [...files].map((file) => failures.filter((f) => f.startsWith(`${file}:`)).join('\n      ')),
    );
    assert.equal(failures.length, 0, failures.join('\n'));
  });

  it('no error-severity ShellCheck finding on any corpus file (when shellcheck is installed)', async function () {
    const corpus = loadCorpus();
    if (corpus === undefined) this.skip();
    const errors: string[] = [];
    for (const [name, text] of corpus) {
      const report = await shellcheckReport(parseDockerfile(text));
      if (report.problem !== undefined) {
        console.log(`  skipped: ${report.problem}`);
        this.skip();
      }
      for (const finding of report.findings.filter((f) => f.severity === 'error')) {
        errors.push(`${name}:${finding.range.start.line + 1} ${finding.code} ${finding.message}`);
      }
    }
    assert.deepEqual(errors, []);
  });
});
