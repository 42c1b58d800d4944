import { Hono } from 'hono';
import type { ViewerResponse } from '@kineo/core';

/**
 * `GET /v1/viewer`: who the token speaks for, what it allows and the tenant's theme. Behind
 * embedAuth. The browser uses it to theme itself and to hide actions the API would refuse.
 */
export function viewerRoutes(): Hono {
  const app = new Hono();
  app.get('/viewer', (c) => {
    const { tenant, claims, permissions } = c.get('auth');
    const viewer: ViewerResponse = {
      tenant: { id: tenant.id, displayName: tenant.displayName },
      subject: claims.sub,
      role: claims.role,
      permissions: [...permissions],
      theme: tenant.theme,
    };
    c.header('Cache-Control', 'no-store');
    return c.json(viewer);
  });
  return app;
}
