// Checks that wsusctl's shipped PowerShell scripts parse, with the tree-sitter PowerShell grammar loaded
// as WebAssembly (web-tree-sitter), so no native build toolchain is involved.
//
// Each script is parsed twice: on its own, and in the exact shape the tool sends it to a host
// (_preamble.ps1 followed by the script wrapped in an Invoke-WsusctlUnit call, CRLF line ends; see
// PsInvocation.batchText). The second form catches a script that parses alone but breaks its wrapper
// (a stray closing brace ends the -Body block early; an unterminated here-string swallows the rest of the
// batch). All scripts are also parsed together in one batch, as a full health run sends them.
//
// Usage:
//   node check.mjs [--preamble PATH] [FILE.ps1 ...]   default: every src/main/resources/org/wsusctl/scripts/*.ps1
//   node check.mjs --self-test                        proves the checker fails on the broken fixtures
// Prints 'file:line:col: syntax error near '...'' for each error, then 'N passed, M failed'.
// Exit code: 0 when every check passed, 1 when any failed, 2 on a usage or setup error.

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Parser, Language } from 'web-tree-sitter';

// The grammar is a 1 MB WebAssembly module. V8's optimising tier recompiles it in the background for
// tens of CPU-seconds, and node waits for that at exit; the baseline compiler alone parses these
// scripts in well under a second. Must be set before Parser.init() compiles anything.
v8.setFlagsFromString('--liftoff-only');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const SCRIPTS_DIR = path.join(REPO, 'src', 'main', 'resources', 'org', 'wsusctl', 'scripts');
const PREAMBLE_NAME = '_preamble.ps1';
const FIXTURES = path.join(HERE, 'fixtures');
// The same placeholders a real unit gets: a valid unit id and hex of '{}'.
const UNIT_HEAD = "\r\nInvoke-WsusctlUnit -Unit 'u1' -ArgsHex '7b7d' -Body {\r\n";
const UNIT_TAIL = '\r\n}\r\n';
const SNIPPET_CHARS = 40;

/** Loads the PowerShell grammar once; the wasm file ships inside the tree-sitter-powershell package. */
async function loadParser() {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('tree-sitter-powershell/package.json'));
  const wasm = path.join(pkgDir, 'tree-sitter-powershell.wasm');
  if (!existsSync(wasm)) {
    throw new Error(`${wasm} not found: the installed tree-sitter-powershell does not ship a wasm grammar`);
  }
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(wasm));
  return parser;
}

/** Reads a script the way PsScript/PsInvocation do: UTF-8, BOM dropped, every line end made CRLF. */
function readScript(file) {
  let text = readFileSync(file, 'utf8');
  if (text.startsWith('\uFEFF')) {
    text = text.slice(1);
  }
  return text.replace(/\r\n/g, '\n').replace(/\n/g, '\r\n');
}

function countLines(text) {
  return text.split('\n').length - 1;
}

/**
 * A source made of pieces from several files: maps a line of the combined text back to the file and line
 * it came from, so an error inside a batch names the script that caused it. A wrapper line is blamed on
 * the script it wraps (line 1 for the head, the last line for the tail): an error there means that
 * script broke its wrapper, e.g. with an extra '}' or an unterminated string.
 */
class Source {
  constructor() {
    this.text = '';
    this.pieces = []; // { file, firstLine (0-based in combined text), lines, wrapper: 'head'|'tail'|null }
  }

  add(text, file, wrapper = null) {
    const firstLine = countLines(this.text);
    this.text += text;
    this.pieces.push({ file, firstLine, lines: countLines(text) + 1, scriptLines: null, wrapper });
    return this;
  }

  /** Adds a script inside the Invoke-WsusctlUnit wrapper the batch gives it. */
  addUnit(script, file) {
    const scriptLines = countLines(script.replace(/\r?\n$/, '')) + 1;
    this.add(UNIT_HEAD, file, 'head').add(script, file).add(UNIT_TAIL, file, 'tail');
    for (const p of this.pieces.slice(-3)) {
      p.scriptLines = scriptLines;
    }
    return this;
  }

  locate(row) {
    // Later pieces win: a piece's last line is shared with the first line of the next one.
    for (const p of [...this.pieces].reverse()) {
      if (row >= p.firstLine && row < p.firstLine + p.lines) {
        if (p.wrapper === 'head') {
          return { file: p.file, line: 1, wrapper: true, head: true };
        }
        if (p.wrapper === 'tail') {
          return { file: p.file, line: p.scriptLines, wrapper: true };
        }
        return { file: p.file, line: row - p.firstLine + 1, wrapper: false };
      }
    }
    return { file: '<batch>', line: row + 1, wrapper: true };
  }
}

