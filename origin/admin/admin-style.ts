/**
 * The dashboard's one stylesheet, served as /admin/static/admin.css (a file, so the pages can forbid inline
 * styles). Calm by design: neutral surfaces, one accent, colour only where it carries meaning (status), and
 * text contrast of at least 4.5:1 in the light and the dark scheme. No animation beyond what
 * prefers-reduced-motion allows.
 */
export const ADMIN_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f5f6f8; --surface: #ffffff; --surface-2: #f0f2f5; --border: #dfe3e8; --border-strong: #c5ccd6;
  --text: #1a1e24; --muted: #59626e; --accent: #3147c9; --accent-hover: #263aa8; --on-accent: #ffffff;
  --ok: #146c3f; --ok-bg: #e3f3ea; --info: #2352c0; --info-bg: #e6edfd; --warn: #8a5a00; --warn-bg: #fdf1d3;
  --err: #b3261e; --err-bg: #fbe9e8; --neutral: #4a525d; --neutral-bg: #eceff3;
  --code-bg: #11151b; --code-text: #dfe6ee;
  --radius: 10px; --radius-sm: 6px;
  --shadow: 0 1px 2px rgb(16 24 40 / 5%), 0 1px 3px rgb(16 24 40 / 7%);
  font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', sans-serif;
  background: var(--bg); color: var(--text);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1116; --surface: #161a21; --surface-2: #1c212a; --border: #2a313c; --border-strong: #3a4350;
    --text: #e7eaef; --muted: #a0a9b6; --accent: #8ea0ff; --accent-hover: #aab7ff; --on-accent: #0b0e14;
    --ok: #6fd39c; --ok-bg: #13291d; --info: #93b1ff; --info-bg: #16213a; --warn: #f0c265; --warn-bg: #2d2411;
    --err: #ff9d95; --err-bg: #351816; --neutral: #c3cad4; --neutral-bg: #232a34;
    --code-bg: #0a0c10; --shadow: none;
  }
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; }
a { color: var(--accent); text-underline-offset: 2px; }
a:hover { color: var(--accent-hover); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; border-radius: 4px; }
h1, h2, h3 { line-height: 1.25; margin: 0; }
h1 { font-size: 1.5rem; font-weight: 650; letter-spacing: -0.01em; }
h2 { font-size: 1.05rem; font-weight: 620; }
p { margin: 0; }
.muted { color: var(--muted); }
.num { font-variant-numeric: tabular-nums; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.875em; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip-link { position: absolute; left: 12px; top: -48px; background: var(--accent); color: var(--on-accent);
  padding: 8px 14px; border-radius: var(--radius-sm); z-index: 10; }
.skip-link:focus { top: 12px; }

/* Top bar */
.topbar { background: var(--surface); border-bottom: 1px solid var(--border); }
.topbar-inner { max-width: 1200px; margin: 0 auto; padding: 0 24px; display: flex; align-items: center;
  gap: 24px; min-height: 60px; flex-wrap: wrap; }
.brand { display: flex; align-items: center; gap: 10px; color: var(--text); text-decoration: none;
  font-weight: 680; letter-spacing: -0.01em; }
.brand svg { width: 26px; height: 26px; color: var(--accent); }
.brand-tag { font-size: 0.72rem; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em;
  color: var(--muted); border: 1px solid var(--border); border-radius: 999px; padding: 1px 8px; }
.nav { display: flex; gap: 4px; flex: 1; overflow-x: auto; }
.nav a { color: var(--muted); text-decoration: none; padding: 8px 12px; border-radius: var(--radius-sm);
  font-weight: 520; white-space: nowrap; }
.nav a:hover { color: var(--text); background: var(--surface-2); }
.nav a[aria-current='page'] { color: var(--text); background: var(--surface-2);
  box-shadow: inset 0 -2px 0 var(--accent); }
.account { display: flex; align-items: center; gap: 10px; color: var(--muted); font-size: 0.9rem; }
.account form { margin: 0; }

/* Page */
.container { max-width: 1200px; margin: 0 auto; padding: 28px 24px 64px; }
.page-head { display: flex; align-items: flex-end; justify-content: space-between; gap: 16px;
  flex-wrap: wrap; margin-bottom: 20px; }
.page-head .subtitle { color: var(--muted); margin-top: 4px; overflow-wrap: anywhere; }
.crumbs { font-size: 0.875rem; margin-bottom: 6px; }
.section { margin-top: 28px; }
.section > h2 { margin-bottom: 12px; }
.section-head { display: flex; align-items: baseline; justify-content: space-between; gap: 12px;
  margin-bottom: 12px; flex-wrap: wrap; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius);
  box-shadow: var(--shadow); padding: 18px 20px; }
