/**
 * Reads a finished transcode's folder back into TranscodedRendition[] in plan order: video rungs (dash
 * representation i of the `video` output is plan.video[i]) then audio.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../domain/errors.js';
import type { LadderPlan } from '../domain/ladder-plan.js';
import type { TranscodedRendition } from '../ports.js';
import { parseOutputFileName, type OutputKind } from './output-layout.js';

interface Expected {
  readonly id: string;
  readonly type: 'video' | 'audio';
  readonly kind: OutputKind;
  readonly representation: number;
}

export async function collectRenditions(outputDir: string, plan: LadderPlan): Promise<TranscodedRendition[]> {
  const expected: Expected[] = plan.video.map((rung, index) => ({
    id: rung.id,
    type: 'video',
    kind: 'video',
    representation: index,
  }));
  if (plan.audio !== null)
    expected.push({ id: plan.audio.id, type: 'audio', kind: 'audio', representation: 0 });

  const files = (await readdir(outputDir))
    .map((name) => ({ name, parsed: parseOutputFileName(name) }))
    .filter((file) => file.parsed !== null);

  return expected.map((want) => {
    const mine = files.filter(
      (file) => file.parsed?.kind === want.kind && file.parsed.representation === want.representation,
    );
    const init = mine.find((file) => file.parsed?.segmentNumber === null);
    const segments = mine
      .flatMap((file) =>
        file.parsed?.segmentNumber == null ? [] : [{ ...file, number: file.parsed.segmentNumber }],
      )
      .sort((a, b) => a.number - b.number);
    const contiguous = segments.every((segment, index) => segment.number === index + 1);
    if (init === undefined || segments.length === 0 || !contiguous) {
      throw new AppError(
        'transcode_failed',
        `The encoder finished without writing a complete ${want.id} rendition.`,
        {
          details: {
            rendition: want.id,
            hasInit: init !== undefined,
            segments: segments.map((s) => s.number),
          },
        },
      );
    }
    return {
      id: want.id,
      type: want.type,
      initPath: path.join(outputDir, init.name),
      segmentPaths: segments.map((segment) => path.join(outputDir, segment.name)),
    };
  });
}
