/**
 * H5 for the EXT-X-MEDIA tags of a multivariant playlist: unique names and at most one default per group,
 * BCP-47 languages, and CHANNELS on audio that matches the rendition. Pure; used by hls-rules.ts.
 */
import type { HlsMediaTag } from '../../manifests/hls/parse.js';
import type { Track } from './tracks.js';
import { type Violation, violation } from './violation.js';

/** BCP-47 as players use it: a 2-3 letter language, then subtags (`en`, `pt-BR`, `zh-Hant`, `und`). */
const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

export function checkMediaTags(
  out: Violation[],
  media: readonly HlsMediaTag[],
  trackAt: (uri: string) => Track | undefined,
): void {
  const groups = new Map<string, HlsMediaTag[]>();
  for (const tag of media) {
    const key = `${tag.type} ${tag.groupId}`;
    groups.set(key, [...(groups.get(key) ?? []), tag]);
  }
  for (const [key, tags] of groups) {
    const names = tags.map((tag) => tag.name);
    const repeated = names.filter((name, index) => names.indexOf(name) !== index);
    if (repeated.length > 0)
      out.push(violation('H5', key, `NAME ${repeated.join(', ')} used twice in the group`));
    const defaults = tags.filter((tag) => tag.isDefault).length;
    if (defaults > 1) out.push(violation('H5', key, `${defaults} renditions are DEFAULT=YES`));
  }
  for (const tag of media) {
    const subject = tag.uri === null ? `${tag.type} ${tag.name}` : (trackAt(tag.uri)?.name ?? tag.name);
    if (tag.language !== null && !BCP47.test(tag.language)) {
      out.push(violation('H5', subject, `LANGUAGE "${tag.language}" is not a BCP-47 tag`));
    }
    if (tag.type !== 'AUDIO') continue;
    if (tag.language === null) out.push(violation('H5', subject, 'audio rendition without LANGUAGE'));
    if (tag.channels === null) {
      out.push(violation('H5', subject, 'audio rendition without CHANNELS'));
      continue;
    }
    const channelCount = tag.uri === null ? null : (trackAt(tag.uri)?.init?.channelCount ?? null);
    if (channelCount !== null && Number.parseInt(tag.channels, 10) !== channelCount) {
      out.push(
        violation('H5', subject, `CHANNELS="${tag.channels}", the track has ${channelCount} channels`),
      );
    }
  }
}
