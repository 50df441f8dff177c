/** @jsxImportSource hono/jsx */
/** Pages with little in them: sign-in, dashboard switched off, confirmation without script, errors. */
import type { AssetRecord } from '../../../packager/domain/asset.js';
import type { AssetAction } from '../asset-actions.js';
import { ADMIN_BASE_PATH } from '../session-cookie.js';
import type { AdminSession } from '../session-store.js';
import { ACTION_COPY } from './asset-parts.js';
import { assetDisplayTitle, CsrfField, Notice } from './components.js';
import { BrandMark, Layout, PlainLayout } from './layout.js';

function Brand() {
  return (
    <p class="brand">
      <BrandMark />
      <span>ScalaCast</span>
      <span class="brand-tag">Admin</span>
    </p>
  );
}

export function SignInPage(props: {
  formToken: string;
  next: string;
  user: string;
  problem: 'wrong-credentials' | 'throttled' | 'expired-form' | null;
  signedOut: boolean;
}) {
  const problems = {
    'wrong-credentials': 'That user name and password do not match. Try again.',
    throttled: 'Too many failed attempts from this address. Wait 15 minutes and try again.',
    'expired-form': 'The sign-in form expired. Please sign in again.',
  } as const;
  return (
    <PlainLayout title="Sign in">
      <div class="card">
        <Brand />
        <div>
          <h1>Sign in</h1>
          <p class="muted">Operators only. Sessions end after a while; sign in again then.</p>
        </div>
        {props.problem ? <Notice tone="err">{problems[props.problem]}</Notice> : null}
        {props.signedOut ? <Notice tone="ok">You are signed out.</Notice> : null}
        <form method="post" action={`${ADMIN_BASE_PATH}/sign-in`}>
          <input type="hidden" name="_csrf" value={props.formToken} />
          <input type="hidden" name="next" value={props.next} />
          <div class="field">
            <label for="user">User name</label>
            <input
              id="user"
              name="user"
              type="text"
              autocomplete="username"
              required
              value={props.user}
              autofocus
            />
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <button class="btn primary" type="submit">
            Sign in
          </button>
        </form>
      </div>
    </PlainLayout>
  );
}

export function DisabledPage() {
  return (
    <PlainLayout title="Admin dashboard is off">
      <div class="card">
        <Brand />
        <h1>The admin dashboard is off</h1>
        <p>
          It turns on when the origin is started with <code>ADMIN_PASSWORD</code> set (12 characters or more),
          and optionally <code>ADMIN_USER</code> (default <code>admin</code>).
        </p>
        <p class="muted">Nothing under /admin answers until then.</p>
      </div>
    </PlainLayout>
  );
}

/** The confirmation step for a browser without the script (the dialog replaces it otherwise). */
export function ConfirmPage(props: { asset: AssetRecord; action: AssetAction; session: AdminSession }) {
  const copy = ACTION_COPY[props.action];
  const target = `${ADMIN_BASE_PATH}/assets/${props.asset.id}`;
  return (
    <Layout title={copy.title} session={props.session} active="assets">
      <div class="card">
        <h1>{copy.title}</h1>
        <p class="section">
          <strong>{assetDisplayTitle(props.asset)}</strong> <span class="mono muted">{props.asset.id}</span>
        </p>
        <p class="section">{copy.text}</p>
        <form class="actions section" method="post" action={`${target}/${props.action}`}>
          <CsrfField session={props.session} />
          <input type="hidden" name="confirmed" value="1" />
          <button class={copy.tone === 'danger' ? 'btn danger solid' : 'btn primary'} type="submit">
            {copy.label}
          </button>
          <a class="btn" href={target}>
            Keep it as it is
          </a>
        </form>
      </div>
    </Layout>
  );
}

export function ErrorPage(props: { status: number; title: string; detail: string; requestId: string }) {
  return (
    <PlainLayout title={props.title}>
      <div class="card">
        <Brand />
        <h1>{props.title}</h1>
        <p>{props.detail}</p>
        <p class="muted">
          Request id <span class="mono">{props.requestId}</span> · HTTP {props.status}
        </p>
        <p>
          <a class="btn" href={ADMIN_BASE_PATH}>
            Back to the dashboard
          </a>
        </p>
      </div>
    </PlainLayout>
  );
}
