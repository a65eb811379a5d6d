import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * Where an import job's file goes: a private S3 bucket reached by a presigned PUT when
 * deployed, a directory of the local server otherwise. The browser sends the file there
 * itself, so that its size never passes through the API Lambda.
 */
export interface ImportFiles {
  /** Where the browser PUTs the file: good for `seconds`, for this job's file only. */
  uploadUrl(jobId: string, seconds: number): Promise<string>;
  /** The file's size in bytes, or undefined while nothing was uploaded. */
  size(jobId: string): Promise<number | undefined>;
  read(jobId: string): Promise<Uint8Array>;
}

/** The object key of a job's file: the S3 event names it, and the job is found by it. */
export const importObjectKey = (jobId: string) => `imports/${jobId}.csv`;
export const jobIdOfObjectKey = (key: string) => /^imports\/([0-9A-Z]{26})\.csv$/.exec(key)?.[1];

/** The deployed store: presigned PUTs to the imports bucket. */
export function s3ImportFiles(bucket: string, client?: S3Client): ImportFiles {
  // Loaded on first use: only the requests that create a job and the import worker need S3.
  type Sdk = typeof import('@aws-sdk/client-s3');
  let loaded: Promise<{ sdk: Sdk; s3: S3Client }> | undefined;
  const s3 = () => {
    loaded ??= import('@aws-sdk/client-s3').then((sdk) => ({ sdk, s3: client ?? new sdk.S3Client({}) }));
    return loaded;
  };
  return {
    async uploadUrl(jobId, seconds) {
      const [{ sdk, s3: s3Client }, { getSignedUrl }] = await Promise.all([
        s3(),
        import('@aws-sdk/s3-request-presigner'),
      ]);
      return getSignedUrl(s3Client, new sdk.PutObjectCommand({ Bucket: bucket, Key: importObjectKey(jobId) }), {
        expiresIn: seconds,
      });
    },
    async size(jobId) {
      const { sdk, s3: s3Client } = await s3();
      try {
        const head = await s3Client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: importObjectKey(jobId) }));
        return head.ContentLength;
      } catch (error) {
        if (error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey')) return undefined;
        throw error;
      }
    },
    async read(jobId) {
      const { sdk, s3: s3Client } = await s3();
      const object = await s3Client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: importObjectKey(jobId) }));
      if (!object.Body) throw new Error('The imports bucket answered without a body.');
      return object.Body.transformToByteArray();
    },
  };
}

/** The local store: a directory (`.data/imports/`, or a test's temporary one) and a signed URL of the local server. */
export interface LocalImportFiles extends ImportFiles {
  /** Whether an upload URL's signature holds for this job and has not expired. */
  verify(jobId: string, expires: string | undefined, signature: string | undefined, now: Date): boolean;
  write(jobId: string, bytes: Uint8Array): Promise<void>;
}

export function localImportFiles(options: {
  dir: string;
  baseUrl: string;
  secret: string;
  now?: () => Date;
}): LocalImportFiles {
  const now = options.now ?? (() => new Date());
  const sign = (jobId: string, expires: string) =>
    createHmac('sha256', options.secret).update(`${jobId}.${expires}`).digest('base64url');
  const path = (jobId: string) => join(options.dir, `${jobId}.csv`);
  return {
    async uploadUrl(jobId, seconds) {
      const expires = String(Math.floor(now().getTime() / 1000) + seconds);
      return `${options.baseUrl}/uploads/imports/${jobId}?expires=${expires}&signature=${sign(jobId, expires)}`;
    },
    verify(jobId, expires, signature, at) {
      if (!expires || !signature || !/^\d+$/.test(expires)) return false;
      if (Number(expires) * 1000 < at.getTime()) return false;
      const expected = Buffer.from(sign(jobId, expires));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
    async write(jobId, bytes) {
      await mkdir(options.dir, { recursive: true });
      // Written aside and renamed: a runner never reads half a file.
      const partial = `${path(jobId)}.part`;
      await writeFile(partial, bytes);
      await rename(partial, path(jobId));
    },
    async size(jobId) {
      try {
        return (await stat(path(jobId))).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async read(jobId) {
      return new Uint8Array(await readFile(path(jobId)));
    },
  };
}