/** The text at an error: the rest of its line, or for a MISSING token the text just before it. */
function snippet(source, node) {
  let s;
  if (node.isMissing) {
    s = source.text.slice(Math.max(0, node.startIndex - SNIPPET_CHARS), node.startIndex).replace(/\s+/g, ' ').trim();
    return s.length > SNIPPET_CHARS ? '...' + s.slice(-SNIPPET_CHARS) : s;
  }
  s = source.text.slice(node.startIndex).split(/\r?\n/, 1)[0].trim();
  if (s === '') {
    s = source.text.slice(node.startIndex, node.endIndex).replace(/\s+/g, ' ').trim();
  }
  return s.length > SNIPPET_CHARS ? s.slice(0, SNIPPET_CHARS) + '...' : s;
}

// ---- Grammar gaps -------------------------------------------------------------------------------
// tree-sitter-powershell 0.26.4 rejects three constructs that the PowerShell language accepts. Each is
// bridged by a LENGTH-PRESERVING rewrite of the text before parsing (so every reported line and column
// is still the original one); nothing else is relaxed, no error is filtered and no file is skipped.
// README.md explains each gap; --self-test proves each rewrite is still needed and still lets a real
// error through. Remove a rewrite when a grammar upgrade makes its self-test report it as unneeded.

/**
 * Gap 1: command parameter names may contain digits in PowerShell (as '-ArgsB64' did, the batch
 * wrapper's before it sent hex), but the grammar's command_parameter token allows only letters, '_', '?', '-' and '`';
 * the digits then lex as a redirection operator ('4>') with a MISSING '>'. Digits inside a
 * '-Name' token (whitespace before it, a letter first) become '_', which the token allows.
 */
function bridgeParameterDigits(text) {
  return text.replace(/(?<=[\s(])-[A-Za-z_][A-Za-z0-9_]*\d[A-Za-z0-9_]*/g, (m) => m.replace(/\d/g, '_'));
}

/**
 * Gap 2: numeric multipliers are case-insensitive in PowerShell ('1KB' is the usual spelling), but the
 * grammar's number tokens accept only lower-case 'kb' .. 'pb'. Such a suffix right after digits is
 * lower-cased.
 */
function bridgeMultiplierCase(text) {
  return text.replace(/(?<![\w$.])(\d+(?:\.\d+)?)([kKmMgGtTpP][bB])(?![\w])/g, (m, n, suffix) => n + suffix.toLowerCase());
}

/**
 * Gap 3: in PowerShell a switch clause's block may be followed by the next clause on the same line
 * ("switch ($s) { 'A' { 1 } 'B' { 2 } default { 3 } }"); the statement terminator after a clause is
 * optional in the language specification, but the grammar requires a newline or ';' there. Guided by
 * the parse tree, not by text patterns: inside a switch body that has an error, the one blank after a
 * clause's closing '}' that is followed on the same line by more clause text becomes ';' (an identity
 * for PowerShell), then the text is parsed again.
 */
function bridgeSwitchClauses(parser, text) {
  const MAX_ROUNDS = 64;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const tree = parser.parse(text);
    const spots = [];
    const visit = (node, inSwitchBody) => {
      const body = node.type === 'switch_body' && node.hasError;
      if (inSwitchBody && node.type === 'statement_block') {
        const p = node.parent?.type;
        if (p === 'switch_clause' || p === 'ERROR') {
          const after = node.endIndex;
          if ((text[after] === ' ' || text[after] === '\t') && /^[ \t]*[^\s};]/.test(text.slice(after, after + 200))) {
            spots.push(after);
          }
        }
        return; // a nested block is the clause's own code, not the switch body
      }
      if (node.hasError || node.isError) {
        for (const child of node.children) {
          visit(child, body || (inSwitchBody && node.type !== 'switch_statement'));
        }
      }
    };
    visit(tree.rootNode, false);
    tree.delete();
    if (spots.length === 0) {
      return text;
    }
    // startIndex/endIndex are UTF-16 offsets here, the same units as String.slice.
    let out = text;
    for (const at of spots) {
      out = out.slice(0, at) + ';' + out.slice(at + 1);
    }
    text = out;
  }
  return text;
}

