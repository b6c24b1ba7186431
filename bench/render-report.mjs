#!/usr/bin/env node
// Re-renders a report from saved raw numbers (no load is run); each CPU profile is re-summarized when its file
// is still there. Usage: node bench/render-report.mjs [results.json=bench/results/latest.json] [report=bench/REPORT.md]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { judge } from './lib/goals.mjs';
import { readingOf } from './lib/reading.mjs';
import { renderReport } from './lib/report.mjs';
import { summarizeProfile } from './profile-summary.mjs';

const root = new URL('..', import.meta.url).pathname;
const [input = `${root}bench/results/latest.json`, output = `${root}bench/REPORT.md`] = process.argv.slice(2);
const results = JSON.parse(readFileSync(input, 'utf8'));
for (const profile of results.profiles ?? []) {
  if (profile.path && existsSync(profile.path)) profile.summary = summarizeProfile(JSON.parse(readFileSync(profile.path, 'utf8')), 15);
}
results.verdicts = judge(results);
results.reading = readingOf(results);
writeFileSync(output, renderReport(results, results.verdicts));
console.log(`wrote ${output}`);
