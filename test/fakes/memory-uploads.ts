import type { NewUpload, UploadPart, UploadRecord, UploadStore } from '../../packager/ports.js';

/** UploadStore fake with the Kysely adapter's semantics (the contract suite runs against both). */
export function createMemoryUploads(): UploadStore {
  const uploads = new Map<string, UploadRecord>();
  const parts = new Map<string, UploadPart[]>();
  return {
    createUpload: async (upload: NewUpload) => {
      const record: UploadRecord = Object.freeze({
        ...upload,
        metadata: Object.freeze({ ...upload.metadata }),
        offsetBytes: 0,
        assetId: null,
      });
      uploads.set(upload.id, record);
      parts.set(upload.id, []);
      return record;
    },
    getUpload: async (id: string) => uploads.get(id) ?? null,
    appendPart: async (id: string, part: UploadPart, expiresAtMs: number) => {
      const upload = uploads.get(id);
      if (
        !upload ||
        upload.assetId !== null ||
        upload.offsetBytes !== part.offsetBytes ||
        upload.offsetBytes + part.sizeBytes > upload.lengthBytes
      ) {
        return null;
      }
      const updated = Object.freeze({
        ...upload,
        offsetBytes: upload.offsetBytes + part.sizeBytes,
        expiresAtMs,
      });
      uploads.set(id, updated);
      parts.get(id)?.push(Object.freeze({ ...part }));
      return updated;
    },
    listParts: async (id: string) => [...(parts.get(id) ?? [])],
    claimUpload: async (id: string, assetId: string) => {
      const upload = uploads.get(id);
      if (!upload || upload.assetId !== null || upload.offsetBytes !== upload.lengthBytes) return false;
      uploads.set(id, Object.freeze({ ...upload, assetId }));
      return true;
    },
    releaseUpload: async (id: string, assetId: string) => {
      const upload = uploads.get(id);
      if (upload?.assetId === assetId) uploads.set(id, Object.freeze({ ...upload, assetId: null }));
    },
    deleteUpload: async (id: string) => {
      parts.delete(id);
      return uploads.delete(id);
    },
    listExpiredUploads: async (nowMs: number, limit: number) =>
      [...uploads.values()]
        .filter((upload) => upload.expiresAtMs < nowMs)
        .sort((a, b) => a.expiresAtMs - b.expiresAtMs || (a.id < b.id ? -1 : 1))
        .slice(0, limit),
  };
}
