import { describe, expect, it } from 'vitest';
import type { LadderPlan } from '../domain/ladder-plan.js';
import { planLadder } from '../domain/ladder.js';
import type { SourceMedia } from '../domain/media-source.js';
import { sourceMedia, sourceVideo as video } from '../../test/fixtures/source-media.js';
import { buildTranscodeArgs, type TranscodeArgsInput } from './args.js';

function plan(overrides: Partial<SourceMedia> = {}, segmentDurationMs = 2000): LadderPlan {
  const source = sourceMedia({ audio: { codec: 'aac', channels: 6, sampleRateHz: 44100 }, ...overrides });
  const result = planLadder(source, { segmentDurationMs, x264Preset: 'veryfast' });
  if (!result.ok) throw new Error(result.message);
  return result.plan;
}

function args(ladder: LadderPlan, extra: Partial<TranscodeArgsInput> = {}): string[] {
  return buildTranscodeArgs({
    sourcePath: '/in/my upload.mp4',
    plan: ladder,
    outputDir: '/out dir',
    threads: 0,
    ...extra,
  });
}

/** Every value that follows `flag`. */
function valuesOf(argv: readonly string[], flag: string): string[] {
  return argv.flatMap((arg, index) => (arg === flag ? [argv[index + 1] ?? '<missing>'] : []));
}

function valueOf(argv: readonly string[], flag: string): string | undefined {
  const values = valuesOf(argv, flag);
  expect(values, flag).toHaveLength(1);
  return values[0];
}

