/**
 * What the admin dashboard needs, built by the composition root (see admin-setup.ts). The optional
 * `extensions` are small seams for data other parts of ScalaCast may provide (a worker fleet heartbeat, a
 * per-stage job timeline, posters and storyboards, a dedicated re-package): the pages show them when present
 * and say plainly when they are not.
 */
import type { Queue } from 'bullmq';
import type { AssetRecord } from '../../packager/domain/asset.js';
import type { AssetEvents, Catalog, Clock, JobQueue, ObjectStore } from '../../packager/ports.js';
import type { FleetWorker, QueueInsight } from './queue-insight.js';
import type { SessionStore } from './session-store.js';
import type { SignInThrottle } from './sign-in-throttle.js';

export interface AdminSettings {
  readonly user: string;
  readonly password: string;
  readonly sessionTtlMs: number;
  /** Largest upload from the dashboard, bytes (the API's limit). */
  readonly maxUploadBytes: number;
  /** Absolute public base; its scheme decides whether cookies are `Secure` when the request cannot tell. */
  readonly publicBaseUrl?: string | undefined;
}

/** One stage of one packaging attempt (probe, transcode, publish...). */
export interface StageSpan {
  readonly name: string;
  readonly startedAtMs: number;
  /** Null while the stage runs. */
  readonly durationMs: number | null;
  readonly outcome?: 'ok' | 'failed' | 'running' | undefined;
}

/** Still images of an asset's committed revision; URLs relative to the site (under its playback prefix). */
export interface Artwork {
  readonly posterUrl: string | null;
  /** The first storyboard sprite sheet: tiles left to right, then top to bottom. */
  readonly storyboardSheetUrl: string | null;
  /** The WebVTT that maps times to storyboard tiles (what players use for seek previews). */
  readonly storyboardVttUrl: string | null;
  /** A few thumbnails spread over the duration, in time order. */
  readonly thumbnails: readonly { readonly url: string; readonly atMs: number }[];
}

export interface AdminExtensions {
  /** Workers from a heartbeat registry; without it, BullMQ's connected clients are shown. */
  readonly listWorkers?: () => Promise<readonly FleetWorker[]>;
  /** The stages of one packaging attempt; null when the attempt recorded none. */
  readonly stageTimeline?: (assetId: string, revision: number) => Promise<readonly StageSpan[] | null>;
  /** Null when the asset has no images (nothing committed, or packaged before images existed). */
  readonly artwork?: (asset: AssetRecord, playbackPrefix: string) => Promise<Artwork | null>;
  /**
   * Re-packages an asset as a new revision and returns it. Without it the dashboard enqueues the next
   * revision itself through the JobQueue port.
   */
  readonly repackage?: (assetId: string) => Promise<{ readonly revision: number }>;
  /**
   * Where the asset's playback URLs start (`/play/{id}`, or a tokenised prefix for a signed asset): the page
   * embeds `{prefix}/player` and links `{prefix}/master.m3u8` and `{prefix}/manifest.mpd`.
   */
  readonly playbackPrefix?: (asset: AssetRecord) => string;
}

export interface AdminDeps {
  readonly settings: AdminSettings;
  readonly catalog: Catalog;
  readonly store: ObjectStore;
  readonly queue: JobQueue;
  readonly sessions: SessionStore;
  readonly signInThrottle: SignInThrottle;
  readonly insight: QueueInsight;
  /** Every BullMQ queue bull-board shows (read-only). */
  readonly boardQueues: readonly Queue[];
  readonly clock: Clock;
  readonly newAssetId: () => string;
  readonly extensions: AdminExtensions;
  /** Webhook events of uploads made from the dashboard (asset.created); none when absent. */
  readonly events?: AssetEvents;
}