/** Applies every grammar-gap rewrite; the result has the same length and line structure as the input. */
function bridgeGrammarGaps(parser, text) {
  const bridged = bridgeSwitchClauses(parser, bridgeMultiplierCase(bridgeParameterDigits(text)));
  if (bridged.length !== text.length) {
    throw new Error('internal: a grammar-gap rewrite changed the text length');
  }
  return bridged;
}

/**
 * Where to report an ERROR region. Tree-sitter's recovery often opens the region well before the
 * mistake (at the top of the file for an unterminated string), so the leading children that are
 * comments, whole lines that parsed cleanly, or the batch wrapper's head are passed over: the report
 * lands on the first line where the parse actually went wrong.
 */
function errorStart(source, node) {
  const kids = node.children;
  for (let i = 0; i < kids.length - 1; i++) {
    const c = kids[i];
    const next = kids[i + 1];
    const cleanLine = !c.hasError && !c.isError && next.startPosition.row > c.endPosition.row;
    const inHead = source.locate(c.startPosition.row).head;
    if (!(c.type === 'comment' || cleanLine || inHead)) {
      return c;
    }
  }
  return kids.length > 0 ? kids[kids.length - 1] : node;
}

/** Every ERROR and MISSING node; descends only into subtrees tree-sitter marks as containing one. */
function syntaxErrors(parser, source, label, { bridge = true } = {}) {
  const text = bridge ? bridgeGrammarGaps(parser, source.text) : source.text;
  const tree = parser.parse(text);
  const errors = [];
  const visit = (node) => {
    if (node.isMissing || node.isError) {
      const at = node.isError ? errorStart(source, node) : node;
      const { file, line, wrapper } = source.locate(at.startPosition.row);
      const col = wrapper ? 1 : at.startPosition.column + 1;
      const what = (node.isMissing ? ` (missing '${node.type}')` : '')
          + (wrapper ? ' (in the Invoke-WsusctlUnit wrapper around this script)' : '');
      errors.push(`${file}:${line}:${col}: syntax error near '${snippet(source, at)}'${what}`
          + (label ? ` [${label}]` : ''));
      if (node.isError) {
        return; // one report per ERROR region; its inner nodes are the same mistake
      }
    }
    if (node.hasError) {
      for (const child of node.children) {
        visit(child);
      }
    }
  };
  visit(tree.rootNode);
  tree.delete();
  return errors;
}

/** The list of checks for a set of files: each alone, each as one batch unit, and all in one batch. */
function planChecks(files, preambleFile) {
  const checks = [];
  const units = files.filter((f) => path.basename(f) !== PREAMBLE_NAME);
  const preamble = preambleFile ? readScript(preambleFile) : null;
  for (const f of files) {
    checks.push({ name: path.basename(f), label: 'standalone', source: () => new Source().add(readScript(f), f) });
  }
  if (preamble !== null) {
    const batch = (list) => {
      const s = new Source().add(preamble, preambleFile);
      for (const f of list) {
        s.addUnit(readScript(f), f);
      }
      return s;
    };
    for (const f of units) {
      checks.push({ name: path.basename(f), label: 'batch', source: () => batch([f]) });
    }
    if (units.length > 1) {
      checks.push({ name: `${units.length} units`, label: 'one batch', source: () => batch(units) });
    }
  }
  return checks;
}

/** Runs checks; returns { passed, failed, errors } and, when out is given, prints progress to it. */
function runChecks(parser, checks, out, options = {}) {
  let passed = 0;
  let failed = 0;
  const errors = [];
  for (const c of checks) {
    const errs = syntaxErrors(parser, c.source(), c.label, options);
    if (errs.length === 0) {
      passed++;
      out?.(`ok   ${c.name} (${c.label})`);
    } else {
      failed++;
      out?.(`FAIL ${c.name} (${c.label})`);
      for (const e of errs) {
        out?.(`  ${e}`);
      }
      if (c.label === 'one batch') {
        out?.('  (in one batch an unclosed string or block in one unit can surface in a later unit; see its own batch check)');
      }
      errors.push(...errs);
    }
  }
  return { passed, failed, errors };
}

function defaultFiles() {
  if (!existsSync(SCRIPTS_DIR)) {
    throw new Error(`${SCRIPTS_DIR} not found: expected the shipped scripts there`);
  }
  return readdirSync(SCRIPTS_DIR).filter((n) => n.endsWith('.ps1')).sort().map((n) => path.join(SCRIPTS_DIR, n));
}

/**
 * Proves the checker can fail: every fixture named broken*.ps1 must fail both alone and in batch form,
 * with an error located inside that fixture, and good.ps1 must pass both ways.
 */
