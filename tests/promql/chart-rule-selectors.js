#!/usr/bin/env node
// Regenerates tests/Infra.Tests/Metrics/kube-prometheus-stack-rule-selectors.json: for every default
// rule of kube-prometheus-stack (group, alert or record name), the series selectors its expression reads,
// parsed with the same grammar as selectors.js. Only names are kept, no expressions.
//
// usage: node chart-rule-selectors.js <chart version> <templates/prometheus/rules-1.14 folder> > out.json
// (the folder from prometheus-community/helm-charts at tag kube-prometheus-stack-<version>)
//
// The templates are Helm templates; each expression's template actions are replaced by the chart's
// defaults before parsing: job names and namespaces by placeholder strings (label values do not
// matter here), defaultRules.additionalAggregationLabels (empty by default) by nothing,
// defaultRules.node.fsSelector by its default, thresholds by a number.
'use strict';

const fs = require('fs');
const path = require('path');
const { selectorsOf } = require('./selectors');

function renderDefaults(expr) {
  return expr
    .replace(/\{\{ range \$\.Values\.defaultRules\.additionalAggregationLabels \}\}\{\{ \. \}\},?\{\{ end \}\}/g, '')
    .replace(/\{\{ \$\.Values\.defaultRules\.node\.fsSelector \}\}/g, 'fstype!=""')
    .replace(/\{\{ \$namespaceOperator \}\}/g, '=~')
    .replace(/\{\{ \.Values\.defaultRules\.[A-Za-z]+\.(warning|critical) \}\}/g, '1')
    .replace(/\{\{ \$[A-Za-z]+ \}\}/g, 'placeholder');
}

function unquoteYaml(text) {
  return /^'.*'$/.test(text) ? text.slice(1, -1) : text;
}

function rulesOf(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const rules = [];
  let group = null;
  let current = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m;
    if ((m = /^  - name: (\S+)\s*$/.exec(line))) {
      group = m[1];
    } else if ((m = /^    - (alert|record): (\S+)\s*$/.exec(line))) {
      current = { group, kind: m[1], name: unquoteYaml(m[2]) };
      rules.push(current);
    } else if ((m = /^      (alert|record): (\S+)\s*$/.exec(line)) && current && current.name === undefined) {
      // a rule written expr first: "- expr: ..." then "record: name"
      current.kind = m[1];
      current.name = unquoteYaml(m[2]);
    } else if ((m = /^(\s+)(?:- )?expr: ?(.*)$/.exec(line))) {
      if (/^    - expr:/.test(line)) {
        current = { group };
        rules.push(current);
      }
      const indent = m[1].length + (line.trimStart().startsWith("- ") ? 2 : 0);
      let body = m[2];
      if (body.trim() === '|-' || body.trim() === '|') {
        const block = [];
        while (i + 1 < lines.length && (lines[i + 1].trim() === '' || lines[i + 1].length - lines[i + 1].trimStart().length > indent)) {
          block.push(lines[++i]);
        }
        body = block.join('\n');
      }
      current.expr = renderDefaults(body);
    }
  }
  return rules;
}

function main() {
  const [version, folder] = process.argv.slice(2);
  if (!version || !folder) {
    process.stderr.write('usage: node chart-rule-selectors.js <chart version> <templates/prometheus/rules-1.14 folder>\n');
    process.exit(2);
  }
  const out = [];
  for (const file of fs.readdirSync(folder).filter(f => f.endsWith('.yaml')).sort()) {
    for (const rule of rulesOf(path.join(folder, file))) {
      if (rule.expr === undefined) throw new Error(`${file}: ${rule.name} has no expr`);
      const parsed = selectorsOf(rule.expr);
      if (parsed.error) throw new Error(`${file}: ${rule.name}: ${parsed.error}`);
      const selectors = [];
      for (const s of parsed.selectors) {
        const entry = s.name !== undefined ? { name: s.name } : { nameMatchers: s.nameMatchers };
        if (!selectors.some(e => JSON.stringify(e) === JSON.stringify(entry))) selectors.push(entry);
      }
      out.push({ file, group: rule.group, [rule.kind]: rule.name, selectors });
    }
  }
  const document = {
    chart: 'kube-prometheus-stack',
    version,
    source: `prometheus-community/helm-charts tag kube-prometheus-stack-${version}, charts/kube-prometheus-stack/templates/prometheus/rules-1.14/`,
    generator: 'tests/promql/chart-rule-selectors.js (names only; no expressions)',
    rules: out,
  };
  process.stdout.write(JSON.stringify(document, null, 1) + '\n');
}

main();
