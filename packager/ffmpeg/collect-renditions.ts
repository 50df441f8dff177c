/**
 * Reads a transcode's folder back into TranscodedRendition[] in plan order: video rungs (dash representation
 * i of the `video` output is plan.video[i]) then audio. Finished (collectRenditions) or still running
 * (writtenSoFar, for segment-level progressive publish).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../domain/errors.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { TranscodedRendition } from '../ports.js';
import { parseOutputFileName, type OutputKind } from './output-layout.js';

interface RenditionFiles {
  readonly id: string;
  readonly type: 'video' | 'audio';
  readonly init: string | undefined;
  /** Segment file names by number, sorted. */
  readonly segments: readonly { readonly name: string; readonly number: number }[];
}

export async function collectRenditions(outputDir: string, plan: LadderPlan): Promise<TranscodedRendition[]> {
  return (await listRenditionFiles(outputDir, plan)).map((rendition) => {
    const { init, segments } = rendition;
    const contiguous = segments.every((segment, index) => segment.number === index + 1);
    if (init === undefined || segments.length === 0 || !contiguous) {
      throw new AppError(
        'transcode_failed',
        `The encoder finished without writing a complete ${rendition.id} rendition.`,
        {
          details: {
            rendition: rendition.id,
            hasInit: init !== undefined,
            segments: segments.map((s) => s.number),
          },
        },
      );
    }
    return toTranscoded(outputDir, rendition, init, segments.length);
  });
}

/**
 * While the encoder runs: each rendition's init and its segments from the first up to the first gap. The dash
 * muxer writes a segment under a temporary name and renames it once closed, so a listed name is a complete
 * file. Renditions without a complete segment are left out.
 */
export async function writtenSoFar(outputDir: string, plan: LadderPlan): Promise<TranscodedRendition[]> {
  return (await listRenditionFiles(outputDir, plan)).flatMap((rendition) => {
    const gap = rendition.segments.findIndex((segment, index) => segment.number !== index + 1);
    const count = gap === -1 ? rendition.segments.length : gap;
    if (rendition.init === undefined || count === 0) return [];
    return [toTranscoded(outputDir, rendition, rendition.init, count)];
  });
}

async function listRenditionFiles(outputDir: string, plan: LadderPlan): Promise<RenditionFiles[]> {
  const expected: { id: string; type: 'video' | 'audio'; kind: OutputKind; representation: number }[] =
    plan.video.map((rung, index) => ({ id: rung.id, type: 'video', kind: 'video', representation: index }));
  if (plan.audio !== null)
    expected.push({ id: plan.audio.id, type: 'audio', kind: 'audio', representation: 0 });

  const files = (await readdir(outputDir))
    .map((name) => ({ name, parsed: parseOutputFileName(name) }))
    .filter((file) => file.parsed !== null);

  return expected.map((want) => {
    const mine = files.filter(
      (file) => file.parsed?.kind === want.kind && file.parsed.representation === want.representation,
    );
    const segments = mine
      .flatMap((file) =>
        file.parsed?.segmentNumber == null ? [] : [{ name: file.name, number: file.parsed.segmentNumber }],
      )
      .sort((a, b) => a.number - b.number);
    const init = mine.find((file) => file.parsed?.segmentNumber === null)?.name;
    return { id: want.id, type: want.type, init, segments };
  });
}

function toTranscoded(
  outputDir: string,
  rendition: RenditionFiles,
  init: string,
  count: number,
): TranscodedRendition {
  return {
    id: rendition.id,
    type: rendition.type,
    initPath: path.join(outputDir, init),
    segmentPaths: rendition.segments.slice(0, count).map((segment) => path.join(outputDir, segment.name)),
  };
}
