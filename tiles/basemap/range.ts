import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { fileEtag } from './source.ts';

/** What a `Range` header asks of a file of `size` bytes (RFC 9110 §14). */
export type RangeRequest =
  | { kind: 'whole' }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'unsatisfiable'; message: string };

const RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Reads a `Range` header. One range per request: PMTiles readers ask for one, and answering
 * `multipart/byteranges` is not worth its code. A range that starts past the end, an empty
 * suffix, or a header we cannot read is refused (416) rather than silently answered with the
 * whole archive, which may be gigabytes.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined || header.trim() === '') return { kind: 'whole' };
  const spec = header.trim().replace(/\s+/g, '');
  if (spec.includes(',')) return { kind: 'unsatisfiable', message: 'only one byte range per request' };
  const m = RANGE.exec(spec);
  if (!m || (m[1] === '' && m[2] === '')) {
    return { kind: 'unsatisfiable', message: `Range must be bytes=first-last, bytes=first- or bytes=-suffix` };
  }
  const [first, last] = [m[1] as string, m[2] as string];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable', message: 'an empty suffix range' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start)
    return { kind: 'unsatisfiable', message: 'the last byte is before the first' };
  if (start >= size) return { kind: 'unsatisfiable', message: `the file has ${size} bytes` };
  return { kind: 'range', start, end };
}

function matches(list: string | undefined, etag: string): boolean {
  return (list ?? '').split(/\s*,\s*/).some((t) => t === etag || t === '*');
}

/**
 * Serves one file with byte ranges: 206 with Content-Range for a range, 200 for the whole file
 * (and for HEAD), 304 for a matching If-None-Match, 416 with Content-Range `bytes *\/size` and a
 * JSON error for a range it refuses. If-Range with another ETag gets the whole file, as the RFC
 * says, so a client never splices two versions of an archive. The path is the server's own
 * setting; nothing from the request names a file.
 */
export async function serveFileRange(c: Context, file: string, contentType: string, cacheControl: string) {
  const handle = await open(file, 'r');
  let streaming = false;
  try {
    const info = await handle.stat();
    const size = info.size;
    const etag = fileEtag(size, info.mtimeMs);
    const headers: Record<string, string> = {
      'Accept-Ranges': 'bytes',
      ETag: etag,
      'Last-Modified': info.mtime.toUTCString(),
      'Cache-Control': cacheControl,
    };
    if (matches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);

    const ifRange = c.req.header('if-range');
    const rangeHeader = ifRange === undefined || ifRange === etag ? c.req.header('range') : undefined;
    const range = c.req.method === 'HEAD' ? ({ kind: 'whole' } as const) : parseRange(rangeHeader, size);
    if (range.kind === 'unsatisfiable') {
      return c.json({ error: { code: 'range_not_satisfiable', message: range.message } }, 416, {
        ...headers,
        'Content-Range': `bytes */${size}`,
      });
    }
    const [start, end] = range.kind === 'range' ? [range.start, range.end] : [0, size - 1];
    const length = Math.max(0, end - start + 1);
    headers['Content-Type'] = contentType;
    headers['Content-Length'] = String(length);
    const status = range.kind === 'range' ? 206 : 200;
    if (status === 206) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    if (c.req.method === 'HEAD' || length === 0) return c.body(null, status, headers);

    // The stream owns the handle from here and closes it at its end (or when the client goes).
    streaming = true;
    const stream = handle.createReadStream({ start, end, autoClose: true });
    return c.body(Readable.toWeb(stream) as ReadableStream<Uint8Array>, status, headers);
  } finally {
    if (!streaming) await handle.close();
  }
}
