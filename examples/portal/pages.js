// @ts-check
// The portal's pages, rendered on the server as whole HTML documents. Every text from outside
// (persona names, tenant names, dashboard titles, ids) goes through escapeHtml.
import { brandingStyle, fallbackBranding, portalColours } from './tenant-branding.js';

/** @typedef {import('./tenant-branding.js').TenantBranding} TenantBranding */
/** @typedef {import('./server.js').Persona} Persona */
/** @typedef {import('./server.js').DashboardSummary} DashboardSummary */
/** @typedef {import('@kineo/node').Role} Role */

/** The roles in the order the sign-in page lists them. */
export const ROLES = /** @type {const} */ (['admin', 'manager', 'analyst', 'learner']);

/** Rights the portal grants on top of the role: admins and analysts may download CSV/XLSX. */
export const EXPORTING_ROLES = new Set(['admin', 'analyst']);

/** What each role sees, in the words of the sign-in page. */
const ROLE_SCOPES = {
  admin: 'The whole company.',
  manager: 'Their own organisation and every team below it.',
  analyst: 'Their assigned organisations, read-only.',
  learner: 'Only their own learning.',
};
const ROLE_PLURALS = { admin: 'Admins', manager: 'Managers', analyst: 'Analysts', learner: 'Learners' };

/** @param {unknown} text */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "admin" → "an admin", "learner" → "a learner". @param {Role} role */
const withArticle = (role) => `${role === 'admin' || role === 'analyst' ? 'an' : 'a'} ${role}`;

/** Two letters for a tenant without a logo: "Acme Manufacturing" → "AM". @param {string} name */
function monogram(name) {
  const words = name.split(/\s+/).filter((word) => /^\p{L}/u.test(word));
  const letters = words.length >= 2 ? `${words[0]?.[0]}${words[1]?.[0]}` : name.slice(0, 2);
  return letters.toUpperCase();
}

/**
 * The tenant's logo (decorative: its name is always written next to it).
 * @param {TenantBranding} branding
 */
function logoHtml(branding) {
  if (branding.logoUrl) return `<img class="logo logo-image" src="${escapeHtml(branding.logoUrl)}" alt="">`;
  return `<span class="logo logo-monogram" aria-hidden="true">${escapeHtml(monogram(branding.name))}</span>`;
}

/**
 * The rows of a persona's data they see, in words.
 * @param {Persona} persona
 */
function dataScopeHtml(persona) {
  if (persona.role === 'learner') return 'their own records';
  if (persona.orgs?.length) return `${persona.orgs.map((org) => `<code>${escapeHtml(org)}</code>`).join(', ')} and below`;
  return 'the whole company';
}

/**
 * @typedef {object} Site
 * @property {string} apiBase The Kineo API's base URL, without a trailing slash.
 */

/**
 * The frame of every page: skip link, header with the tenant's logo and name, navigation, the
 * signed-in persona and the sign-out button.
 * @param {Site} site
 * @param {object} page
 * @param {string} page.title
 * @param {TenantBranding} page.branding
 * @param {string} page.main
 * @param {{ persona: Persona; current?: 'dashboards' }} [page.signedIn] shown when the session is for this tenant
 * @param {string} [page.homeHref]
 */
function layout(site, { title, branding, main, signedIn, homeHref }) {
  const base = `/c/${branding.id}/`;
  const account = signedIn
    ? `<div class="account">
  <p class="who"><span class="who-name">${escapeHtml(signedIn.persona.name)}</span> <span class="badge">${escapeHtml(signedIn.persona.role)}</span></p>
  <form method="post" action="${base}sign-out"><button type="submit" class="button button-quiet">Sign out</button></form>
</div>`
    : '';
  const nav = signedIn
    ? `<nav class="site-nav" aria-label="Portal">
  <a href="${base}dashboards"${signedIn.current === 'dashboards' ? ' aria-current="page"' : ''}>Dashboards</a>
  <a href="/">Switch tenant</a>
</nav>`
    : `<nav class="site-nav" aria-label="Portal"><a href="/">Switch tenant</a></nav>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(branding.name)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/portal.css">
<style>${brandingStyle(branding)}</style>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="site-header-inner">
    <a class="brand" href="${escapeHtml(homeHref ?? base)}">${logoHtml(branding)}<span class="brand-name">${escapeHtml(branding.name)}</span></a>
    ${nav}
    ${account}
  </div>
</header>
<main id="main" tabindex="-1">
${main}
</main>
<footer class="site-footer"><p>Kineo Embed demo portal · generated demo data · dashboards from the Kineo API at <code>${escapeHtml(new URL(site.apiBase).origin)}</code></p></footer>
</body>
</html>`;
}

