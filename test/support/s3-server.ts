import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/process';

export interface S3Server {
  endpoint: string;
  bucket: string;
  /** The credentials s3rver accepts (it checks the signature, with these). */
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** A real S3-protocol server (s3rver) as its own process, on a free loopback port with its own folder. */
export async function startS3Server(bucket = 'roster-documents'): Promise<S3Server> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'roster-s3-'));
  const proc = Bun.spawn(['node', 'node_modules/s3rver/bin/s3rver.js', '-d', dir, '-a', '127.0.0.1', '-p', String(port), '--silent', '--no-vhost-buckets', '--configure-bucket', bucket], {
    stdout: 'ignore',
    stderr: 'inherit',
  });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(endpoint).then(() => true, () => false);
    if (up) break;
    if (i > 100) throw new Error('s3rver did not start');
    await Bun.sleep(100);
  }
  return {
    endpoint,
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async stop() {
      proc.kill();
      await proc.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
