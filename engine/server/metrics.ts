/**
 * The server's own figures in the Prometheus text format (`GET /metrics`): calls by method and
 * status, call latency as a histogram, jobs by state and the queue depth. Plain counters in memory
 * per process: a scraper adds up the processes. Labels are method names and status codes only,
 * never a value from a request body, so no secret can reach a metric.
 */

/** Upper bounds of the latency histogram, in seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** What the jobs look like now, read when the metrics are scraped. */
export interface JobFigures {
  byState: Record<string, number>;
  queueDepth: number;
}

/** Counts calls as they finish and renders everything in the text format. */
export class ServerMetrics {
  private readonly calls = new Map<string, number>();
  private readonly latency = new Map<string, { buckets: number[]; sum: number; count: number }>();

  /** Records one finished call. */
  observe(method: string, status: number, seconds: number): void {
    const key = `${method}\u0000${status}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    const histogram = this.latency.get(method) ?? { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
    LATENCY_BUCKETS.forEach((bound, index) => {
      if (seconds <= bound) histogram.buckets[index] = (histogram.buckets[index] ?? 0) + 1;
    });
    histogram.sum += seconds;
    histogram.count += 1;
    this.latency.set(method, histogram);
  }

  /** The text format, with the job figures of this moment. */
  render(jobs: JobFigures): string {
    const lines: string[] = [];
    lines.push('# HELP nimbus_api_requests_total API calls by method and HTTP status.');
    lines.push('# TYPE nimbus_api_requests_total counter');
    for (const [key, count] of [...this.calls].sort()) {
      const [method, status] = key.split('\u0000');
      lines.push(`nimbus_api_requests_total{method="${label(method)}",status="${label(status)}"} ${count}`);
    }
    lines.push('# HELP nimbus_api_request_duration_seconds API call latency.');
    lines.push('# TYPE nimbus_api_request_duration_seconds histogram');
    for (const [method, histogram] of [...this.latency].sort(([a], [b]) => a.localeCompare(b))) {
      const name = label(method);
      LATENCY_BUCKETS.forEach((bound, index) => {
        lines.push(`nimbus_api_request_duration_seconds_bucket{method="${name}",le="${bound}"} ${histogram.buckets[index] ?? 0}`);
      });
      lines.push(`nimbus_api_request_duration_seconds_bucket{method="${name}",le="+Inf"} ${histogram.count}`);
      lines.push(`nimbus_api_request_duration_seconds_sum{method="${name}"} ${histogram.sum}`);
      lines.push(`nimbus_api_request_duration_seconds_count{method="${name}"} ${histogram.count}`);
    }
    lines.push('# HELP nimbus_jobs Jobs by state.');
    lines.push('# TYPE nimbus_jobs gauge');
    for (const [state, count] of Object.entries(jobs.byState).sort()) lines.push(`nimbus_jobs{state="${label(state)}"} ${count}`);
    lines.push('# HELP nimbus_job_queue_depth Jobs waiting for a worker.');
    lines.push('# TYPE nimbus_job_queue_depth gauge');
    lines.push(`nimbus_job_queue_depth ${jobs.queueDepth}`);
    return `${lines.join('\n')}\n`;
  }
}

/** A label value escaped as the text format requires. */
function label(value: string | undefined): string {
  return (value ?? '').replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
