import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '@confab/testing';
import type { ApiClient } from './api-client';

export const knowledgeFixture = (name: string): Buffer => readFileSync(join(__dirname, '../../../../libs/knowledge/src/ingestion/__fixtures__', name));

/** Uploads a file as a browser form would (multipart, field "file"). */
export async function uploadDocument(baseUrl: string, key: string, kbId: string, filename: string, data: Buffer, contentType: string, title?: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type: contentType }), filename);
  if (title) form.append('title', title);
  const res = await fetch(`${baseUrl}/api/v1/knowledge-bases/${kbId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

/** Polls a document until it has left queued/processing and returns it. */
export async function settled(api: ApiClient, kbId: string, docId: string, timeoutMs = 20_000): Promise<any> {
  return eventually(
    async () => {
      const res = await api.get(`/api/v1/knowledge-bases/${kbId}/documents/${docId}`);
      if (res.body.status === 'queued' || res.body.status === 'processing') throw new Error(`still ${res.body.status} (${res.body.error ?? ''})`);
      return res.body;
    },
    { timeoutMs, intervalMs: 100 },
  );
}

export async function createKnowledgeBase(api: ApiClient, name = 'Help centre', extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post('/api/v1/knowledge-bases', { name, ...extra });
  if (res.status !== 201) throw new Error(`knowledge base creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export async function addText(api: ApiClient, kbId: string, title: string, text: string): Promise<any> {
  const res = await api.post(`/api/v1/knowledge-bases/${kbId}/documents`, { title, text });
  if (res.status !== 202) throw new Error(`document creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return settled(api, kbId, res.body.id);
}
