/**
 * The admin page's script, served as /admin/admin.js. Vanilla DOM code with no build step; data is written with
 * textContent only, so nothing from the API is ever parsed as HTML. The token lives in sessionStorage: it
 * survives a reload but not the tab.
 */
export const ADMIN_PAGE_SCRIPT = String.raw`'use strict';
(function () {
  var TOKEN_KEY = 'latticelm.admin.token';
  function $(id) { return document.getElementById(id); }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function badgeCell(text) {
    var cell = el('td');
    cell.append(el('span', text, 'state ' + text));
    return cell;
  }
  function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }
  function setStatus(text, isError) {
    var status = $('status');
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  function ApiError(status, message) { this.status = status; this.message = message; }

  async function api(path) {
    var headers = { accept: 'application/json' };
    if (token()) headers.authorization = 'Bearer ' + token();
    var res = await fetch('api/' + path, { headers: headers, cache: 'no-store' });
    var body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (!res.ok) {
      var message = body && body.error && body.error.message ? body.error.message : 'HTTP ' + res.status;
      throw new ApiError(res.status, message);
    }
    return body;
  }

  function renderInfo(info) {
    var list = $('info');
    list.replaceChildren();
    var rows = [['Version', info.version], ['Uptime', info.uptime], ['Started', info.started_at], ['Platform', info.platform + '/' + info.arch],
      ['Node.js', info.node_version], ['PID', info.pid], ['Config', info.config_source]];
    rows.forEach(function (row) { list.append(el('dt', row[0]), el('dd', row[1])); });
  }

  function renderHealth(report) {
    $('health-status').textContent = report.status;
    $('health-status').className = 'badge ' + report.status;
    var body = $('health');
    body.replaceChildren();
    Object.keys(report.checks).forEach(function (name) {
      var check = report.checks[name];
      var details = check.message + (check.latency_ms !== undefined ? ' (' + check.latency_ms + ' ms)' : '');
      var row = el('tr');
      row.append(el('td', name), badgeCell(check.status), el('td', details));
      body.append(row);
    });
  }

  function renderProviders(list) {
    var body = $('providers');
    body.replaceChildren();
    list.providers.forEach(function (provider) {
      var models = provider.models.map(function (model) {
        var text = model.name;
        if (model.provider_model_id !== model.name) text += ' → ' + model.provider_model_id;
        if (model.fallbacks.length) text += ' (fallbacks: ' + model.fallbacks.join(', ') + ')';
        return text;
      }).join('\n');
      var row = el('tr');
      row.dataset.provider = provider.name;
      var circuit = provider.circuit || 'n/a';
      row.append(el('td', provider.name), el('td', provider.type), el('td', provider.endpoint || 'vendor default'),
        badgeCell(provider.status), badgeCell(circuit), el('td', models || 'routed by prefix'));
      body.append(row);
    });
  }

  async function refresh() {
    setStatus('Loading…', false);
    try {
      var results = await Promise.all([api('info'), api('health'), api('providers'), api('config')]);
      renderInfo(results[0]);
      renderHealth(results[1]);
      renderProviders(results[2]);
      $('config').textContent = JSON.stringify(results[3], null, 2);
      setStatus('Updated ' + new Date().toLocaleTimeString(), false);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setStatus('A valid bearer token is required: ' + error.message, true);
      else if (error instanceof ApiError && error.status === 403) setStatus('This token has no admin rights: ' + error.message, true);
      else setStatus('Failed to load: ' + (error && error.message ? error.message : String(error)), true);
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('token-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var value = $('token').value.trim();
      if (value) sessionStorage.setItem(TOKEN_KEY, value); else sessionStorage.removeItem(TOKEN_KEY);
      $('token').value = '';
      refresh();
    });
    $('clear-token').addEventListener('click', function () { sessionStorage.removeItem(TOKEN_KEY); refresh(); });
    $('refresh').addEventListener('click', refresh);
    refresh();
  });
})();
`;
