import { openStore } from '../store/store.js';

/**
 * Opens the store in each directory given as an argument and prints what happened, one JSON line
 * each (`{"opened":true}` or `{"error":…,"code":…}`): the store test runs it as an unprivileged user,
 * because root ignores directory permissions.
 */
const dirs = process.argv.slice(2);
if (dirs.length === 0) throw new Error('usage: open-store-probe <data directory>...');
for (const dir of dirs) {
  try {
    openStore(dir).close();
    console.log(JSON.stringify({ opened: true }));
  } catch (error) {
    console.log(
      JSON.stringify({ error: error instanceof Error ? error.message : String(error), code: (error as { code?: unknown }).code ?? null }),
    );
  }
}
