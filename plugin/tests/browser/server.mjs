// The harness's web server: serves the harness page and the built plugin, and emulates Grafana's data
// proxy for the plugin's routes (dist/plugin.json): prefix match in order, reqRole check, URL and
// headers templated from jsonData/secureJsonData that stay on the server, like Grafana does, and the
// proxy's rewrites (a 401 becomes 400 "Authentication to data source failed", a timeout 504, an
// unreachable collector 502: ../grafanaProxy.mjs).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

import { proxiedFailure, proxiedResponse } from '../grafanaProxy.mjs';

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};
const ROLES = ['Viewer', 'Editor', 'Admin'];

function template(text, ds) {
  return text.replace(/\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g, (_, kind, key) =>
    String((kind === 'JsonData' ? ds.jsonData : ds.secureJsonData)[key] ?? '')
  );
}

async function body(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Grafana's default `[dataproxy] timeout`, in seconds. */
const DATA_PROXY_TIMEOUT_SECONDS = 30;

/**
 * `datasource` is read on every request: a test may change its jsonData or secureJsonData, as an admin
 * saving the data source would, and the page sees the effect only through the proxy.
 * `dashboardsDir` holds the provisioned dashboards the preview page renders.
 * @param {{ pluginDir: string, harnessDir: string, buildDir: string, iconsDir: string, datasource: { uid: string, jsonData: object, secureJsonData: object }, role: string, proxyTimeoutSeconds?: number, dashboardsDir?: string }} options
 */
export async function startHarnessServer(options) {
  const plugin = JSON.parse(await readFile(join(options.pluginDir, 'dist', 'plugin.json'), 'utf8'));
  const proxyPrefix = `/api/datasources/proxy/uid/${options.datasource.uid}/`;
  const log = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://harness');
    const send = (status, data, type = 'application/json') => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(typeof data === 'string' || Buffer.isBuffer(data) ? data : JSON.stringify(data));
    };
    try {
      if (url.pathname.startsWith(proxyPrefix)) {
        const rest = url.pathname.slice(proxyPrefix.length);
        const route = plugin.routes.find((r) => rest.startsWith(r.path));
        if (!route) {
          return send(404, { message: 'no plugin route matches' });
        }
        if (ROLES.indexOf(options.role) < ROLES.indexOf(route.reqRole ?? 'Viewer')) {
          return send(403, { message: 'plugin proxy route access denied' });
        }
        const target = `${template(route.url, options.datasource)}${rest.slice(route.path.length)}${url.search}`;
        const headers = Object.fromEntries(
          (route.headers ?? []).map((h) => [h.name, template(h.content, options.datasource)])
        );
        const payload = req.method === 'GET' || req.method === 'HEAD' ? undefined : await body(req);
        if (payload?.length) {
          headers['Content-Type'] = req.headers['content-type'] ?? 'application/json';
        }
        log.push({
          method: req.method,
          route: route.path,
          path: rest.slice(route.path.length),
          body: payload?.length
            ? /json/.test(headers['Content-Type'])
              ? JSON.parse(payload.toString())
              : payload.toString()
            : undefined,
        });
        let upstream;
        try {
          upstream = await fetch(target, {
            method: req.method,
            headers,
            body: payload?.length ? payload : undefined,
            signal: AbortSignal.timeout((options.proxyTimeoutSeconds ?? DATA_PROXY_TIMEOUT_SECONDS) * 1000),
          });
        } catch (error) {
          const failure = proxiedFailure(error);
          return send(failure.status, failure.body, 'text/plain');
        }
        const answer = proxiedResponse(upstream.status, Buffer.from(await upstream.arrayBuffer()));
        const rewritten = answer.status !== upstream.status;
        return send(
          answer.status,
          answer.body,
          rewritten ? 'text/plain; charset=utf-8' : (upstream.headers.get('content-type') ?? 'application/json')
        );
      }
      if (url.pathname === '/harness/config.json') {
        return send(200, { collectorUrl: options.datasource.jsonData.collectorUrl });
      }
      const dashboard = /^\/harness\/dashboards\/([a-z0-9-]+)\.json$/.exec(url.pathname);
      if (dashboard && options.dashboardsDir) {
        return send(200, await readFile(join(options.dashboardsDir, `${dashboard[1]}.json`)));
      }
      const files = {
        '/': join(options.harnessDir, 'harness.html'),
        '/harness.js': join(options.buildDir, 'harness.js'),
      };
      let file = files[url.pathname];
      // Grafana serves @grafana/ui's icons from public/build/img/icons.
      const icons = '/public/build/img/icons/';
      if (!file && url.pathname.startsWith(icons)) {
        file = join(options.iconsDir, normalize(url.pathname.slice(icons.length)).replace(/^(\.\.[/\\])+/, ''));
      }
      const pluginPublic = `/public/plugins/${plugin.id}/`;
      if (!file && url.pathname.startsWith(pluginPublic)) {
        file = join(
          options.pluginDir,
          'dist',
          normalize(url.pathname.slice(pluginPublic.length)).replace(/^(\.\.[/\\])+/, '')
        );
      }
      if (!file && url.pathname.startsWith('/') && extname(url.pathname) !== '') {
        file = join(options.buildDir, normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
      }
      if (!file) {
        return send(404, 'not found', 'text/plain');
      }
      return send(200, await readFile(file), TYPES[extname(file)] ?? 'application/octet-stream');
    } catch (error) {
      return send(error.code === 'ENOENT' ? 404 : 500, String(error.message), 'text/plain');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    options,
    close: () => new Promise((r) => server.close(r)),
  };
}
