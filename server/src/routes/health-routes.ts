import { Hono } from 'hono';
import type { QueryEngine } from '../engines/engine.js';
import type { TenantRegistry } from '../tenants/tenant-registry.js';

/** `/livez`: the process answers. `/readyz`: every tenant's namespace answers a trivial query. */
export function healthRoutes(tenants: TenantRegistry, engineFor: (kind: string) => QueryEngine): Hono {
  const app = new Hono();
  app.get('/livez', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const checks = await Promise.all(
      tenants.all().map(async (tenant) => {
        try {
          await engineFor(tenant.engine).ping(tenant.namespace);
          return [tenant.id, 'ok'] as const;
        } catch {
          return [tenant.id, 'unavailable'] as const;
        }
      }),
    );
    const ready = checks.every(([, status]) => status === 'ok');
    return c.json({ status: ready ? 'ok' : 'unavailable', tenants: Object.fromEntries(checks) }, ready ? 200 : 503);
  });
  return app;
}
