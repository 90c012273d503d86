#!/usr/bin/env node
// Lists the series selectors of PromQL expressions by walking the syntax tree of Prometheus's own
// Lezer grammar (@prometheus-io/lezer-promql, the parser of the Prometheus web UI).
//
// stdin:  a JSON array of {"id": string, "expr": string, "kind"?: "promql" | "grafana-variable"}
// stdout: a JSON array, one entry per input in the same order:
//   {"id", "error": "..."}                      the expression does not parse
//   {"id", "selectors": [{"text", "matrix", "name"?, "nameMatchers": [{"op", "value"}], "variable"?}]}
//     name:         the metric name written before the braces, or as a quoted name inside them
//     nameMatchers: every __name__ matcher (=, !=, =~, !~) with its unquoted value
//     variable:     the Grafana variable that stands for the metric name, when one does
//     matchers:     every other label matcher, {"label", "op", "value"} (value unquoted)
//
// Grafana variables outside string literals are replaced before parsing by placeholders the grammar
// accepts ($__rate_interval and friends by a duration, $__range_s by a number, any other by an
// identifier that is reported back as "variable"); inside string literals they stay as written.
// kind "grafana-variable" is a Grafana templating query: label_values(selector, label) parses its
// selector, query_result(expr) its expression; label_values(label), label_names() and metrics(regex)
// read no series by name and yield no selectors.
'use strict';

const { parser } = require('@prometheus-io/lezer-promql');

const durationVariables = new Set(['__interval', '__rate_interval', '__range']);
const numberVariables = new Set(['__interval_ms', '__range_ms', '__range_s']);
const placeholderPrefix = 'grafana_variable__';

function readStdin() {
  return require('fs').readFileSync(0, 'utf8');
}

// Replaces Grafana variables outside string literals and comments. Returns the new text.
function substituteVariables(text) {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        j += c !== '`' && text[j] === '\\' ? 2 : 1;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    const variable = matchVariable(text, i);
    if (variable) {
      out += placeholderFor(variable.name);
      i += variable.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

// $name, ${name}, ${name:format}, [[name]] at position i, or null.
function matchVariable(text, i) {
  const rest = text.slice(i);
  let m = /^\$\{([A-Za-z0-9_]+)(?::[^}]*)?\}/.exec(rest) || /^\$([A-Za-z0-9_]+)/.exec(rest) || /^\[\[([A-Za-z0-9_]+)(?::[^\]]*)?\]\]/.exec(rest);
  return m ? { name: m[1], length: m[0].length } : null;
}

function placeholderFor(name) {
  if (durationVariables.has(name)) return '5m';
  if (numberVariables.has(name)) return '1';
  return placeholderPrefix + name;
}

function unquote(literal) {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  // Go's escapes, as far as names and regexes use them, are JSON's; a single-quoted body is
  // re-quoted with double quotes first.
  const doubleQuoted = quote === '"' ? literal : '"' + body.replace(/\\'/g, "'").replace(/(^|[^\\])"/g, '$1\\"') + '"';
  try {
    return JSON.parse(doubleQuoted);
  } catch {
    return body;
  }
}

function textOf(source, node) {
  return source.slice(node.from, node.to);
}

function childrenOf(node) {
  const list = [];
  for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
  return list;
}

function describeSelector(source, node) {
  const selector = { text: textOf(source, node), matrix: node.parent !== null && node.parent.name === 'MatrixSelector', nameMatchers: [], matchers: [] };
  for (const child of childrenOf(node)) {
    if (child.name === 'Identifier') {
      selector.name = textOf(source, child);
    } else if (child.name === 'LabelMatchers') {
      for (const matcher of childrenOf(child)) {
        const parts = childrenOf(matcher);
        if (matcher.name === 'QuotedLabelName') {
          // {"metric.name", ...}: a quoted metric name on its own.
          const literal = parts.find(p => p.name === 'StringLiteral');
          selector.name = unquote(textOf(source, literal || matcher));
          continue;
        }
        if (matcher.name !== 'UnquotedLabelMatcher' && matcher.name !== 'QuotedLabelMatcher') continue;
        const label = parts.find(p => p.name === 'LabelName' || p.name === 'QuotedLabelName');
        const op = parts.find(p => p.name === 'MatchOp');
        const value = parts.filter(p => p.name === 'StringLiteral').pop();
        if (!label || !op || !value) continue;
        let labelName = textOf(source, label);
        if (label.name === 'QuotedLabelName') labelName = unquote(labelName);
        if (labelName === '__name__') {
          selector.nameMatchers.push({ op: textOf(source, op), value: unquote(textOf(source, value)) });
        } else {
          selector.matchers.push({ label: labelName, op: textOf(source, op), value: unquote(textOf(source, value)) });
        }
      }
    }
  }
  const equality = selector.nameMatchers.find(m => m.op === '=');
  if (selector.name === undefined && equality) selector.name = equality.value;
  if (selector.name !== undefined && selector.name.startsWith(placeholderPrefix)) {
    selector.variable = selector.name.slice(placeholderPrefix.length);
    delete selector.name;
  }
  return selector;
}

function firstError(tree, source) {
  let error = null;
  tree.iterate({
    enter(node) {
      if (error) return false;
      if (node.type.isError) {
        error = `syntax error at character ${node.from + 1}: ${JSON.stringify(source.slice(Math.max(0, node.from - 20), node.from + 20))}`;
        return false;
      }
      return undefined;
    },
  });
  return error;
}

function selectorsOf(expr) {
  const source = substituteVariables(expr);
  if (source.trim() === '') return { error: 'empty expression' };
  const tree = parser.parse(source);
  const error = firstError(tree, source);
  if (error) return { error };
  const selectors = [];
  const cursor = tree.cursor();
  do {
    if (cursor.name === 'VectorSelector') selectors.push(describeSelector(source, cursor.node));
  } while (cursor.next());
  return { selectors };
}

// A Grafana Prometheus templating query: what it reads, as a PromQL expression, or null when it reads
// no series by name. Grafana's own forms: label_names(), label_values(label),
// label_values(selector, label), metrics(regex), query_result(expr).
function grafanaVariableQuery(query) {
  const text = query.trim();
  const call = /^([a-z_]+)\s*\(([\s\S]*)\)$/.exec(text);
  if (!call) return { expr: text };
  const [, fn, args] = call;
  switch (fn) {
    case 'label_names':
    case 'metrics':
      return { expr: null };
    case 'query_result':
      return { expr: args };
    case 'label_values': {
      const comma = args.lastIndexOf(',');
      if (comma < 0) return { expr: null };
      const label = args.slice(comma + 1).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(label)) return { error: `label_values: "${label}" is not a label name` };
      return { expr: args.slice(0, comma) };
    }
    default:
      return { expr: text };
  }
}

function main() {
  const input = JSON.parse(readStdin());
  if (!Array.isArray(input)) throw new Error('stdin must be a JSON array of {"id", "expr"}');
  const output = input.map(entry => {
    if (typeof entry.expr !== 'string') return { id: entry.id, error: 'expr is not a string' };
    if (entry.kind === 'grafana-variable') {
      const query = grafanaVariableQuery(entry.expr);
      if (query.error) return { id: entry.id, error: query.error };
      if (query.expr === null) return { id: entry.id, selectors: [] };
      return { id: entry.id, ...selectorsOf(query.expr) };
    }
    return { id: entry.id, ...selectorsOf(entry.expr) };
  });
  process.stdout.write(JSON.stringify(output));
}

if (require.main === module) {
  main();
}

module.exports = { selectorsOf };