.card.flush { padding: 0; overflow: hidden; }
.card.flush > .card-pad { padding: 16px 20px 0; }
.grid { display: grid; gap: 16px; }
.grid.stats { grid-template-columns: repeat(auto-fit, minmax(165px, 1fr)); }
.grid.two { grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); align-items: start; }
.stat-label { color: var(--muted); font-size: 0.8rem; font-weight: 600; text-transform: uppercase;
  letter-spacing: 0.05em; display: flex; align-items: center; gap: 8px; }
.stat-value { font-size: 1.9rem; font-weight: 650; letter-spacing: -0.02em; margin-top: 6px;
  font-variant-numeric: tabular-nums; }
.stat-sub { color: var(--muted); font-size: 0.85rem; margin-top: 2px; }
.stat a.stat-link { color: inherit; text-decoration: none; }
.stat a.stat-link:hover .stat-value { color: var(--accent); }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 14px 20px; margin: 0; }
dl.facts dt { color: var(--muted); font-size: 0.75rem; font-weight: 600; text-transform: uppercase;
  letter-spacing: 0.05em; }
dl.facts dd { margin: 2px 0 0; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
.grid.asset-top { grid-template-columns: repeat(auto-fit, minmax(min(100%, 440px), 1fr)); align-items: start; }

/* Status */
.badge { display: inline-flex; align-items: center; gap: 6px; padding: 2px 10px; border-radius: 999px;
  font-size: 0.8rem; font-weight: 600; white-space: nowrap; background: var(--neutral-bg); color: var(--neutral); }
.badge::before { content: ''; width: 7px; height: 7px; border-radius: 50%; background: currentColor; }
.badge.s-ready, .badge.s-completed { background: var(--ok-bg); color: var(--ok); }
.badge.s-processing, .badge.s-active { background: var(--info-bg); color: var(--info); }
.badge.s-errored, .badge.s-failed { background: var(--err-bg); color: var(--err); }
.badge.s-delayed, .badge.s-paused { background: var(--warn-bg); color: var(--warn); }
.dot { width: 9px; height: 9px; border-radius: 50%; display: inline-block; background: var(--neutral); }
.dot.s-ready { background: var(--ok); } .dot.s-processing { background: var(--info); }
.dot.s-errored { background: var(--err); } .dot.s-queued { background: var(--neutral); }

/* Progress */
.progress { display: flex; align-items: center; gap: 10px; min-width: 140px; }
.progress span { font-size: 0.85rem; color: var(--muted); min-width: 3.2em; text-align: right;
  font-variant-numeric: tabular-nums; }
progress { appearance: none; -webkit-appearance: none; flex: 1; width: 100%; height: 8px; border: 0;
  border-radius: 999px; background: var(--surface-2); overflow: hidden; color: var(--accent); }
progress::-webkit-progress-bar { background: var(--surface-2); border-radius: 999px; }
progress::-webkit-progress-value { background: var(--accent); border-radius: 999px; transition: width 0.6s ease; }
progress::-moz-progress-bar { background: var(--accent); border-radius: 999px; }
progress.s-ready::-webkit-progress-value { background: var(--ok); }
progress.s-ready::-moz-progress-bar { background: var(--ok); }
progress.s-errored::-webkit-progress-value { background: var(--err); }
progress.s-errored::-moz-progress-bar { background: var(--err); }
@media (prefers-reduced-motion: reduce) { progress::-webkit-progress-value { transition: none; } }

/* Tables */
.table-wrap { overflow-x: auto; }
table.table { width: 100%; border-collapse: collapse; font-size: 0.925rem; }
.table th { text-align: left; font-size: 0.78rem; font-weight: 600; color: var(--muted); text-transform: uppercase;
  letter-spacing: 0.05em; padding: 10px 16px; border-bottom: 1px solid var(--border); background: var(--surface-2);
  white-space: nowrap; }
.table td, .table tbody th { padding: 12px 16px; border-bottom: 1px solid var(--border); vertical-align: middle; }
.table tbody th { text-transform: none; letter-spacing: 0; font-size: inherit; color: var(--text); background: none;
  font-weight: 600; white-space: normal; }
.table tbody tr:last-child td, .table tbody tr:last-child th { border-bottom: 0; }
.table tbody tr:hover { background: var(--surface-2); }
.table td.num, .table th.num { text-align: right; }
.asset-title { font-weight: 580; color: var(--text); text-decoration: none; overflow-wrap: anywhere; }
.asset-title:hover { color: var(--accent); text-decoration: underline; }
.asset-id { display: block; color: var(--muted); font-size: 0.8rem; }
@media (max-width: 760px) {
  .table.stack thead { display: none; }
  .table.stack tr { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 16px; padding: 14px 16px;
    border-bottom: 1px solid var(--border); }
  .table.stack td { display: block; padding: 0; border: 0; text-align: left !important; }
  .table.stack td::before { content: attr(data-label); display: block; font-size: 0.72rem; color: var(--muted);
    text-transform: uppercase; letter-spacing: 0.05em; font-weight: 600; }
  .table.stack td.primary { grid-column: 1 / -1; }
  .table.stack td.primary::before { display: none; }
}

/* Forms and buttons */
.toolbar { display: flex; gap: 10px; flex-wrap: wrap; align-items: flex-end; margin-bottom: 16px; }
.field { display: flex; flex-direction: column; gap: 4px; }
.field label { font-size: 0.85rem; font-weight: 560; }
.field.grow { flex: 1; min-width: 200px; }
input[type='text'], input[type='search'], input[type='password'], select, input[type='file'] {
  font: inherit; color: var(--text); background: var(--surface); border: 1px solid var(--border-strong);
  border-radius: var(--radius-sm); padding: 8px 11px; min-height: 40px; width: 100%; }
input[type='file'] { padding: 5px 8px; }
input[type='file']::file-selector-button { font: inherit; font-weight: 560; margin-right: 12px; padding: 4px 12px;
  border-radius: var(--radius-sm); border: 1px solid var(--border-strong); background: var(--surface-2); color: var(--text);
  cursor: pointer; }
input:focus-visible, select:focus-visible { outline: 3px solid var(--accent); outline-offset: 0; }
.btn { font: inherit; font-weight: 560; display: inline-flex; align-items: center; justify-content: center; gap: 8px;
  min-height: 40px; padding: 8px 16px; border-radius: var(--radius-sm); border: 1px solid var(--border-strong);
  background: var(--surface); color: var(--text); cursor: pointer; text-decoration: none; white-space: nowrap; }
.btn:hover { background: var(--surface-2); color: var(--text); }
.btn.primary { background: var(--accent); border-color: var(--accent); color: var(--on-accent); }
.btn.primary:hover { background: var(--accent-hover); border-color: var(--accent-hover); color: var(--on-accent); }
.btn.danger { color: var(--err); border-color: var(--err); }
.btn.danger:hover { background: var(--err-bg); }
.btn.danger.solid { background: var(--err); color: var(--surface); }
.btn.quiet { border-color: transparent; background: transparent; color: var(--muted); }
.btn.quiet:hover { color: var(--text); background: var(--surface-2); }
.btn.small { min-height: 32px; padding: 4px 12px; font-size: 0.875rem; }
.btn[disabled] { opacity: 0.55; cursor: not-allowed; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; }
.actions form { margin: 0; }
.pager { display: flex; justify-content: space-between; align-items: center; gap: 12px; padding: 12px 16px;
  border-top: 1px solid var(--border); color: var(--muted); font-size: 0.9rem; }

/* Notices */
.notice { border-radius: var(--radius); padding: 12px 16px; margin-bottom: 18px; border: 1px solid;
  display: flex; gap: 10px; align-items: flex-start; }
.notice.ok { background: var(--ok-bg); color: var(--ok); border-color: color-mix(in srgb, var(--ok) 35%, transparent); }
.notice.err { background: var(--err-bg); color: var(--err); border-color: color-mix(in srgb, var(--err) 35%, transparent); }
.notice.info { background: var(--info-bg); color: var(--info); border-color: color-mix(in srgb, var(--info) 35%, transparent); }
.notice p + p { margin-top: 4px; }
.empty { text-align: center; padding: 40px 20px; color: var(--muted); }
.empty strong { display: block; color: var(--text); font-size: 1.05rem; margin-bottom: 4px; }
.error-box { border-left: 4px solid var(--err); background: var(--err-bg); padding: 14px 16px;
  border-radius: var(--radius-sm); }
.error-box .code { font-weight: 650; color: var(--err); }
pre.output { background: var(--code-bg); color: var(--code-text); border-radius: var(--radius-sm); padding: 14px 16px;
  overflow: auto; max-height: 320px; font: 0.82rem/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  margin: 12px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
details > summary { cursor: pointer; color: var(--muted); font-weight: 560; margin-top: 10px; }

/* Charts */
svg.spark { width: 100%; height: 56px; display: block; margin-top: 10px; }
svg.spark .bar { fill: var(--accent); opacity: 0.85; }
svg.spark .bar.failed { fill: var(--err); }
svg.spark .base { stroke: var(--border); }
.spark-axis { display: flex; justify-content: space-between; color: var(--muted); font-size: 0.75rem; margin-top: 4px; }
svg.timeline { width: 100%; height: auto; display: block; }
svg.timeline .wait { fill: var(--neutral-bg); stroke: var(--border-strong); }
svg.timeline .run { fill: var(--accent); }
svg.timeline .run.failed { fill: var(--err); }
.legend { display: flex; gap: 16px; flex-wrap: wrap; font-size: 0.82rem; color: var(--muted); margin-top: 8px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px;
  vertical-align: -1px; background: var(--accent); }
.legend i.wait { background: var(--neutral-bg); border: 1px solid var(--border-strong); }
.legend i.failed { background: var(--err); }
.runs { list-style: none; margin: 0; padding: 0; display: grid; gap: 14px; }
.run-head { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.run-meta { color: var(--muted); font-size: 0.85rem; }
.run-reason { color: var(--err); font-size: 0.875rem; margin-top: 6px; overflow-wrap: anywhere; }
.stages { list-style: none; margin: 8px 0 0; padding: 0; display: grid; gap: 6px; font-size: 0.9rem; }
.stages li { display: grid; grid-template-columns: minmax(9em, 14em) minmax(40px, 1fr) auto 6em; gap: 10px;
  align-items: center; padding: 4px 0; border-bottom: 1px dashed var(--border); }
.stages li:last-child { border-bottom: 0; }
.stages .num { text-align: right; }
svg.stage-bar { width: 100%; height: 8px; display: block; }
svg.stage-bar rect { fill: var(--accent); }
svg.stage-bar rect.failed { fill: var(--err); }
svg.stage-bar rect.running { opacity: 0.55; }

/* Player and media */
.player-box { container-type: inline-size; }
/* The player page: its video (16:9, at most 960 px, inside 24 px padding) plus its title and switch. */
.player-frame { width: 100%; height: calc(min(100cqw - 48px, 960px) * 0.5625 + 185px); border: 1px solid var(--border);
  border-radius: var(--radius-sm); background: var(--surface); display: block; }
.artwork { display: flex; gap: 20px; flex-wrap: wrap; align-items: flex-start; }
.artwork figure { margin: 0; }
.artwork .poster { width: min(320px, 100%); }
.artwork .poster img { width: 100%; border-radius: var(--radius-sm); border: 1px solid var(--border); display: block; }
.artwork figcaption { color: var(--muted); font-size: 0.85rem; margin-top: 6px; }
.thumbs { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(3, minmax(0, 140px));
  gap: 10px; }
.thumbs img { width: 100%; border-radius: 4px; border: 1px solid var(--border); display: block; }
.thumbs span { color: var(--muted); font-size: 0.8rem; }
img.sheet { max-width: 100%; margin-top: 10px; border-radius: var(--radius-sm); border: 1px solid var(--border); }

/* Workers */
.workers { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
.workers p { font-size: 0.85rem; }
.workers li { display: flex; justify-content: space-between; gap: 12px; align-items: center; flex-wrap: wrap;
  padding: 10px 12px; border: 1px solid var(--border); border-radius: var(--radius-sm); }
.failures { list-style: none; margin: 0; padding: 0; }
.failures li { padding: 10px 0; border-bottom: 1px solid var(--border); display: grid; gap: 2px; }
.failures li:last-child { border-bottom: 0; }
.failures .reason { color: var(--err); font-size: 0.875rem; overflow-wrap: anywhere; }

/* Dialog */
dialog.confirm { border: 1px solid var(--border); border-radius: var(--radius); padding: 0; max-width: 440px;
  width: calc(100% - 32px); background: var(--surface); color: var(--text); box-shadow: 0 20px 50px rgb(0 0 0 / 25%); }
dialog.confirm::backdrop { background: rgb(15 18 24 / 45%); }
dialog.confirm .body { padding: 22px 22px 8px; display: grid; gap: 8px; }
dialog.confirm .foot { display: flex; justify-content: flex-end; gap: 8px; padding: 16px 22px 20px; }
.banner { position: sticky; top: 0; z-index: 5; background: var(--warn-bg); color: var(--warn);
  border-bottom: 1px solid var(--border); padding: 10px 24px; text-align: center; }

/* Sign-in */
.signin { min-height: 100vh; display: grid; place-items: center; padding: 24px; }
.signin .card { width: min(400px, 100%); padding: 28px; display: grid; gap: 18px; }
.signin .brand { justify-content: center; font-size: 1.2rem; }
.signin form { display: grid; gap: 14px; }
.signin .btn { width: 100%; }
@media (max-width: 640px) {
  .topbar-inner { padding: 8px 14px; gap: 6px 10px; }
  .brand { flex: 1; }
  .nav { order: 3; flex-basis: 100%; margin: 0 -6px; }
  .account .who { display: none; }
  .container { padding: 18px 14px 48px; }
  .stat-value { font-size: 1.55rem; }
  .card { padding: 14px 16px; }
  dl.facts { grid-template-columns: 1fr; gap: 2px; }
  dl.facts dd { margin-bottom: 8px; }
}
`;