/**
 * `/`: every tenant, with its name and logo.
 * @param {Site} site
 * @param {{ branding: TenantBranding; personas: number }[]} tenants
 * @param {{ persona: Persona; branding: TenantBranding }} [signedIn]
 */
export function tenantPickerPage(site, tenants, signedIn) {
  const kineo = { ...fallbackBranding('kineo'), name: 'Kineo Embed demo portal' };
  const cards = tenants
    .map(
      ({ branding: b, personas }) => `<li class="card tenant-card" style="--tenant-brand: ${portalColours(b).brand}; --tenant-on-brand: ${portalColours(b).onBrand}">
  ${logoHtml(b)}
  <h2><a class="card-link" href="/c/${b.id}/">${escapeHtml(b.name)}</a></h2>
  <p class="muted">${personas} demo personas · ${b.mode === 'auto' ? 'follows your light or dark setting' : `${b.mode} theme`}</p>
</li>`,
    )
    .join('\n');
  const current = signedIn
    ? `<p class="notice" role="status">You are signed in to ${escapeHtml(signedIn.branding.name)} as ${escapeHtml(signedIn.persona.name)} (${escapeHtml(signedIn.persona.role)}). <a href="/c/${signedIn.branding.id}/dashboards">Back to your dashboards</a></p>`
    : '';
  return layout(site, {
    title: 'Choose a tenant',
    branding: kineo,
    homeHref: '/',
    main: `<div class="page">
<h1>Choose a tenant</h1>
<p class="lead">Each tenant is a company with its own data, look and users. Pick one, then sign in as one of its demo personas to see the dashboards Kineo Embed gives that person.</p>
${current}
<ul class="card-grid" role="list">
${cards}
</ul>
</div>`,
  });
}

/**
 * `/c/<tenant>/`: the tenant's demo personas, grouped by role, each with a sign-in button.
 * @param {Site} site
 * @param {TenantBranding} branding
 * @param {Persona[]} personas
 * @param {{ signedIn?: Persona; otherTenant?: { persona: Persona; branding: TenantBranding }; signedOut?: boolean; error?: string }} state
 */
export function signInPage(site, branding, personas, state) {
  const base = `/c/${branding.id}/`;
  const groups = ROLES.map((role) => {
    const members = personas.filter((persona) => persona.role === role);
    if (members.length === 0) return '';
    const cards = members
      .map(
        (persona) => `<li class="card persona-card">
  <h3>${escapeHtml(persona.name)}</h3>
  <dl class="facts">
    <dt>Organisation</dt><dd>${escapeHtml(persona.organisation?.name ?? '')}</dd>
    <dt>User id</dt><dd><code>${escapeHtml(persona.sub)}</code></dd>
    <dt>Sees</dt><dd>${dataScopeHtml(persona)}</dd>
    <dt>Downloads</dt><dd>${EXPORTING_ROLES.has(persona.role) ? 'CSV and XLSX' : 'none'}</dd>
  </dl>
  <form method="post" action="${base}sign-in">
    <input type="hidden" name="sub" value="${escapeHtml(persona.sub)}">
    <button type="submit" class="button">Sign in as ${escapeHtml(persona.name)}</button>
  </form>
</li>`,
      )
      .join('\n');
    return `<section class="role-group" aria-labelledby="role-${role}">
  <h2 id="role-${role}">${ROLE_PLURALS[role]}</h2>
  <p class="muted">${ROLE_SCOPES[role]}</p>
  <ul class="card-grid" role="list">
${cards}
  </ul>
</section>`;
  }).join('\n');
  const notices = [
    state.signedOut ? `<p class="notice" role="status">You are signed out. Nothing of your session is left in this browser.</p>` : '',
    state.error ? `<p class="notice notice-error" role="alert">${escapeHtml(state.error)}</p>` : '',
    state.signedIn
      ? `<p class="notice" role="status">You are signed in as ${escapeHtml(state.signedIn.name)} (${escapeHtml(state.signedIn.role)}). <a href="${base}dashboards">Open your dashboards</a>, or sign in as someone else below.</p>`
      : '',
    state.otherTenant
      ? `<p class="notice" role="status">You are signed in to ${escapeHtml(state.otherTenant.branding.name)} as ${escapeHtml(state.otherTenant.persona.name)}. Signing in here signs you out there: one tenant at a time.</p>`
      : '',
  ].join('');
  return layout(site, {
    title: 'Sign in',
    branding,
    ...(state.signedIn ? { signedIn: { persona: state.signedIn } } : {}),
    main: `<div class="page">
<h1>Sign in to ${escapeHtml(branding.name)}</h1>
<p class="lead">Choose a demo persona. Each sees the dashboards and rows their role allows; the Kineo API decides, from the token this portal mints for them.</p>
${notices}
${groups}
</div>`,
  });
}

