/**
 * Metric names in PromQL and in Prometheus' text exposition format, for checking a dashboard against what
 * the code exports. Not a PromQL parser: it removes what cannot be a metric name (strings, label matchers,
 * ranges, grouping clauses, Grafana variables, numbers) and keeps identifiers that are not PromQL words.
 */

const PROMQL_WORDS = new Set([
  // aggregations and their modifiers
  ...[
    'sum',
    'min',
    'max',
    'avg',
    'group',
    'stddev',
    'stdvar',
    'count',
    'count_values',
    'bottomk',
    'topk',
    'quantile',
  ],
  ...[
    'limitk',
    'limit_ratio',
    'by',
    'without',
    'on',
    'ignoring',
    'group_left',
    'group_right',
    'bool',
    'offset',
  ],
  ...['and', 'or', 'unless', 'atan2'],
  // functions
  ...[
    'abs',
    'absent',
    'absent_over_time',
    'ceil',
    'changes',
    'clamp',
    'clamp_max',
    'clamp_min',
    'day_of_month',
  ],
  ...['day_of_week', 'day_of_year', 'days_in_month', 'delta', 'deriv', 'exp', 'floor', 'histogram_avg'],
  ...['histogram_count', 'histogram_fraction', 'histogram_quantile', 'histogram_stddev', 'histogram_stdvar'],
  ...[
    'histogram_sum',
    'hour',
    'idelta',
    'increase',
    'irate',
    'label_join',
    'label_replace',
    'ln',
    'log2',
    'log10',
  ],
  ...[
    'minute',
    'month',
    'predict_linear',
    'rate',
    'resets',
    'round',
    'scalar',
    'sgn',
    'sort',
    'sort_desc',
    'sqrt',
  ],
  ...[
    'time',
    'timestamp',
    'vector',
    'year',
    'avg_over_time',
    'min_over_time',
    'max_over_time',
    'sum_over_time',
  ],
  ...['count_over_time', 'quantile_over_time', 'stddev_over_time', 'stdvar_over_time', 'last_over_time'],
  ...['present_over_time', 'inf', 'nan'],
]);

export function metricNamesInPromql(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ')
    .replace(/\b\d+(ms|s|m|h|d|w|y)\b/g, ' ')
    .replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/gi, ' ');
  const identifiers = stripped.match(/[A-Za-z_:][A-Za-z0-9_:]*/g) ?? [];
  return [...new Set(identifiers.filter((word) => !PROMQL_WORDS.has(word.toLowerCase())))];
}

/**
 * Series names a scrape can hold: every sample's name, and for each `# TYPE` line the names its type
 * implies, so a histogram that has no observation yet still counts with its _bucket, _sum and _count.
 */
export function metricNamesInExposition(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const typed = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (typed) {
      const [, name = '', type] = typed;
      names.add(name);
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
      if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
      continue;
    }
    const sample = /^([A-Za-z_:][A-Za-z0-9_:]*)[{ ]/.exec(line);
    if (sample?.[1]) names.add(sample[1]);
  }
  return names;
}
