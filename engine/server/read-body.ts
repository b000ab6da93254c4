import type { IncomingMessage } from 'node:http';

/**
 * The request body, read only up to `limit` bytes: a declared or streamed larger body stops reading at
 * once ('too_large'); a client that goes away mid-body gives 'aborted'. Never rejects.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too_large' | 'aborted'> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too_large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.off('data', onData);
        request.pause();
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', () => resolve('aborted'));
    request.on('close', () => resolve(request.complete ? Buffer.concat(chunks) : 'aborted'));
  });
}
