/** Headless Chromium draws at 60 Hz: a frame on time is 16.7 ms after the last one, a missed one 33.3. */
export const VSYNC_MS = 1000 / 60;

/** What the user saw of a gesture, and what each frame cost the main thread. */
export interface FrameStats {
  /** Frame intervals measured (frames recorded minus one). */
  frames: number;
  p50: number;
  p95: number;
  max: number;
  /** Intervals longer than one and a half vsyncs: at least one display refresh showed nothing new. */
  missed: number;
  /** Per-frame main-thread time (see installFrameRecorder), not rounded to vsyncs. */
  workP50: number;
  workP95: number;
}

/** Nearest-rank percentile of unsorted samples (`p` from 0 to 1); 0 for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Intervals between consecutive rAF timestamps, summarised with the frames' main-thread times. */
export function frameStats(timestamps: readonly number[], work: readonly number[]): FrameStats {
  const intervals = timestamps.slice(1).map((time, i) => time - timestamps[i]!);
  return {
    frames: intervals.length,
    p50: percentile(intervals, 0.5),
    p95: percentile(intervals, 0.95),
    max: intervals.length === 0 ? 0 : Math.max(...intervals),
    missed: intervals.filter((interval) => interval > VSYNC_MS * 1.5).length,
    workP50: percentile(work, 0.5),
    workP95: percentile(work, 0.95),
  };
}
