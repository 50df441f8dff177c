/**
 * D2 and D5 for one AdaptationSet and its Representations: the attributes DASH-IF asks for are there, and
 * what they say (size, frame rate, sampling rate, channels, bandwidth, codecs) is what the segments hold.
 * Pure; used by dash-rules.ts.
 */
import type { MpdAdaptationSet } from '../../manifests/dash/parse.js';
import { type dashTracks, measuredFrameRate, peakBitrateBps, sampleTotals } from './tracks.js';
import { type Violation, violation } from './violation.js';

export type DashTrack = ReturnType<typeof dashTracks>[number];

export function checkAdaptationSet(
  out: Violation[],
  set: MpdAdaptationSet,
  tracks: readonly DashTrack[],
): void {
  const subject = `AdaptationSet ${set.id ?? '?'}`;
  const modes = new Set(set.representations.map((representation) => representation.addressing));
  if (modes.size > 1) out.push(violation('D3', subject, `mixes addressing modes: ${[...modes].join(', ')}`));
  const kind = set.contentType ?? set.mimeType?.split('/')[0] ?? tracks[0]?.kind;
  if (kind === 'video') {
    if (!set.segmentAlignment)
      out.push(violation('D2', subject, 'video AdaptationSet without segmentAlignment="true"'));
    for (const { representation, name } of tracks) {
      const mimeType = representation.mimeType ?? set.mimeType;
      if (mimeType !== 'video/mp4')
        out.push(violation('D2', name, `mimeType ${mimeType ?? 'absent'}, not video/mp4`));
      const missing = (
        [
          ['codecs', representation.codecs],
          ['width', representation.width],
          ['height', representation.height],
          ['frameRate', representation.frameRate],
          ['bandwidth', representation.bandwidthBps],
          ['sar', representation.sar],
        ] as const
      ).filter(([, value]) => value === null);
      if (missing.length > 0)
        out.push(violation('D2', name, `no @${missing.map(([key]) => key).join(', @')}`));
    }
  } else if (kind === 'audio') {
    if (set.lang === null) out.push(violation('D2', subject, 'audio AdaptationSet without @lang'));
    for (const { representation, name } of tracks) {
      if (representation.audioSamplingRateHz === null)
        out.push(violation('D2', name, 'no @audioSamplingRate'));
      if (representation.audioChannels === null)
        out.push(violation('D2', name, 'no AudioChannelConfiguration'));
    }
  }
}

/** D2 values and D5 codecs against the init segment. */
export function checkRepresentation(out: Violation[], track: DashTrack): void {
  const { representation, init, name } = track;
  if (init === null) return;
  if (representation.codecs !== null && representation.codecs !== init.codecs) {
    out.push(
      violation('D5', name, `codecs="${representation.codecs}", the init segment says ${init.codecs}`),
    );
  }
  if (representation.codecs === null && track.kind !== 'video') out.push(violation('D5', name, 'no @codecs'));
  if (track.kind === 'video') {
    if (representation.width !== null && representation.height !== null) {
      if (representation.width !== init.width || representation.height !== init.height) {
        out.push(
          violation(
            'D2',
            name,
            `${representation.width}x${representation.height} declared, the track is ${init.width}x${init.height}`,
          ),
        );
      }
    }
    const measured = measuredFrameRate(track);
    const { samples, ticks } = sampleTotals(track);
    if (representation.frameRate !== null && measured !== null) {
      const durationSeconds = ticks / init.timescale;
      if (Math.abs(representation.frameRate * durationSeconds - samples) > 1) {
        out.push(
          violation(
            'D2',
            name,
            `frameRate ${representation.frameRate.toFixed(3)}, measured ${measured.toFixed(3)}`,
          ),
        );
      }
    }
  }
  if (track.kind === 'audio') {
    if (
      representation.audioSamplingRateHz !== null &&
      representation.audioSamplingRateHz !== init.sampleRateHz
    ) {
      out.push(
        violation(
          'D2',
          name,
          `audioSamplingRate ${representation.audioSamplingRateHz}, the track has ${init.sampleRateHz} Hz`,
        ),
      );
    }
    const channels = representation.audioChannels === null ? null : Number(representation.audioChannels);
    if (channels !== null && channels !== init.channelCount) {
      out.push(
        violation(
          'D2',
          name,
          `AudioChannelConfiguration ${representation.audioChannels}, the track has ${init.channelCount} channels`,
        ),
      );
    }
  }
  const peak = peakBitrateBps(track);
  if (
    representation.bandwidthBps !== null &&
    peak !== null &&
    representation.bandwidthBps < Math.ceil(peak)
  ) {
    out.push(
      violation(
        'D2',
        name,
        `declared bandwidth ${representation.bandwidthBps} < measured peak ${Math.ceil(peak)}`,
      ),
    );
  }
}
