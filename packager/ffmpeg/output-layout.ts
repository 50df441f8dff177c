/**
 * File names of one transcode's output folder, shared by the argument builder (which tells ffmpeg's dash
 * muxer the templates) and the transcoder (which reads the files back). Two dash outputs share the folder:
 * `video` (every rung, representation ids 0..N-1 in plan order) and `audio` (representation 0).
 */
export type OutputKind = 'video' | 'audio';

/** ffmpeg's own MPD for each output; ScalaCast ignores it and renders its manifests from segment facts. */
export function manifestFileName(kind: OutputKind): string {
  return `${kind}.mpd`;
}

/** dash-muxer template of the init segment names. */
export function initSegmentTemplate(kind: OutputKind): string {
  return `${kind}-init-$RepresentationID$.m4s`;
}

/** dash-muxer template of the media segment names; `$Number$` starts at 1. */
export function mediaSegmentTemplate(kind: OutputKind): string {
  return `${kind}-chunk-$RepresentationID$-$Number%05d$.m4s`;
}

export interface OutputFile {
  readonly kind: OutputKind;
  readonly representation: number;
  /** Null for an init segment, else the segment number (1-based). */
  readonly segmentNumber: number | null;
}

const FILE_PATTERN = /^(video|audio)-(?:init-(\d+)|chunk-(\d+)-(\d+))\.m4s$/;

/** Parses a name the templates above produce; null for anything else (the MPDs, temp files). */
export function parseOutputFileName(name: string): OutputFile | null {
  const match = FILE_PATTERN.exec(name);
  if (match === null) return null;
  const kind = match[1] as OutputKind;
  if (match[2] !== undefined) return { kind, representation: Number(match[2]), segmentNumber: null };
  return { kind, representation: Number(match[3]), segmentNumber: Number(match[4]) };
}
