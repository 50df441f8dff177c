/**
 * The public asset API (/v1/assets) on fakes: a memory catalog, object store and publisher stores, and the
 * test app's recording queue, built afresh before each test of the file that calls useAssetApi.
 */
import { beforeEach } from 'vitest';
import { createTestApp } from '../../origin/testing/app-harness.js';
import { authHeaders, createRecordingEvents } from '../../origin/testing/publisher-harness.js';
import { createMemoryCatalog } from '../fakes/memory-catalog.js';
import { createMemoryObjectStore, type MemoryObjectStore } from '../fakes/memory-object-store.js';
import { createMemoryPublisherStores } from '../fakes/memory-publisher-stores.js';

type AppConfig = Parameters<typeof createTestApp>[0]['config'];

interface AssetApiState {
  readonly store: MemoryObjectStore;
  readonly catalog: ReturnType<typeof createMemoryCatalog>;
  readonly events: ReturnType<typeof createRecordingEvents>;
  readonly harness: ReturnType<typeof createTestApp>;
}

export interface AssetApi extends AssetApiState {
  /** A request with the test bootstrap key. */
  api(path: string, init?: RequestInit): Response | Promise<Response>;
  /** POST /v1/assets with a raw body (video/mp4 unless `headers` say otherwise). */
  upload(
    body: BodyInit | null,
    headers?: Record<string, string>,
    query?: string,
  ): Response | Promise<Response>;
  /** The app again with another configuration, on the same fakes. */
  reconfigure(config: AppConfig): void;
}

export function useAssetApi(config: AppConfig): AssetApi {
  let state: AssetApiState | undefined;
  const current = (): AssetApiState => {
    if (!state) throw new Error('useAssetApi: the app exists only inside a test');
    return state;
  };
  const build = (fakes: Omit<AssetApiState, 'harness'>, appConfig: AppConfig): AssetApiState => ({
    ...fakes,
    harness: createTestApp({
      catalog: fakes.catalog,
      store: fakes.store,
      config: appConfig,
      publisher: { stores: createMemoryPublisherStores(fakes.catalog), events: fakes.events },
    }),
  });

  beforeEach(() => {
    state = build(
      { store: createMemoryObjectStore(), catalog: createMemoryCatalog(), events: createRecordingEvents() },
      config,
    );
  });

  return {
    get store() {
      return current().store;
    },
    get catalog() {
      return current().catalog;
    },
    get events() {
      return current().events;
    },
    get harness() {
      return current().harness;
    },
    api: (path, init = {}) =>
      current().harness.app.request(path, {
        ...init,
        headers: { ...authHeaders(), ...(init.headers as Record<string, string>) },
      }),
    upload: (body, headers = {}, query = '') =>
      current().harness.app.request(`http://origin.test/v1/assets${query}`, {
        method: 'POST',
        body,
        headers: { ...authHeaders(), 'content-type': 'video/mp4', ...headers },
        duplex: 'half',
      } as RequestInit),
    reconfigure: (appConfig) => {
      state = build(current(), appConfig);
    },
  };
}
