import * as assert from 'node:assert/strict';
import {
  buildExcludes,
  cleanPath,
  IgnoreMatcher,
  IgnorePatternError,
  readIgnoreFile,
} from '../../../src/extension/docker/dockerignore';

/** Whether `file` is left out of the context by an ignore file with this text. */
function excluded(text: string, file: string): boolean {
  return new IgnoreMatcher(readIgnoreFile(text)).excludes(file);
}

function check(text: string, expectations: Record<string, boolean>): void {
  for (const [file, expected] of Object.entries(expectations)) {
    assert.equal(excluded(text, file), expected, `${JSON.stringify(text)} on ${file}`);
  }
}

describe('dockerignore', () => {
  describe('reading the file', () => {
    it('drops comments and blank lines, trims, cleans, and strips a leading slash', () => {
      const text = '\uFEFF# a comment\n\n  foo/  \r\n/bar\n./baz/../qux\n!  /keep.txt \n\t\n';
      assert.deepEqual(readIgnoreFile(text), ['foo', 'bar', 'qux', '!keep.txt']);
    });

    it('treats # as a comment only in the first column', () => {
      assert.deepEqual(readIgnoreFile('  #notcomment\n#comment'), ['#notcomment']);
      check('  #notcomment', { '#notcomment': true, notcomment: false });
    });

    it('cleans paths like Go: dots, doubled slashes, parents', () => {
      assert.equal(cleanPath('a//b/./c/'), 'a/b/c');
      assert.equal(cleanPath('a/../../b'), '../b');
      assert.equal(cleanPath('/../a'), '/a');
      assert.equal(cleanPath('./'), '.');
      assert.equal(cleanPath(''), '.');
    });
  });

  describe('matching', () => {
    it('a name excludes that file or folder and everything below it', () => {
      check('node_modules', {
        node_modules: true,
        'node_modules/a/b.js': true,
        'src/node_modules': false,
        node_modules2: false,
      });
    });

    it('matches from the context root only, with or without a leading slash or ./', () => {
      for (const pattern of ['foo/bar', '/foo/bar', './foo/bar', 'foo//bar/']) {
        check(pattern, { 'foo/bar': true, 'foo/bar/x': true, 'x/foo/bar': false, foo: false });
      }
    });

    it('* stays within one segment (documented: */temp*)', () => {
      check('*/temp*', {
        'somedir/temporary.txt': true,
        'somedir/temp': true,
        'temp.txt': false,
        'a/b/temp.txt': false,
      });
    });

    it('*/*/temp* reaches two levels down', () => {
      check('*/*/temp*', { 'a/b/temp.txt': true, 'a/temp.txt': false, 'a/b/c/temp.txt': false });
    });

    it('? is one character other than /', () => {
      check('temp?', { tempa: true, tempb: true, temp: false, tempab: false, 'temp/': false });
      check('a?b', { 'a/b': false, axb: true });
    });

    it('** matches any number of folders, none included', () => {
      check('**/*.go', { 'main.go': true, 'cmd/x/main.go': true, 'main.goo': false });
      check('a/**/b', { 'a/b': true, 'a/x/b': true, 'a/x/y/b': true, 'a/x/y/b/c': true, 'a/xb': false });
      check('**/vendor', { vendor: true, 'x/vendor': true, 'x/vendor/y': true, 'x/avendor': false });
    });

    it('a trailing ** is a prefix, and ** alone is everything', () => {
      check('foo/**', { 'foo/a': true, 'foo/a/b': true, foobar: false });
      check('foo**', { foobar: true, 'foo/a': true, fo: false });
      check('**', { a: true, 'a/b/c': true });
      check('*', { a: true, 'a/b/c': true });
    });

    it('character classes and ranges', () => {
      check('[a-c].txt', { 'a.txt': true, 'c.txt': true, 'd.txt': false });
      check('file[^0-9]', { filex: true, file1: false });
      check('x[/]y', { 'x/y': true });
    });

    it('escapes characters special to regular expressions', () => {
      check('a.b', { 'a.b': true, axb: false });
      check('*.min.(js)', { 'x.min.(js)': true, 'x.minX(js)': false });
      check('a+b|c', { 'a+b|c': true, aab: false });
      check('$x{1}', { '$x{1}': true, $x: false });
    });

    it('! re-includes, and the last matching pattern wins', () => {
      check('*.md\n!README.md', { 'README.md': false, 'CHANGES.md': true });
      check('*.md\n!README*.md\nREADME-secret.md', {
        'README-secret.md': true,
        'README-public.md': false,
        'other.md': true,
      });
      check('!README.md\n*.md', { 'README.md': true });
    });

    it('an exception re-includes a file inside an excluded folder', () => {
      check('docs\n!docs/keep.md', { 'docs/keep.md': false, 'docs/other.md': true, docs: true });
    });

    it('an exception for a folder re-includes what is below it', () => {
      check('*\n!src', { src: false, 'src/a/b.ts': false, 'lib/x': true, 'package.json': true });
    });

    it('a later exclusion below a re-included folder applies again', () => {
      check('*\n!src\nsrc/**/*.test.ts', { 'src/a.ts': false, 'src/x/a.test.ts': true });
    });

    it('matches against cleaned paths', () => {
      check('a/b', { './a/b': true, 'a//b': true, 'a/./b/c': true });
    });

    it('unicode names', () => {
      check('ünï?ode', { ünïcode: true, ünïxxode: false });
      check('?', { '😀': true });
    });

    it('refuses what Docker refuses', () => {
      assert.throws(() => new IgnoreMatcher(['!']), IgnorePatternError);
      assert.throws(() => new IgnoreMatcher(['[abc']), IgnorePatternError);
    });

    it('stays quick on patterns made to backtrack', () => {
      const matcher = new IgnoreMatcher(['**/**/**/**/**/**/**/**/x*y*z*w']);
      const path = `${'a/'.repeat(40)}${'xyz'.repeat(30)}`;
      const start = Date.now();
      matcher.excludes(path);
      assert.ok(Date.now() - start < 2000);
    });
  });

  describe('folders that must still be walked', () => {
    it('an excluded folder is entered only when an exception names a path inside it', () => {
      const m = new IgnoreMatcher(readIgnoreFile('docs\n!docs/api/keep.md'));
      assert.equal(m.mayReinclude('docs'), true);
      assert.equal(m.mayReinclude('docs/api'), true);
      assert.equal(m.mayReinclude('docs/other'), false);
      assert.equal(m.mayReinclude('doc'), false);
    });

    it('an exception with ** in front does not open excluded folders (as in Docker)', () => {
      const m = new IgnoreMatcher(readIgnoreFile('docs\n!**/keep.md'));
      assert.equal(m.mayReinclude('docs'), false);
    });

    it('without exceptions nothing is re-entered', () => {
      assert.equal(new IgnoreMatcher(['docs']).mayReinclude('docs'), false);
    });
  });

  describe('always-sent files', () => {
    it('adds exceptions for an excluded Dockerfile and .dockerignore only', () => {
      assert.deepEqual(buildExcludes(['*'], ['.dockerignore', 'Dockerfile']), [
        '*',
        '!.dockerignore',
        '!Dockerfile',
      ]);
      assert.deepEqual(buildExcludes(['*.md'], ['.dockerignore', 'Dockerfile']), ['*.md']);
      assert.deepEqual(buildExcludes(['build'], ['build/Dockerfile']), ['build', '!build/Dockerfile']);
    });
  });
});
