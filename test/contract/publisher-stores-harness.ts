import type { Catalog, Clock, PublisherStores } from '../../packager/ports.js';
import type { ManualClock } from './catalog-fixtures.js';

/** One isolated set of stores for a test: the catalog (for assets) and every publisher store beside it. */
export interface PublisherStoresUnderTest {
  readonly catalog: Catalog;
  readonly stores: PublisherStores;
}

export type MakePublisherStores = (clock: Clock) => Promise<PublisherStoresUnderTest>;

/** What a contract section needs from the suite: the stores and clock of the running test. */
export interface PublisherHarness {
  catalog(): Catalog;
  stores(): PublisherStores;
  clock(): ManualClock;
}
