/**
 * Observed traffic: the JSON a Prometheus HTTP API instant query returns (`GET /api/v1/query`), for Istio's standard
 * metrics summed by workload, e.g.
 *   sum by (source_workload, source_workload_namespace, destination_workload, destination_workload_namespace,
 *           destination_service_name, request_protocol) (increase(istio_requests_total[7d]))
 * and the same for istio_tcp_connections_opened_total. Response format: Prometheus "HTTP API" docs (`status`,
 * `data.resultType`, `data.result[].metric`, `data.result[].value` = [unix time, "<sample value as a string>"]);
 * label names: Istio "Standard Metrics".
 */

/** Istio's value for a side it could not identify (a caller without a sidecar, or outside the mesh). */
export const UNKNOWN_WORKLOAD = 'unknown';

/** The labels a call needs; the query must keep them in its `sum by (…)`. */
const REQUIRED_LABELS = ['source_workload', 'source_workload_namespace', 'destination_workload', 'destination_workload_namespace'] as const;

export interface ObservedCall {
  /** `<namespace>/<workload>` of the caller, or `unknown` when Istio could not tell. */
  readonly from: string;
  /** `<namespace>/<workload>` of the destination. */
  readonly to: string;
  /** How often it was seen: requests, or TCP connections opened, over the query's range (summed over files and series). */
  readonly count: number;
  /** `request_protocol` values seen (`http`, `grpc`, `tcp`), sorted. */
  readonly protocols: readonly string[];
  /** `destination_service_name` values seen, sorted. */
  readonly services: readonly string[];
}

/** A traffic file that is not such a response; the message names the file and the field. */
export class TrafficInputError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'TrafficInputError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Series {
  readonly metric: Record<string, string>;
  readonly count: number;
}

/** The series of one response, checked field by field. */
export function parsePrometheusResponse(text: string, file: string): Series[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new TrafficInputError(`${file}: not JSON (${(error as Error).message}); expected the response of Prometheus' /api/v1/query`);
  }
  const fail = (field: string, message: string) => new TrafficInputError(`${file}: ${field}: ${message}`);
  if (!isRecord(body)) throw fail('(top level)', 'expected an object {"status": "success", "data": {…}} (the response of /api/v1/query)');
  if (body.status !== 'success') {
    const why = typeof body.error === 'string' ? ` (${String(body.errorType ?? 'error')}: ${body.error})` : '';
    throw fail('status', `is ${JSON.stringify(body.status)}, expected "success"${why}`);
  }
  if (!isRecord(body.data)) throw fail('data', 'missing or not an object');
  if (body.data.resultType !== 'vector') {
    throw fail('data.resultType', `is ${JSON.stringify(body.data.resultType)}, expected "vector": use an instant query (/api/v1/query) over a range, e.g. sum by (…) (increase(istio_requests_total[7d]))`);
  }
  if (!Array.isArray(body.data.result)) throw fail('data.result', 'missing or not a list');
  return body.data.result.map((raw, i): Series => {
    const at = `data.result[${i}]`;
    if (!isRecord(raw)) throw fail(at, 'not an object with "metric" and "value"');
    if (!isRecord(raw.metric)) throw fail(`${at}.metric`, 'missing or not an object of labels');
    const metric: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw.metric)) {
      if (typeof v !== 'string') throw fail(`${at}.metric.${k}`, 'label values are strings');
      metric[k] = v;
    }
    for (const label of REQUIRED_LABELS) {
      if (metric[label] === undefined || metric[label] === '') {
        throw fail(`${at}.metric.${label}`, `missing: keep it in the query's "sum by (${REQUIRED_LABELS.join(', ')}, …)"`);
      }
    }
    const value = raw.value;
    if (!Array.isArray(value) || value.length !== 2 || typeof value[1] !== 'string') throw fail(`${at}.value`, 'expected [<unix time>, "<count>"]');
    const count = Number(value[1]);
    if (!Number.isFinite(count) || count < 0) throw fail(`${at}.value[1]`, `${JSON.stringify(value[1])} is not a count`);
    return { metric, count };
  });
}

const id = (namespace: string, workload: string) => (workload === UNKNOWN_WORKLOAD || namespace === UNKNOWN_WORKLOAD ? UNKNOWN_WORKLOAD : `${namespace}/${workload}`);

/** The calls of several responses, one per (caller, destination), with at least one observation; sorted. */
export function observedCalls(files: readonly { file: string; text: string }[]): ObservedCall[] {
  const calls = new Map<string, { from: string; to: string; count: number; protocols: Set<string>; services: Set<string> }>();
  for (const { file, text } of files) {
    for (const s of parsePrometheusResponse(text, file)) {
      if (s.count <= 0) continue; // increase() over a range without calls
      const from = id(s.metric.source_workload_namespace, s.metric.source_workload);
      const to = id(s.metric.destination_workload_namespace, s.metric.destination_workload);
      const key = `${from}\u0000${to}`;
      let c = calls.get(key);
      if (!c) calls.set(key, (c = { from, to, count: 0, protocols: new Set(), services: new Set() }));
      c.count += s.count;
      if (s.metric.request_protocol) c.protocols.add(s.metric.request_protocol);
      if (s.metric.destination_service_name && s.metric.destination_service_name !== UNKNOWN_WORKLOAD) c.services.add(s.metric.destination_service_name);
    }
  }
  return [...calls.values()]
    .map((c) => ({ from: c.from, to: c.to, count: Math.round(c.count), protocols: [...c.protocols].sort(), services: [...c.services].sort() }))
    .sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}
