/** A media playlist without its last segment (the one a provisional presentation estimates). */
export function withoutLastSegment(playlist: string | null): string {
  const lines = (playlist ?? '').split('\n');
  const lastInf = lines.findLastIndex((line) => line.startsWith('#EXTINF'));
  return lines.slice(0, lastInf).join('\n');
}
