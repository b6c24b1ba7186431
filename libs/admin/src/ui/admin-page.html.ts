/** The admin page: static markup only; admin.js fills it from /admin/api/* (no inline script, see the CSP). */
export const ADMIN_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>latticelm admin</title>
  <link rel="stylesheet" href="admin.css">
  <script src="admin.js" defer></script>
</head>
<body>
  <header>
    <h1>latticelm <small>admin</small></h1>
    <form id="token-form" autocomplete="off">
      <label for="token">Bearer token</label>
      <input id="token" type="password" placeholder="only needed when auth is enabled" spellcheck="false">
      <button id="save-token" type="submit">Use token</button>
      <button id="clear-token" type="button">Forget</button>
      <button id="refresh" type="button">Refresh</button>
    </form>
    <p id="status" role="status">Loading…</p>
  </header>
  <main>
    <section>
      <h2>System</h2>
      <dl id="info"></dl>
    </section>
    <section>
      <h2>Health <span id="health-status" class="badge"></span></h2>
      <table>
        <thead><tr><th>Check</th><th>Status</th><th>Details</th></tr></thead>
        <tbody id="health"></tbody>
      </table>
    </section>
    <section>
      <h2>Providers</h2>
      <table>
        <thead><tr><th>Name</th><th>Type</th><th>Endpoint</th><th>Status</th><th>Circuit</th><th>Models</th></tr></thead>
        <tbody id="providers"></tbody>
      </table>
    </section>
    <section>
      <h2>Configuration <small>(secrets masked)</small></h2>
      <pre id="config"></pre>
    </section>
  </main>
</body>
</html>
`;
