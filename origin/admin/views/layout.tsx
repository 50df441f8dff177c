/** @jsxImportSource hono/jsx */
/**
 * The page frame every dashboard page shares: top bar with navigation and sign-out, a skip link, the
 * confirmation dialog the script uses, a polite live region for status announcements, and the banner shown
 * when the session ends while a page is open.
 */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { adminStaticHref } from '../admin-static.js';
import type { AdminSession } from '../session-store.js';
import { ADMIN_BASE_PATH } from '../session-cookie.js';
import { CsrfField } from './components.js';

export type NavSection = 'overview' | 'assets' | 'queues';

export function BrandMark() {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <rect x="1.5" y="1.5" width="21" height="21" rx="6" fill="currentColor" />
      <path d="M9.5 7.8v8.4l7-4.2z" fill="#fff" />
    </svg>
  );
}

function Document(props: { title: string; csrfToken?: string; children: Child }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="same-origin" />
          {props.csrfToken ? <meta name="csrf-token" content={props.csrfToken} /> : null}
          <title>{`${props.title} · ScalaCast admin`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={adminStaticHref('admin.css')} />
          <script src={adminStaticHref('admin.js')} defer></script>
        </head>
        <body>{props.children}</body>
      </html>
    </>
  );
}

const NAV: readonly { section: NavSection; label: string; href: string }[] = [
  { section: 'overview', label: 'Overview', href: ADMIN_BASE_PATH },
  { section: 'assets', label: 'Assets', href: `${ADMIN_BASE_PATH}/assets` },
  { section: 'queues', label: 'Queues', href: `${ADMIN_BASE_PATH}/queues` },
];

export function Layout(props: { title: string; session: AdminSession; active: NavSection; children: Child }) {
  return (
    <Document title={props.title} csrfToken={props.session.csrfToken}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <div id="session-banner" class="banner" role="alert" hidden>
        Your session has ended. <a href={`${ADMIN_BASE_PATH}/sign-in`}>Sign in again</a> to keep the numbers
        live.
      </div>
      <header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href={ADMIN_BASE_PATH}>
            <BrandMark />
            <span>ScalaCast</span>
            <span class="brand-tag">Admin</span>
          </a>
          <nav class="nav" aria-label="Dashboard">
            {NAV.map((item) => (
              <a href={item.href} aria-current={item.section === props.active ? 'page' : undefined}>
                {item.label}
              </a>
            ))}
          </nav>
          <div class="account">
            <span class="who">
              Signed in as <strong>{props.session.user}</strong>
            </span>
            <form method="post" action={`${ADMIN_BASE_PATH}/sign-out`}>
              <CsrfField session={props.session} />
              <button class="btn quiet small" type="submit">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" class="container" tabindex={-1}>
        {props.children}
      </main>
      <div id="live-announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
      <dialog id="confirm-dialog" class="confirm" aria-labelledby="confirm-title">
        <form method="dialog">
          <div class="body">
            <h2 id="confirm-title" data-confirm-title>
              Are you sure?
            </h2>
            <p class="muted" data-confirm-text></p>
          </div>
          <div class="foot">
            <button class="btn" type="submit" value="cancel" autofocus>
              Cancel
            </button>
            <button class="btn primary" type="submit" value="confirm" data-confirm-ok>
              Confirm
            </button>
          </div>
        </form>
      </dialog>
    </Document>
  );
}

/** Pages without a session: sign-in, the "dashboard is off" page. */
export function PlainLayout(props: { title: string; children: Child }) {
  return (
    <Document title={props.title}>
      <main class="signin">{props.children}</main>
    </Document>
  );
}
