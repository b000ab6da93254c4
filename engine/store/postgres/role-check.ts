import { createPgPool } from './pg.js';

/**
 * Row-level security (every tenant table's second line of defence) does not bind a superuser or a
 * role with BYPASSRLS: a server connecting as one serves every tenant with only the store's own
 * filters between them. Returns the warning to print, or null when the role is bound by it.
 */
export async function rowSecurityWarning(url: string): Promise<string | null> {
  const pool = createPgPool(url, { max: 1 });
  try {
    const { rows } = await pool.query<{ name: string; rolsuper: boolean; rolbypassrls: boolean }>(
      'SELECT rolname AS name, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
    );
    const role = rows[0];
    if (!role || (!role.rolsuper && !role.rolbypassrls)) return null;
    const what = role.rolsuper ? 'a superuser' : 'a role with BYPASSRLS';
    return `the database role ${role.name} is ${what}, so PostgreSQL's row-level security does not keep tenants apart for this server (only Nimbus' own filters do). Connect as a role without SUPERUSER and BYPASSRLS that owns the database (the README's shared-server section shows how).`;
  } finally {
    await pool.end();
  }
}