/**
 * `/c/<tenant>/dashboards`.
 * @param {Site} site
 * @param {TenantBranding} branding
 * @param {Persona} persona
 * @param {DashboardSummary[]} dashboards
 */
export function dashboardListPage(site, branding, persona, dashboards) {
  const base = `/c/${branding.id}/`;
  const list = dashboards.length
    ? `<ul class="card-grid" role="list">
${dashboards
  .map(
    (d) => `<li class="card dashboard-card">
  <h2><a class="card-link" href="${base}dashboards/${escapeHtml(d.id)}">${escapeHtml(d.title)}</a></h2>
  ${d.description ? `<p>${escapeHtml(d.description)}</p>` : ''}
</li>`,
  )
  .join('\n')}
</ul>`
    : `<p class="notice">No dashboards are available to ${escapeHtml(persona.role)}s.</p>`;
  const scope = ROLE_SCOPES[persona.role];
  return layout(site, {
    title: 'Dashboards',
    branding,
    signedIn: { persona, current: 'dashboards' },
    main: `<div class="page">
<h1>Dashboards</h1>
<p class="lead">${escapeHtml(persona.name)}, ${escapeHtml(persona.role)} at ${escapeHtml(persona.organisation?.name ?? branding.name)}, sees ${escapeHtml(scope.charAt(0).toLowerCase() + scope.slice(1))}</p>
${list}
</div>`,
  });
}

/**
 * `/c/<tenant>/dashboards/<id>`: the live dashboard. The element gets its token from the portal's
 * token route with the session cookie; nothing of the token is in the page.
 * @param {Site} site
 * @param {TenantBranding} branding
 * @param {Persona} persona
 * @param {DashboardSummary} dashboard
 * @param {DashboardSummary[]} all the persona's dashboards, as tabs
 */
export function dashboardPage(site, branding, persona, dashboard, all) {
  const base = `/c/${branding.id}/`;
  const api = escapeHtml(site.apiBase);
  const tabs = all
    .map((d) => `<li><a href="${base}dashboards/${escapeHtml(d.id)}"${d.id === dashboard.id ? ' aria-current="page"' : ''}>${escapeHtml(d.title)}</a></li>`)
    .join('');
  return layout(site, {
    title: dashboard.title,
    branding,
    signedIn: { persona },
    main: `<div class="page page-wide">
<nav class="tabs" aria-label="Dashboards"><ul role="list">${tabs}</ul></nav>
<h1 class="visually-hidden">${escapeHtml(dashboard.title)}</h1>
<script type="module" src="${api}/elements/kineo.js"></script>
<kineo-dashboard api="${api}" dashboard="${escapeHtml(dashboard.id)}" token-url="${base}kineo/token" sync-url></kineo-dashboard>
<noscript><p class="notice notice-error">The dashboard needs JavaScript.</p></noscript>
</div>`,
  });
}

/**
 * A dashboard the persona's role may not open (the API answered 403 for it).
 * @param {Site} site
 * @param {TenantBranding} branding
 * @param {Persona} persona
 * @param {string} id
 */
export function dashboardRefusedPage(site, branding, persona, id) {
  return messagePage(
    site,
    branding,
    persona,
    `This dashboard is not available to ${persona.role}s`,
    `You are signed in as ${persona.name}, ${withArticle(persona.role)}, and ${branding.name} does not open the dashboard “${id}” to ${persona.role}s.`,
  );
}

/**
 * A page that explains why there is nothing to show, with a way on.
 * @param {Site} site
 * @param {TenantBranding} branding
 * @param {Persona | undefined} persona
 * @param {string} title
 * @param {string} message
 */
export function messagePage(site, branding, persona, title, message) {
  return layout(site, {
    title,
    branding,
    ...(persona ? { signedIn: { persona } } : {}),
    main: `<div class="page">
<h1>${escapeHtml(title)}</h1>
<p class="lead">${escapeHtml(message)}</p>
<p><a class="button" href="/c/${branding.id}/${persona ? 'dashboards' : ''}">${persona ? 'Back to your dashboards' : 'Back to sign-in'}</a></p>
</div>`,
  });
}
