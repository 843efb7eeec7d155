// biome-ignore-all lint/suspicious/noExplicitAny: parsed YAML and JSON documents are untyped
/**
 * The docker-compose `observability` profile and its configuration parse (no Docker engine is
 * needed to check that): the Collector receives OTLP/HTTP and exports to Jaeger, Prometheus
 * scrapes every process's /metrics port, Grafana (on 3001) provisions both datasources and the
 * committed dashboard, and every metric a dashboard query names is one the processes export.
 */
import { existsSync, readFileSync } from 'node:fs';
import { registry } from '@msp/telemetry';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const yaml = (path: string) => parse(read(path)) as Record<string, any>;

describe('observability profile', () => {
  test('docker-compose.yml puts the Collector, Jaeger, Prometheus and Grafana (3001) in the profile', () => {
    const compose = yaml('docker-compose.yml');
    for (const name of ['otel-collector', 'jaeger', 'prometheus', 'grafana']) {
      expect(compose.services[name]?.profiles, name).toEqual(['observability']);
    }
    // Without the profile, `docker compose up` still starts only PostgreSQL and Redis.
    expect(compose.services.postgres.profiles).toBeUndefined();
    expect(compose.services.redis.profiles).toBeUndefined();
    expect(compose.services.grafana.ports).toContain('3001:3001');
    expect(compose.services['otel-collector'].ports).toContain('4318:4318');
    for (const service of Object.values(compose.services) as Array<{ volumes?: string[] }>) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect(existsSync(new URL(source.slice(2), root)), source).toBe(true);
      }
    }
  });

  test('the Collector takes OTLP/HTTP and sends traces to Jaeger', () => {
    const collector = yaml('observability/otel-collector.yaml');
    expect(collector.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    expect(collector.service.pipelines.traces).toMatchObject({ receivers: ['otlp'], exporters: ['otlp/jaeger'] });
    expect(collector.exporters['otlp/jaeger'].endpoint).toBe('jaeger:4317');
  });

  test('Prometheus scrapes the gateway, the five subgraphs and the worker', () => {
    const prometheus = yaml('observability/prometheus.yml');
    const targets = prometheus.scrape_configs.flatMap((c: any) => c.static_configs.flatMap((s: any) => s.targets));
    expect(targets.map((t: string) => Number(t.split(':')[1])).sort()).toEqual([
      4000, 4001, 4002, 4003, 4004, 4005, 4006,
    ]);
  });

  test('Grafana provisions Prometheus, Jaeger and a dashboard whose queries name exported metrics', async () => {
    const datasources = yaml('observability/grafana/provisioning/datasources/datasources.yaml');
    expect(datasources.datasources.map((d: any) => d.type).sort()).toEqual(['jaeger', 'prometheus']);
    expect(yaml('observability/grafana/provisioning/dashboards/dashboards.yaml').providers[0].options.path).toBe(
      '/var/lib/grafana/dashboards',
    );
    const dashboard = JSON.parse(read('observability/grafana/dashboards/msp-overview.json'));
    const titles: string[] = dashboard.panels.map((p: any) => p.title);
    for (const wanted of ['Gate outcomes', 'Queue depth', 'Run durations', 'Graph throttling', 'subscriptions']) {
      expect(
        titles.some((t) => t.toLowerCase().includes(wanted.toLowerCase())),
        wanted,
      ).toBe(true);
    }
    // Every msp_* metric a query names is registered by @msp/telemetry (histograms by base name).
    const known = new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
    const named = dashboard.panels
      .flatMap((p: any) => p.targets.map((t: any) => t.expr as string))
      .flatMap((e: string) => e.match(/msp_[a-z_]+/g) ?? [])
      .map((n: string) => n.replace(/_(bucket|count|sum)$/, ''));
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((n: string) => !known.has(n))).toEqual([]);
  });
});