function selfTest(parser) {
  const preamble = path.join(SCRIPTS_DIR, PREAMBLE_NAME);
  const problems = [];
  const broken = readdirSync(FIXTURES).filter((n) => /^broken.*\.ps1$/.test(n)).sort();
  if (broken.length === 0) {
    problems.push(`no broken*.ps1 fixture in ${FIXTURES}`);
  }
  for (const name of broken) {
    const file = path.join(FIXTURES, name);
    const lines = countLines(readScript(file)) + 1;
    for (const c of planChecks([file], preamble)) {
      const r = runChecks(parser, [c]);
      if (r.failed !== 1) {
        problems.push(`${name} (${c.label}) parsed without error; the checker must reject it`);
        continue;
      }
      // The error must be blamed on the fixture, within its lines, not on the preamble or the wrapper.
      const blamed = r.errors.filter((e) => {
        const m = e.match(/^(.*):(\d+):(\d+): syntax error near '.*'/);
        return m && m[1] === file && Number(m[2]) >= 1 && Number(m[2]) <= lines;
      });
      if (blamed.length === 0) {
        problems.push(`${name} (${c.label}) failed, but no error names ${file}: ${r.errors.join(' | ')}`);
      }
    }
  }
  // Each grammar-gap fixture is valid PowerShell: the raw grammar must still reject it (else the
  // rewrite is no longer needed and should go), and with the rewrites it must pass both ways.
  const gaps = readdirSync(FIXTURES).filter((n) => /^gap-.*\.ps1$/.test(n)).sort();
  if (gaps.length !== 3) {
    problems.push(`expected 3 gap-*.ps1 fixtures (one per grammar gap), found ${gaps.length}`);
  }
  for (const name of gaps) {
    const file = path.join(FIXTURES, name);
    const [alone, inBatch] = planChecks([file], preamble);
    if (runChecks(parser, [alone], undefined, { bridge: false }).failed !== 1) {
      problems.push(`${name} now parses without the grammar-gap rewrites: remove the rewrite it covers`);
    }
    const bridged = runChecks(parser, [alone, inBatch]);
    if (bridged.failed !== 0) {
      problems.push(`${name} should pass with the grammar-gap rewrites: ${bridged.errors.join(' | ')}`);
    }
  }
  const good = path.join(FIXTURES, 'good.ps1');
  const r = runChecks(parser, planChecks([good], preamble));
  if (r.failed !== 0 || r.passed !== 2) {
    problems.push(`good.ps1 should pass alone and in batch form: ${r.passed} passed, ${r.failed} failed; ${r.errors.join(' | ')}`);
  }
  for (const p of problems) {
    console.log(`self-test: ${p}`);
  }
  console.log(problems.length === 0
    ? `self-test: ok (${broken.length} broken fixture(s) rejected alone and in batch form, `
      + `${gaps.length} grammar gap(s) still present and bridged, good.ps1 accepted)`
    : `self-test: FAILED (${problems.length} problem(s)); the checker cannot be trusted`);
  return problems.length === 0 ? 0 : 1;
}

async function main(argv) {
  const files = [];
  let preambleFile = path.join(SCRIPTS_DIR, PREAMBLE_NAME);
  let self = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--self-test') {
      self = true;
    } else if (a === '--preamble' && i + 1 < argv.length) {
      preambleFile = path.resolve(argv[++i]);
    } else if (a === '--no-batch') {
      preambleFile = null;
    } else if (a.startsWith('-')) {
      console.error(`unknown option ${a}; usage: node check.mjs [--self-test] [--preamble PATH | --no-batch] [FILE.ps1 ...]`);
      return 2;
    } else {
      files.push(path.resolve(a));
    }
  }
  const parser = await loadParser();
  if (self) {
    return selfTest(parser);
  }
  for (const f of [...files, ...(preambleFile ? [preambleFile] : [])]) {
    if (!existsSync(f)) {
      console.error(`${f} not found`);
      return 2;
    }
  }
  const targets = files.length > 0 ? files : defaultFiles();
  if (targets.length === 0) {
    console.error('no .ps1 files to check');
    return 2;
  }
  const rel = (line) => line.split(REPO + path.sep).join('');
  const r = runChecks(parser, planChecks(targets, preambleFile), (line) => console.log(rel(line)));
  console.log(`${r.passed} passed, ${r.failed} failed`);
  return r.failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (err) => {
  console.error(`ps-syntax: ${err.message}`);
  process.exitCode = 2;
});
