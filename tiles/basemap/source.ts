import { open } from 'node:fs/promises';
import { EtagMismatch, type RangeResponse, type Source } from 'pmtiles';

/** A strong validator of a file's bytes: size and modification time, as nginx and Apache make it. */
export function fileEtag(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

/**
 * A `pmtiles` Source over a local file. Each read opens the file, so an archive replaced on disk
 * (a new extract moved into place) is seen at the next read: its ETag changes, the library throws
 * away the directories it cached (EtagMismatch) and reads the new header, without a restart.
 */
export class LocalFileSource implements Source {
  constructor(readonly path: string) {}

  getKey(): string {
    return this.path;
  }

  async getBytes(offset: number, length: number, _signal?: AbortSignal, etag?: string): Promise<RangeResponse> {
    const file = await open(this.path, 'r');
    try {
      const stat = await file.stat();
      const current = fileEtag(stat.size, stat.mtimeMs);
      if (etag !== undefined && etag !== current) throw new EtagMismatch(`${this.path} changed on disk`);
      // The library asks for 16 KiB at offset 0 whatever the file's size: read what there is.
      const n = Math.max(0, Math.min(length, stat.size - offset));
      const data = new Uint8Array(n);
      let read = 0;
      while (read < n) {
        const { bytesRead } = await file.read(data, read, n - read, offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return { data: data.buffer.slice(0, read), etag: current };
    } finally {
      await file.close();
    }
  }
}
