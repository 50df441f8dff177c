/**
 * The Grafana dashboard (shared by compose and the chart) queries only metrics ScalaCast exports: checked
 * against the registries built as the processes build them, and against a live /metrics scrape of a real
 * all-in-one process (origin and worker metrics on one registry).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOriginMetrics } from '../../origin/http/metrics.js';
import { createMetricsRegistry } from '../../packager/platform/metrics.js';
import { createWorkerMetrics } from '../../workers/worker-metrics.js';
import { startScalacast, type ScalacastProcess } from '../setup/scalacast-process.js';
import { chartDir } from './chart-model.js';
import { metricNamesInExposition, metricNamesInPromql } from './promql-names.js';

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: Array<{ refId: string; expr: string; datasource?: { uid: string } }>;
  panels?: Panel[];
}

const dashboardFile = path.join(chartDir, 'files', 'grafana', 'scalacast-dashboard.json');
const dashboard = JSON.parse(await fs.readFile(dashboardFile, 'utf8')) as { uid: string; panels: Panel[] };
const allPanels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
const queries = allPanels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
);
const queried = new Set(queries.flatMap(({ expr }) => metricNamesInPromql(expr)));

/** Series Prometheus itself adds to every scrape; no code exports them. */
const PROMETHEUS_SERIES = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped']);
const notIn = (exported: Set<string>) =>
  queries.flatMap(({ panel, expr }) =>
    metricNamesInPromql(expr)
      .filter((name) => !exported.has(name) && !PROMETHEUS_SERIES.has(name))
      .map((name) => `${panel}: ${name}`),
  );

describe('metric names in PromQL', () => {
  it('finds metric names and ignores functions, labels, ranges, groupings and variables', () => {
    const expr =
      'histogram_quantile(0.95, sum by (le, route) (rate(a_seconds_bucket{instance=~"$instance",route!="x"}[$__rate_interval]))) / clamp_min(sum(b_total offset 5m), 1e-9)';
    expect(metricNamesInPromql(expr).sort()).toEqual(['a_seconds_bucket', 'b_total']);
  });
});

describe('Grafana dashboard', () => {
  it('is well formed: unique panel ids, queries on the data source variable, no overlapping panels', () => {
    expect(new Set(allPanels.map((panel) => panel.id)).size).toBe(allPanels.length);
    expect(queries.length).toBeGreaterThan(15);
    for (const panel of allPanels.filter((p) => p.targets)) {
      expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
    const cells = new Set<string>();
    for (const { gridPos, title } of dashboard.panels) {
      expect(gridPos.x + gridPos.w, title).toBeLessThanOrEqual(24);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x += 1) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y += 1) {
          expect(cells.has(`${x},${y}`), `${title} overlaps another panel`).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('queries origin, worker and process metrics', () => {
    for (const name of [
      'scalacast_origin_request_duration_seconds_bucket',
      'scalacast_origin_response_bytes_total',
      'scalacast_worker_jobs_total',
      'scalacast_worker_job_duration_seconds_bucket',
      'scalacast_worker_encode_speed_ratio_sum',
      'scalacast_process_cpu_seconds_total',
    ]) {
      expect(queried).toContain(name);
    }
  });

  it('queries only metrics the registries of the origin and the worker expose', async () => {
    const registry = createMetricsRegistry({ service: 'test' });
    createOriginMetrics(registry);
    createWorkerMetrics(registry);
    const exported = metricNamesInExposition(await registry.metrics());
    expect(exported).toContain('scalacast_worker_job_duration_seconds_count');
    expect(notIn(exported)).toEqual([]);
  });
});

describe('Grafana dashboard against a live /metrics scrape', () => {
  let dataDir: string;
  let server: ScalacastProcess | undefined;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'scalacast-dashboard-'));
    server = await startScalacast('all-in-one', { DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await server?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('finds every queried metric in what a running ScalaCast exposes', async () => {
    const answered = await fetch(`${server?.url}/healthz`);
    expect(answered.status).toBe(200);
    const scrape = await fetch(`${server?.url}/metrics`);
    expect(scrape.status).toBe(200);
    const exposed = metricNamesInExposition(await scrape.text());
    expect(exposed).toContain('scalacast_origin_request_duration_seconds_bucket');
    expect(notIn(exposed)).toEqual([]);
  });
});
