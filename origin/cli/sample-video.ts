import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A 10 s 1080p30 H.264/AAC sample made from ffmpeg's test sources (moving pattern, timecode, a tone), so a
 * new user can see ScalaCast work without a video of their own. Made once and kept in `dir`.
 */
export async function ensureSampleVideo(dir: string, ffmpegPath: string): Promise<string> {
  const filePath = path.join(dir, 'sample-10s-1080p30.mp4');
  if (fs.existsSync(filePath)) return filePath;
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${filePath}.partial.mp4`;
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30:duration=10',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=10',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '128k', '-shortest', partial,
  ]; // prettier-ignore
  console.log('Making a 10 s 1080p30 sample video with ffmpeg...');
  await new Promise<void>((resolve, reject) => {
    const ffmpeg = spawn(ffmpegPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    ffmpeg.once('error', (error) =>
      reject(new Error(`${ffmpegPath} could not be started: ${error.message}`)),
    );
    ffmpeg.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))));
  });
  fs.renameSync(partial, filePath);
  return filePath;
}
