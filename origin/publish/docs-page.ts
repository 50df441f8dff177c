/**
 * /v1/docs: a small self-contained page that reads /v1/openapi.json and lists every operation with its
 * parameters, bodies and answers. No CDN and no framework: the API must stay documented offline.
 */
export function docsPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ScalaCast API</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 980px; padding: 1rem 1.5rem; color: #1d2330; }
  h1 { margin-bottom: 0; } h2 { border-bottom: 1px solid #dde; padding-bottom: .2rem; margin-top: 2rem; }
  details.op { border: 1px solid #dde; border-radius: 6px; margin: .5rem 0; padding: .4rem .8rem; }
  details.op > summary { cursor: pointer; font-family: ui-monospace, monospace; }
  .method { display: inline-block; min-width: 4.5em; font-weight: 700; text-transform: uppercase; }
  .get { color: #0a7d3b; } .post { color: #1b5fc1; } .put, .patch { color: #a36400; } .delete { color: #b3261e; } .options { color: #666; }
  .scope { font-size: 12px; background: #eef; border-radius: 4px; padding: 0 .4em; margin-left: .5em; }
  table { border-collapse: collapse; width: 100%; font-size: 14px; } td, th { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
  pre { background: #f6f7f9; padding: .6rem; overflow: auto; font-size: 12.5px; border-radius: 4px; }
  code { font-family: ui-monospace, monospace; }
</style>
</head>
<body>
<h1 id="title">ScalaCast API</h1>
<p id="intro">Loading <a href="openapi.json">openapi.json</a>…</p>
<main id="ops"></main>
<script>
(async () => {
  const doc = await (await fetch('openapi.json')).json();
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    for (const child of children) node.append(child);
    return node;
  };
  const resolve = (schema) => {
    if (schema && schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()]);
    return schema;
  };
  const expand = (schema, depth = 0) => {
    if (!schema || depth > 6) return schema;
    const plain = resolve(schema);
    if (Array.isArray(plain)) return plain.map((s) => expand(s, depth + 1));
    if (typeof plain !== 'object') return plain;
    return Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, typeof v === 'object' ? expand(v, depth + 1) : v]));
  };
  document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
  document.getElementById('intro').textContent = doc.info.description || '';
  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags && op.tags[0]) || 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method, op });
    }
  }
  const main = document.getElementById('ops');
  for (const [tag, ops] of byTag) {
    main.append(el('h2', {}, tag));
    for (const { path, method, op } of ops) {
      const scopes = (op.security || []).flatMap((s) => Object.values(s).flat());
      const summary = el('summary', {}, el('span', { class: 'method ' + method }, method), path, ' ', el('span', {}, '— ' + (op.summary || '')));
      for (const scope of scopes) summary.append(el('span', { class: 'scope' }, scope));
      const body = el('div');
      if (op.description) body.append(el('p', {}, op.description));
      if (op.parameters && op.parameters.length) {
        const table = el('table', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'in'), el('th', {}, 'schema')));
        for (const p of op.parameters) table.append(el('tr', {}, el('td', {}, el('code', {}, p.name)), el('td', {}, p.in), el('td', {}, JSON.stringify(expand(p.schema)))));
        body.append(table);
      }
      if (op.requestBody) {
        body.append(el('h4', {}, 'Request body'));
        for (const [type, media] of Object.entries(op.requestBody.content)) body.append(el('div', {}, el('code', {}, type)), el('pre', {}, JSON.stringify(expand(media.schema), null, 2)));
      }
      body.append(el('h4', {}, 'Responses'));
      for (const [status, response] of Object.entries(op.responses || {})) {
        body.append(el('div', {}, el('strong', {}, status + ' '), response.description || ''));
        const json = response.content && response.content['application/json'];
        if (json) body.append(el('pre', {}, JSON.stringify(expand(json.schema), null, 2)));
      }
      main.append(el('details', { class: 'op' }, summary, body));
    }
  }
})();
</script>
</body>
</html>
`;
}