describe('buildTranscodeArgs', () => {
  const ladder = plan();
  const argv = args(ladder);

  it('decodes the source once and scales each rung from the smallest picture 1.5x its size', () => {
    expect(valuesOf(argv, '-i')).toEqual(['/in/my upload.mp4']);
    const graph = valueOf(argv, '-filter_complex') ?? '';
    expect(graph.match(/\[0:v\]/g)).toHaveLength(1);
    expect(graph.split(';')).toEqual([
      '[0:v]fps=30/1:start_time=0,format=yuv420p[s0]',
      '[s0]scale=1920:1080,setsar=1,split=2[v0][s1]',
      '[s1]scale=1280:720,setsar=1,split=3[v1][s2][s3]',
      '[s2]scale=854:480,setsar=1[v2]',
      '[s3]scale=640:360,setsar=1[v3]',
    ]);
    expect(graph).not.toMatch(/yadif|zscale|tonemap/);
    expect(valuesOf(argv, '-map')).toEqual(['[v0]', '[v1]', '[v2]', '[v3]', '0:a:0']);
  });

  it('pads both streams to the frames asked for and cuts them there, so they end together', () => {
    // 9 s at 30000/1001: 270 frames, 9.009 s.
    const ntsc = { ...ladder, frameRate: { num: 30000, den: 1001 } };
    const padded = args(ntsc, { frames: 270 });
    const graph = valueOf(padded, '-filter_complex') ?? '';
    expect(graph.split(';')[0]).toBe(
      '[0:v]fps=30000/1001:start_time=0,tpad=stop_mode=clone:stop=-1,trim=end_frame=270,format=yuv420p[s0]',
    );
    expect(valueOf(padded, '-af')).toBe('aresample=async=1:first_pts=0,apad,atrim=end=9.009000');
  });

  it('sets each rung its own quality, cap, buffer and level', () => {
    expect(valueOf(argv, '-c:v')).toBe('libx264');
    expect(valueOf(argv, '-preset:v')).toBe('veryfast');
    expect(valueOf(argv, '-profile:v')).toBe('high');
    ladder.video.forEach((rung, index) => {
      expect(valueOf(argv, `-crf:v:${index}`)).toBe(String(rung.crf));
      expect(valueOf(argv, `-maxrate:v:${index}`)).toBe(String(rung.maxrateBps));
      expect(valueOf(argv, `-bufsize:v:${index}`)).toBe(String(rung.bufsizeBits));
      expect(valueOf(argv, `-level:v:${index}`)).toBe(rung.level);
    });
    expect(valueOf(argv, '-maxrate:v:0')).toBe('6000000');
    expect(valueOf(argv, '-bufsize:v:0')).toBe('12000000');
  });

  it('asks for closed GOPs aligned on segment boundaries in every rung', () => {
    expect(valueOf(argv, '-g:v')).toBe('60');
    expect(valueOf(argv, '-keyint_min:v')).toBe('60');
    expect(valueOf(argv, '-sc_threshold:v')).toBe('0');
    expect(valueOf(argv, '-force_key_frames:v')).toBe('expr:gte(n,n_forced*60)');
    expect(valueOf(argv, '-x264-params:v')).toBe('open-gop=0');
  });

  it('makes segments exactly gopFrames frames long when the frames per segment are not whole', () => {
    const ntsc = args(plan({ video: video({ frameRate: { num: 30000, den: 1001 } }) }));
    expect(valueOf(ntsc, '-g:v')).toBe('60');
    expect(valueOf(ntsc, '-force_key_frames:v')).toBe('expr:gte(n,n_forced*60)');
    expect(valuesOf(ntsc, '-seg_duration')).toEqual(['2.002', '2.002']); // audio cut on the same clock
    const film = args(plan({ video: video({ frameRate: { num: 24000, den: 1001 } }) }));
    expect(valuesOf(film, '-seg_duration')).toEqual(['2.002', '2.002']);
    const vfr = args(plan({ video: video({ frameRate: { num: 51600, den: 1841 } }) }));
    expect(valueOf(vfr, '-g:v')).toBe('56');
    expect(valuesOf(vfr, '-seg_duration')).toEqual(['1.997984', '1.997984']); // 1.9979844.. rounded down
  });

  it('encodes AAC stereo 48 kHz once, in its own dash output', () => {
    expect(valueOf(argv, '-c:a')).toBe('aac');
    expect(valueOf(argv, '-b:a')).toBe('128000');
    expect(valueOf(argv, '-ac')).toBe('2');
    expect(valueOf(argv, '-ar')).toBe('48000');
    expect(valueOf(argv, '-af')).toBe('aresample=async=1:first_pts=0');
    expect(valuesOf(argv, '-f')).toEqual(['dash', 'dash']);
  });

  it('writes CMAF segments with templated names into the output folder', () => {
    expect(valuesOf(argv, '-seg_duration')).toEqual(['2', '2']);
    expect(valuesOf(argv, '-use_timeline')).toEqual(['0', '0']);
    expect(valuesOf(argv, '-single_file')).toEqual(['0', '0']);
    expect(valuesOf(argv, '-format_options')).toEqual([
      'movflags=+cmaf:use_editlist=0',
      'movflags=+cmaf:use_editlist=0',
    ]);
    expect(valuesOf(argv, '-init_seg_name')).toEqual([
      'video-init-$RepresentationID$.m4s',
      'audio-init-$RepresentationID$.m4s',
    ]);
    expect(valuesOf(argv, '-media_seg_name')).toEqual([
      'video-chunk-$RepresentationID$-$Number%05d$.m4s',
      'audio-chunk-$RepresentationID$-$Number%05d$.m4s',
    ]);
    expect(valuesOf(argv, '-map_metadata')).toEqual(['-1', '-1']);
    expect(argv.indexOf('/out dir/video.mpd')).toBeGreaterThan(argv.indexOf('-filter_complex'));
    expect(argv[argv.length - 1]).toBe('/out dir/audio.mpd');
  });

  it('keeps values with spaces as single arguments', () => {
    expect(valuesOf(argv, '-adaptation_sets')).toEqual([
      'id=0,streams=0 id=1,streams=1 id=2,streams=2 id=3,streams=3',
      'id=0,streams=a',
    ]);
    const withSpaces = argv.filter((arg) => /\s/.test(arg));
    expect(withSpaces).toEqual([
      '/in/my upload.mp4',
      'id=0,streams=0 id=1,streams=1 id=2,streams=2 id=3,streams=3',
      '/out dir/video.mpd',
      '/out dir/audio.mpd',
    ]);
  });

  it("verifies the store's certificate when it reads the source over https, and only then", () => {
    const signed = 'https://s3.example.com/bucket/a/source?X-Amz-Signature=abc';
    const remote = args(ladder, { sourcePath: signed });
    expect(remote.slice(remote.indexOf('-i') - 2, remote.indexOf('-i') + 2)).toEqual([
      '-tls_verify',
      '1',
      '-i',
      signed,
    ]);
    expect(argv).not.toContain('-tls_verify');
    expect(args(ladder, { sourcePath: 'http://minio:9000/bucket/a/source' })).not.toContain('-tls_verify');
  });

  it('reports progress on stdout and never reads stdin', () => {
    expect(valueOf(argv, '-progress')).toBe('pipe:1');
    expect(argv).toContain('-nostats');
    expect(argv).toContain('-nostdin');
    expect(argv.indexOf('-nostdin')).toBeLessThan(argv.indexOf('-i'));
  });

  it('deinterlaces before the frame-rate conversion', () => {
    const graph = valueOf(args(plan({ video: video({ interlaced: true }) })), '-filter_complex') ?? '';
    expect(graph).toMatch(/^\[0:v\]yadif=mode=send_frame,fps=/);
  });

  it('tone-maps HDR with zscale and tags the result BT.709', () => {
    const hdr = args(plan({ video: video({ hdr: true, bitDepth: 10, pixelFormat: 'yuv420p10le' }) }));
    const graph = valueOf(hdr, '-filter_complex') ?? '';
    expect(graph).toMatch(
      /fps=30\/1:start_time=0,zscale=t=linear.*tonemap=tonemap=hable.*,format=yuv420p\[s0\]/,
    );
    expect(valueOf(hdr, '-color_primaries:v')).toBe('bt709');
    expect(valueOf(hdr, '-color_trc:v')).toBe('bt709');
    expect(valueOf(hdr, '-colorspace:v')).toBe('bt709');
    const fallback = args(plan({ video: video({ hdr: true }) }), { toneMapFilter: 'none' });
    expect(valueOf(fallback, '-filter_complex')).not.toMatch(/zscale|tonemap/);
    expect(valueOf(fallback, '-color_trc:v')).toBe('bt709');
  });

  it('has no video graph for an audio-only plan', () => {
    const audioOnly = args(plan({ video: null }));
    expect(audioOnly).not.toContain('-filter_complex');
    expect(audioOnly).not.toContain('-c:v');
    expect(valuesOf(audioOnly, '-map')).toEqual(['0:a:0']);
    expect(valuesOf(audioOnly, '-f')).toEqual(['dash']);
  });

  it('takes the images from the top and lowest rungs, which stay limited-range yuv420p for x264', () => {
    const images = { dir: '/img', intervalMs: 2000, posterAtMs: 10_000 };
    const argv = args(ladder, { images });
    const graph = (valueOf(argv, '-filter_complex') ?? '').split(';');
    expect(graph).toContain('[s0]scale=1920:1080,setsar=1,format=yuv420p,split=3[v0][t0][s1]');
    expect(graph).toContain('[s3]scale=640:360,setsar=1,format=yuv420p,split=2[v3][t3]');
    expect(graph).toContain('[s2]scale=854:480,setsar=1[v2]');
    expect(graph).toContain('[t3]split=2[grid][p3]');
    expect(graph).toContain('[grid]fps=1000/2000:start_time=0[thumbs]');
    // 10 s at 30 fps: frame 300, the first at or after the poster time; frame 0 starts the output at once.
    expect(graph).toContain('[t0]select=eq(n\\,0)+eq(n\\,300)[poster0]');
    expect(graph).toContain('[p3]select=eq(n\\,0)+eq(n\\,300)[poster3]');
    expect(valuesOf(argv, '-map')).toEqual([
      ...['[v0]', '[v1]', '[v2]', '[v3]', '0:a:0'],
      ...['[thumbs]', '[poster0]', '[poster3]'],
    ]);
    const outputs = argv.filter((arg) => arg.startsWith('/img/'));
    expect(outputs).toEqual(['/img/thumbs/%d.jpg', '/img/poster-1080.jpg', '/img/poster-360.jpg']);
    expect(valuesOf(argv, '-c:v')).toEqual(['libx264', 'mjpeg', 'mjpeg', 'mjpeg']);
    // Posters: the selected frames only (no repeats up to frame 300), the last one kept.
    expect(valuesOf(argv, '-fps_mode')).toEqual(['passthrough', 'passthrough']);
  });

  it("takes a chunk's share of the images: its grid points, numbered as in the whole grid, and the poster it holds", () => {
    const spec = { dir: '/img', intervalMs: 4000, posterAtMs: 10_000 };
    // A chunk from 6 s (frame 180) for 6 s: grid points 8 s and 12 s (k = 2, 3), 2 s in; the poster is frame
    // 300 of the source, its 120th.
    const part = { firstThumbnail: 2, thumbnails: 2, gridOffsetSeconds: 2, posterFrame: 120 };
    const argv = args(ladder, { images: { ...spec, part } });
    const graph = (valueOf(argv, '-filter_complex') ?? '').split(';');
    expect(graph).toContain('[grid]setpts=PTS-2.000000/TB,fps=1000/4000:start_time=0[thumbs]');
    expect(graph).toContain('[t0]select=eq(n\\,0)+eq(n\\,120)[poster0]');
    expect(valueOf(argv, '-start_number')).toBe('2');
    expect(valueOf(argv, '-frames:v')).toBe('2');

    // Another chunk holds the poster: only the lowest rung is tapped, for the grid.
    const gridOnly = args(ladder, { images: { ...spec, part: { ...part, posterFrame: null } } });
    const gridGraph = (valueOf(gridOnly, '-filter_complex') ?? '').split(';');
    expect(gridGraph).toContain('[s0]scale=1920:1080,setsar=1,split=2[v0][s1]');
    expect(gridGraph).toContain('[t3]setpts=PTS-2.000000/TB,fps=1000/4000:start_time=0[thumbs]');
    expect(valuesOf(gridOnly, '-map').slice(5)).toEqual(['[thumbs]']);

    // The last chunk takes every grid point to the end; a chunk with no grid point takes no thumbnail.
    const last = args(ladder, {
      images: { ...spec, part: { ...part, thumbnails: null, posterFrame: null } },
    });
    expect(last).not.toContain('-frames:v');
    const none = args(ladder, { images: { ...spec, part: { ...part, thumbnails: 0 } } });
    expect(valuesOf(none, '-map').slice(5)).toEqual(['[poster0]', '[poster3]']);
    expect(none.filter((arg) => arg.startsWith('/img/'))).toEqual([
      '/img/poster-1080.jpg',
      '/img/poster-360.jpg',
    ]);
  });

  it('has no audio output for a silent source', () => {
    const silent = args(plan({ audio: null }));
    expect(silent).not.toContain('0:a:0');
    expect(silent).not.toContain('-c:a');
    expect(valuesOf(silent, '-f')).toEqual(['dash']);
    expect(silent[silent.length - 1]).toBe('/out dir/video.mpd');
  });

  it('passes fractional segment durations and thread counts through', () => {
    const short = args(plan({}, 1500), { threads: 2 });
    expect(valuesOf(short, '-seg_duration')).toEqual(['1.5', '1.5']);
    expect(valueOf(short, '-force_key_frames:v')).toBe('expr:gte(n,n_forced*45)');
    expect(valuesOf(args(plan({ video: null }), {}), '-seg_duration')).toEqual(['2']);
    expect(valueOf(short, '-threads')).toBe('2');
    expect(argv).not.toContain('-threads');
  });
});
