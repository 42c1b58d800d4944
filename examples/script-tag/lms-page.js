// @ts-check
// The HTML of Acme Learning's pages: a Totara-like LMS layout (header with the site name and the user
// menu, left navigation, breadcrumb, content column, footer). The one thing Kineo adds is in
// `embedSnippet`: a script tag and a <kineo-dashboard> element, exactly what the Totara plugin's
// `\local_kineo\embed::dashboard_html()` prints.

/**
 * A user of the LMS, with what Kineo gets of them: `sub` (their id), `role` (what the dashboards
 * show), `orgs` (for managers and analysts: the organisations they see) and `permissions`.
 * @typedef {object} LmsUser
 * @property {string} sub
 * @property {string} name
 * @property {import('@kineo/node').Role} role
 * @property {string} jobTitle shown in the user menu
 * @property {{ id: string; name: string }} organisation
 * @property {string[]} [orgs]
 * @property {import('@kineo/node').Permission[]} [permissions]
 */

/**
 * A report page of the LMS: one Kineo dashboard. `staffOnly` reports are not in a learner's
 * navigation (the LMS decides what to link to; the Kineo API decides what the token may open).
 * @typedef {object} LmsReport
 * @property {string} dashboard the Kineo dashboard id
 * @property {string} title
 * @property {string} course the course-like heading above it
 * @property {string} intro
 * @property {boolean} staffOnly
 */

/** @type {readonly LmsReport[]} */
export const REPORTS = [
  {
    dashboard: 'learning-progress',
    title: 'Learning progress',
    course: 'Learning analytics: progress across Acme',
    intro:
      'Live from Acme’s learning analytics, showing what your role lets you see. Click a category’s bar to see its courses, pick a status in the ring to filter the other panels, and open a panel’s menu for its data as a table.',
    staffOnly: false,
  },
  {
    dashboard: 'compliance',
    title: 'Compliance',
    course: 'Learning analytics: mandatory training',
    intro: 'Live from Acme’s learning analytics: who is behind on mandatory training, where, and whose certifications expire soon. Click an organisation’s bar to see its overdue learners.',
    staffOnly: true,
  },
  {
    dashboard: 'team-performance',
    title: 'Team performance',
    course: 'Learning analytics: team performance',
    intro: 'Live from Acme’s learning analytics: how your organisations and teams compare, where learning time goes, and each learner’s record.',
    staffOnly: true,
  },
];

/** @param {unknown} text */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const ROLE_NAMES = { admin: 'Site administrator', manager: 'Manager', analyst: 'Analyst', learner: 'Learner' };

/** @param {string} name */
function initials(name) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/**
 * The only Kineo markup on the page: the elements' script from the API and the dashboard element,
 * whose token comes from this site's token endpoint.
 * @param {string} api the Kineo API's base URL, without a trailing slash
 * @param {string} dashboard
 * @param {string} tokenUrl
 */
export function embedSnippet(api, dashboard, tokenUrl) {
  return `<script type="module" src="${escapeHtml(api)}/elements/kineo.js"></script>
<kineo-dashboard api="${escapeHtml(api)}" dashboard="${escapeHtml(dashboard)}" token-url="${escapeHtml(tokenUrl)}"></kineo-dashboard>`;
}

/**
 * The user menu: who is signed in, and (this being a demo) a switch to the other demo users.
 * @param {LmsUser} user
 * @param {readonly LmsUser[]} users
 * @param {string} dashboard the report to come back to after switching
 */
