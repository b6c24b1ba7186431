/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: it throws on anything a Prometheus
 * server would reject (bad names, bad escapes, samples without a TYPE, duplicate series, families split apart,
 * histograms whose buckets are not cumulative or lack +Inf == _count).
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
  /** the value of the one series matching name and labels (a subset match), or undefined */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** the sum over every series of `name` matching the labels subset */
  sum(name: string, labels?: Record<string, string>): number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePrometheusText(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const samples: Sample[] = [];
  const seen = new Set<string>();
  const closedFamilies = new Set<string>();
  let current: string | undefined;
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, index) => {
    const where = `line ${index + 1}: ${line}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const match = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!match) return; // plain comment
      const [, kind, name, rest = ''] = match;
      if (!METRIC_NAME.test(name)) throw new Error(`bad metric name: ${where}`);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`bad type: ${where}`);
        if (types.has(name)) throw new Error(`second TYPE: ${where}`);
        types.set(name, rest);
      } else {
        if (helps.has(name)) throw new Error(`second HELP: ${where}`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`bad escape in HELP: ${where}`);
        helps.add(name);
      }
      enter(name, where);
      return;
    }
    const sample = parseSample(line, where);
    const family = familyOf(sample.name, types);
    if (!family) throw new Error(`sample without TYPE: ${where}`);
    enter(family, where);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) throw new Error(`duplicate series: ${where}`);
    seen.add(key);
    samples.push(sample);
  });
  checkHistograms(types, samples);

  function enter(family: string, where: string): void {
    if (family === current) return;
    if (closedFamilies.has(family)) throw new Error(`family ${family} is split apart: ${where}`);
    if (current) closedFamilies.add(current);
    current = family;
  }

  const matches = (sample: Sample, name: string, labels: Record<string, string>) =>
    sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value);
  return {
    types,
    samples,
    value(name, labels = {}) {
      const found = samples.filter((sample) => matches(sample, name, labels));
      if (found.length > 1) throw new Error(`${found.length} series of ${name} match ${JSON.stringify(labels)}`);
      return found[0]?.value;
    },
    sum(name, labels = {}) {
      return samples.filter((sample) => matches(sample, name, labels)).reduce((total, sample) => total + sample.value, 0);
    },
  };
}

function parseSample(line: string, where: string): Sample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (!nameMatch) throw new Error(`bad sample name: ${where}`);
  const name = nameMatch[0];
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    let i = 1;
    while (rest[i] !== '}') {
      const labelMatch = /^([^=]+)="/.exec(rest.slice(i));
      if (!labelMatch || !LABEL_NAME.test(labelMatch[1])) throw new Error(`bad label: ${where}`);
      i += labelMatch[0].length;
      let value = '';
      for (;;) {
        const ch = rest[i];
        if (ch === undefined) throw new Error(`unterminated label value: ${where}`);
        if (ch === '"') break;
        if (ch === '\\') {
          const next = rest[i + 1];
          if (next === 'n') value += '\n';
          else if (next === '\\' || next === '"') value += next;
          else throw new Error(`bad escape in label value: ${where}`);
          i += 2;
          continue;
        }
        if (ch === '\n') throw new Error(`raw newline in label value: ${where}`);
        value += ch;
        i += 1;
      }
      i += 1;
      if (labelMatch[1] in labels) throw new Error(`repeated label: ${where}`);
      labels[labelMatch[1]] = value;
      if (rest[i] === ',') i += 1;
      else if (rest[i] !== '}') throw new Error(`expected , or }: ${where}`);
    }
    rest = rest.slice(i + 1);
  }
  const valueMatch = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
  if (!valueMatch) throw new Error(`bad value: ${where}`);
  return { name, labels, value: parseValue(valueMatch[1], where) };
}

/** Prometheus reads values with Go's strconv.ParseFloat: Inf and NaN in any case (prom-client writes "Nan"). */
function parseValue(text: string, where: string): number {
  if (/^\+?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad number: ${where}`);
  return Number(text);
}

function familyOf(sampleName: string, types: Map<string, string>): string | undefined {
  if (types.has(sampleName)) return sampleName;
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (!sampleName.endsWith(suffix)) continue;
    const base = sampleName.slice(0, -suffix.length);
    const type = types.get(base);
    if (type === 'histogram' || (type === 'summary' && suffix !== '_bucket')) return base;
  }
  return undefined;
}

function checkHistograms(types: Map<string, string>, samples: Sample[]): void {
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const groups = new Map<string, { le: number; value: number }[]>();
    const counts = new Map<string, number>();
    for (const sample of samples) {
      const { le, ...rest } = sample.labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      if (sample.name === `${family}_bucket`) {
        if (le === undefined) throw new Error(`${family}_bucket without le`);
        const buckets = groups.get(key) ?? [];
        buckets.push({ le: parseValue(le, `${family} le`), value: sample.value });
        groups.set(key, buckets);
      } else if (sample.name === `${family}_count`) counts.set(key, sample.value);
    }
    for (const [key, buckets] of groups) {
      for (let i = 1; i < buckets.length; i++) {
        if (buckets[i].le <= buckets[i - 1].le) throw new Error(`${family}${key}: le not increasing`);
        if (buckets[i].value < buckets[i - 1].value) throw new Error(`${family}${key}: buckets not cumulative`);
      }
      const last = buckets[buckets.length - 1];
      if (last.le !== Infinity) throw new Error(`${family}${key}: no +Inf bucket`);
      if (counts.get(key) !== last.value) throw new Error(`${family}${key}: +Inf bucket != _count`);
    }
  }
}
