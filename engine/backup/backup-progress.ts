/** One step of a long backup or restore, for the CLI's progress lines and the Settings page. */
export interface BackupProgress {
  phase: 'waiting' | 'database' | 'pulumi-state' | 'files' | 'compressing' | 'writing' | 'reading' | 'checking';
  /** Units done of `total` (pages, files or bytes, as the phase counts); both 0 when not counted. */
  done: number;
  total: number;
  message: string;
}