function userMenu(user, users, dashboard) {
  const others = users
    .filter((other) => other.sub !== user.sub)
    .map(
      (other) => `<li><button type="submit" name="user" value="${escapeHtml(other.sub)}">
            <span class="avatar" aria-hidden="true">${escapeHtml(initials(other.name))}</span>
            <span><strong>${escapeHtml(other.name)}</strong><small>${escapeHtml(ROLE_NAMES[other.role])}, ${escapeHtml(other.organisation.name)}</small></span>
          </button></li>`,
    )
    .join('\n          ');
  return `<details class="user-menu">
      <summary aria-label="User menu: ${escapeHtml(user.name)}">
        <span class="avatar" aria-hidden="true">${escapeHtml(initials(user.name))}</span>
        <span class="user-name">${escapeHtml(user.name)}</span>
      </summary>
      <div class="user-menu-panel">
        <p class="signed-in-as">Signed in as <strong>${escapeHtml(user.name)}</strong><br>
          <small>${escapeHtml(user.jobTitle)} · ${escapeHtml(user.organisation.name)}</small></p>
        <form method="post" action="/session">
          <input type="hidden" name="dashboard" value="${escapeHtml(dashboard)}">
          <p class="menu-heading" id="switch-user">Switch to another demo user</p>
          <ul aria-labelledby="switch-user">
          ${others}
          </ul>
        </form>
      </div>
    </details>`;
}

/**
 * @param {object} page
 * @param {string} page.apiUrl
 * @param {LmsReport} page.report
 * @param {string} page.tokenUrl
 * @param {LmsUser} page.user
 * @param {readonly LmsUser[]} page.users
 * @returns {string}
 */
export function lmsPage({ apiUrl, report, tokenUrl, user, users }) {
  const api = apiUrl.replace(/\/+$/, '');
  const reports = REPORTS.filter((r) => !r.staffOnly || user.role !== 'learner');
  const reportLinks = reports
    .map(
      (r) =>
        `<li><a href="/?dashboard=${escapeHtml(r.dashboard)}"${r.dashboard === report.dashboard ? ' aria-current="page"' : ''}>${escapeHtml(r.title)}</a></li>`,
    )
    .join('\n            ');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)} · Reports · Acme Learning</title>
<link rel="icon" href="/static/acme-logo.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/lms.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="masthead">
  <div class="masthead-inner">
    <a class="brand" href="/"><img src="/static/acme-logo.svg" alt="" width="32" height="32"><span>Acme Learning</span></a>
    <nav class="main-menu" aria-label="Site">
      <ul>
        <li><a href="/">Home</a></li>
        <li><a href="/">Find learning</a></li>
        <li><a href="/">Performance</a></li>
        <li><a href="/" aria-current="true">Reports</a></li>
      </ul>
    </nav>
    ${userMenu(user, users, report.dashboard)}
  </div>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb">
  <ol>
    <li><a href="/">Home</a></li>
    <li><a href="/">Reports</a></li>
    <li><a href="/">Learning analytics</a></li>
    <li aria-current="page">${escapeHtml(report.title)}</li>
  </ol>
</nav>
<div class="layout">
  <aside class="side-nav" aria-label="Navigation">
    <section class="block">
      <h2>Navigation</h2>
      <ul>
        <li><a href="/">Dashboard</a></li>
        <li><a href="/">Site home</a></li>
        <li><a href="/">Current learning</a></li>
        <li><a href="/">Record of learning</a></li>
        <li>Learning analytics
          <ul>
            ${reportLinks}
          </ul>
        </li>
      </ul>
    </section>
    <section class="block">
      <h2>About this page</h2>
      <p>A stand-in for a Totara LMS page. The dashboard on it is embedded with one script tag and one element; its token comes from <code>/local/kineo/token.php</code> on this site.</p>
    </section>
  </aside>
  <main id="main" class="content">
    <p class="course-category">${escapeHtml(ROLE_NAMES[user.role])} view · ${escapeHtml(user.organisation.name)}</p>
    <h1>${escapeHtml(report.course)}</h1>
    <p class="intro">${escapeHtml(report.intro)}</p>
    <section class="activity" aria-label="${escapeHtml(report.title)} dashboard">
      ${embedSnippet(api, report.dashboard, tokenUrl)}
    </section>
  </main>
</div>
<footer class="page-footer">
  <p>You are logged in as <strong>${escapeHtml(user.name)}</strong> (${escapeHtml(user.sub)}).</p>
  <p>Acme Learning · a demo page for Kineo Embed · dashboards served by <span class="api-origin">${escapeHtml(new URL(api).origin)}</span></p>
</footer>
</body>
</html>
`;
}
