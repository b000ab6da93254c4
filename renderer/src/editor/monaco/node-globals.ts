/**
 * The few Node globals component programs use (`console`, `require` inside dynamic providers,
 * `process.env`), for when the engine's SDK declarations do not include `@types/node`. It is
 * dropped as soon as real Node declarations arrive, so the two never disagree.
 */
export const NODE_GLOBALS = `declare var console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
};
declare var process: { env: Record<string, string | undefined>; platform: string; cwd(): string };
/** Node's require; inside a dynamic provider it loads Node built-ins such as node:fs. */
declare var require: (id: string) => any;
declare function setTimeout(callback: (...args: unknown[]) => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
`;
