/** @jsxImportSource hono/jsx */
/**
 * The dashboard's pages and the fragments their script re-fetches to stay live. A fragment is the same
 * component the page renders, alone: one rendering path, so a live update never looks different from a
 * reload.
 */
import { Hono, type Context } from 'hono';
import { ASSET_STATUSES, isAssetId, type AssetStatus } from '../../packager/domain/asset.js';
import { AppError } from '../../packager/domain/errors.js';
import type { AdminDeps } from './admin-deps.js';
import type { AdminEnv } from './admin-env.js';
import { loadAssetDetail, type AssetDetailModel } from './asset-detail-data.js';
import { loadOverview } from './overview-data.js';
import { ADMIN_BASE_PATH } from './session-cookie.js';
import { AssetDetailLive, AssetDetailPage } from './views/asset-detail-view.js';
import { AssetsLive, AssetsPage, type AssetsListModel, type AssetsQuery } from './views/assets-view.js';
import { noticeFor } from './views/notices.js';
import { OverviewLive, OverviewPage } from './views/overview-view.js';

const PAGE_SIZE = 25;
const MAX_SEARCH_LENGTH = 200;

export function createPageRoutes(deps: AdminDeps): Hono<AdminEnv> {
  const routes = new Hono<AdminEnv>();
  const fragments = `${ADMIN_BASE_PATH}/fragments`;

  routes.get(ADMIN_BASE_PATH, async (c) => {
    const model = await loadOverview(deps, c.get('logger'));
    return c.html(<OverviewPage model={model} session={c.get('adminSession')} />);
  });
  routes.get(`${fragments}/overview`, async (c) => {
    const model = await loadOverview(deps, c.get('logger'));
    return c.html(<OverviewLive model={model} />);
  });

  routes.get(`${ADMIN_BASE_PATH}/assets`, async (c) => {
    const model = await loadAssets(deps, c);
    return c.html(
      <AssetsPage
        model={model}
        session={c.get('adminSession')}
        notice={noticeFor(c.req.query('notice'))}
        maxUploadBytes={deps.settings.maxUploadBytes}
      />,
    );
  });
  routes.get(`${fragments}/assets`, async (c) => c.html(<AssetsLive model={await loadAssets(deps, c)} />));

  routes.get(`${ADMIN_BASE_PATH}/assets/:id`, async (c) => {
    const model = await loadDetail(deps, c);
    return c.html(
      <AssetDetailPage
        model={model}
        session={c.get('adminSession')}
        notice={noticeFor(c.req.query('notice'))}
      />,
    );
  });
  routes.get(`${fragments}/assets/:id`, async (c) => {
    const model = await loadDetail(deps, c);
    return c.html(<AssetDetailLive model={model} session={c.get('adminSession')} />);
  });

  return routes;
}

function parseAssetsQuery(c: Context): AssetsQuery {
  const search = (c.req.query('q') ?? '').trim().slice(0, MAX_SEARCH_LENGTH);
  const status = c.req.query('status') ?? '';
  return {
    search,
    status: (ASSET_STATUSES as readonly string[]).includes(status) ? (status as AssetStatus) : null,
    cursor: c.req.query('cursor') ?? '',
  };
}

async function loadAssets(deps: AdminDeps, c: Context): Promise<AssetsListModel> {
  const query = parseAssetsQuery(c);
  const page = await deps.catalog.listAssets({
    limit: PAGE_SIZE,
    cursor: query.cursor || undefined,
    status: query.status ?? undefined,
    search: query.search || undefined,
  });
  return { assets: page.assets, nextCursor: page.nextCursor, query, nowMs: deps.clock.nowMs() };
}

async function loadDetail(deps: AdminDeps, c: Context<AdminEnv>): Promise<AssetDetailModel> {
  const id = c.req.param('id') ?? '';
  const model = isAssetId(id) ? await loadAssetDetail(deps, id, c.get('logger')) : null;
  if (!model) throw new AppError('asset_not_found', 'No asset has this id; it may have been deleted.');
  return model;
}
