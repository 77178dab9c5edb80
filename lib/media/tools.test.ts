import { describe, expect, it } from 'vitest';
import { formatDuration, MediaError } from './errors';
import { resolveMediaTools, runTool, stderrTail } from './tools';

describe('resolveMediaTools', () => {
  it('finds ffmpeg and ffprobe on PATH and caches them', () => {
    const tools = resolveMediaTools();
    expect(tools).toEqual({ ffmpeg: expect.stringMatching(/ffmpeg/), ffprobe: expect.stringMatching(/ffprobe/) });
    expect(resolveMediaTools()).toBe(tools);
  });

  it('takes ffprobe from beside a given ffmpeg', () => {
    expect(resolveMediaTools({ ffmpegPath: '/usr/bin/ffmpeg' })).toEqual({ ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe' });
  });

  it('says how to fix a path that does not run', () => {
    const attempt = () => resolveMediaTools({ ffmpegPath: '/nonexistent/ffmpeg' });
    expect(attempt).toThrow(MediaError);
    expect(attempt).toThrow('FFMPEG_PATH (/nonexistent/ffmpeg) does not run ffmpeg.');
    expect(() => resolveMediaTools({ ffprobePath: '/nonexistent/ffprobe' })).toThrow(expect.objectContaining({ code: 'tool_missing' }));
  });
});

describe('runTool', () => {
  it('gives stdout and stderr, line by line as well', async () => {
    const lines: string[] = [];
    const result = await runTool('sh', ['-c', 'printf "a=1\\nb=2\\n"; echo warn >&2'], { onStdoutLine: (l) => lines.push(l) });
    expect(result).toEqual({ stdout: 'a=1\nb=2\n', stderr: 'warn\n' });
    expect(lines).toEqual(['a=1', 'b=2']);
  });

  it('rejects a failure with only the last 20 lines of stderr', async () => {
    const failed = await runTool('sh', ['-c', 'for i in $(seq 1 50); do echo "line $i" >&2; done; exit 3']).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'encode_failed' });
    const message = (failed as MediaError).message;
    expect(message).toMatch(/^sh exited with code 3:\nline 31\n/);
    expect(message).toMatch(/line 50$/);
    expect(message).not.toMatch(/line 30\n/);
  });

  it('reports a missing program as tool_missing', async () => {
    await expect(runTool('/nonexistent/ffmpeg', ['-version'])).rejects.toMatchObject({ code: 'tool_missing' });
  });

  it('stops the process when aborted', async () => {
    const controller = new AbortController();
    const running = runTool('sleep', ['10'], { signal: controller.signal });
    controller.abort(new Error('cancelled by test'));
    await expect(running).rejects.toThrow('cancelled by test');
  });

  it('returns binary output untouched when asked', async () => {
    const { stdout } = await runTool('printf', ['\\377\\000\\001'], { stdout: 'buffer' });
    expect([...stdout]).toEqual([255, 0, 1]);
  });
});

describe('stderrTail and formatDuration', () => {
  it('keeps the last non-empty lines, whatever their line endings', () => {
    expect(stderrTail('a\r\nb\rc\n\n', 2)).toBe('b\nc');
  });

  it('says lengths as a person would, never rounding a long track down to a limit', () => {
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(245_000)).toBe('4 min 5 s');
    expect(formatDuration((2 * 3600 + 31 * 60) * 1000)).toBe('2 h 31 min');
    expect(formatDuration(2 * 3600 * 1000)).toBe('2 h');
    expect(formatDuration((2 * 3600 + 30) * 1000)).toBe('2 h 0 min 30 s');
  });
});
