import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { isIndexing } from './document-status';

export type KnowledgeBase = components['schemas']['KnowledgeBaseView'];
export type KnowledgeDocument = components['schemas']['DocumentView'];
export type SearchResult = components['schemas']['SearchResultView'];
export type KnowledgeGap = components['schemas']['KnowledgeGapView'];
export type KnowledgeBaseInput = components['schemas']['CreateKnowledgeBaseDto'];

export const KB_KEY = ['knowledge-bases'] as const;
export const GAPS_KEY = ['knowledge-gaps'] as const;
const docsKey = (kbId: string) => ['knowledge-bases', kbId, 'documents'] as const;

/** While a document is being indexed its status and progress change every second or so; idle lists do not poll. */
const INDEXING_POLL_MS = 1_000;

export function useKnowledgeBases() {
  const { t } = useTranslation();
  return useQuery({ queryKey: KB_KEY, queryFn: () => unwrap(t('knowledge.loading'), api.GET('/api/v1/knowledge-bases')) });
}

export function useKnowledgeBase(id: string) {
  const { t } = useTranslation();
  return useQuery({
    queryKey: [...KB_KEY, id],
    queryFn: () => unwrap(t('knowledge.loadingOne'), api.GET('/api/v1/knowledge-bases/{id}', { params: { path: { id } } })),
    retry: (count, error) => (error as { status?: number }).status !== 404 && count < 2,
  });
}

export function useEmbeddingModels() {
  const { t } = useTranslation();
  return useQuery({
    queryKey: [...KB_KEY, 'models'],
    queryFn: () => unwrap(t('knowledge.loadingModels'), api.GET('/api/v1/knowledge-bases/models')),
    staleTime: Infinity,
  });
}

export function useDocuments(kbId: string) {
  const { t } = useTranslation();
  return useQuery({
    queryKey: docsKey(kbId),
    queryFn: () => unwrap(t('knowledge.docs.loading'), api.GET('/api/v1/knowledge-bases/{kbId}/documents', { params: { path: { kbId } } })),
    refetchInterval: (query) => (query.state.data?.some(isIndexing) ? INDEXING_POLL_MS : false),
  });
}

export function useSaveKnowledgeBase() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: KnowledgeBaseInput }) =>
      id
        ? unwrap(t('knowledge.form.saveFailed'), api.PATCH('/api/v1/knowledge-bases/{id}', { params: { path: { id } }, body: input }))
        : unwrap(t('knowledge.form.createFailed'), api.POST('/api/v1/knowledge-bases', { body: input })),
    onSuccess: (_kb, { id }) => {
      void queryClient.invalidateQueries({ queryKey: KB_KEY });
      if (id) void queryClient.invalidateQueries({ queryKey: docsKey(id) });
    },
  });
}

export function useDeleteKnowledgeBase() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(t('knowledge.deleteFailed'), api.DELETE('/api/v1/knowledge-bases/{id}', { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KB_KEY }),
  });
}

export function useReindexKnowledgeBase(kbId: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(t('knowledge.reindexFailed'), api.POST('/api/v1/knowledge-bases/{id}/reindex', { params: { path: { id: kbId } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: docsKey(kbId) }),
  });
}

/** One file as a browser form sends it (multipart, field "file"); the server reads text, Markdown, HTML and PDF. */
export function uploadFile(kbId: string, file: File, failed: string) {
  const form = new FormData();
  form.append('file', file, file.name);
  // openapi-fetch passes FormData through untouched (the browser sets the multipart boundary); the generated
  // type describes the form's fields, not the FormData object that carries them.
  return unwrap(`${failed} (${file.name})`, api.POST('/api/v1/knowledge-bases/{kbId}/documents', { params: { path: { kbId } }, body: form as unknown as { title?: string } }));
}

export function useAddDocument(kbId: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: components['schemas']['AddDocumentDto']) =>
      unwrap(t('knowledge.docs.addFailed'), api.POST('/api/v1/knowledge-bases/{kbId}/documents', { params: { path: { kbId } }, body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: docsKey(kbId) }),
  });
}

export function useDocumentAction(kbId: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'reindex' | 'delete' }) =>
      action === 'reindex'
        ? unwrap(t('knowledge.docs.reindexFailed'), api.POST('/api/v1/knowledge-bases/{kbId}/documents/{id}/reindex', { params: { path: { kbId, id } } }))
        : unwrap(t('knowledge.docs.deleteFailed'), api.DELETE('/api/v1/knowledge-bases/{kbId}/documents/{id}', { params: { path: { kbId, id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: docsKey(kbId) }),
  });
}

export function useInvalidateDocuments(kbId: string) {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: docsKey(kbId) });
}

export function useSearch(kbId: string) {
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (body: components['schemas']['SearchKnowledgeDto']) =>
      unwrap(t('knowledge.search.failed'), api.POST('/api/v1/knowledge-bases/{id}/search', { params: { path: { id: kbId } }, body })),
  });
}

export function useKnowledgeGaps() {
  const { t } = useTranslation();
  return useQuery({
    queryKey: GAPS_KEY,
    queryFn: () => unwrap(t('knowledge.gaps.loading'), api.GET('/api/v1/knowledge-gaps', { params: { query: { status: 'open', limit: 100 } } })),
  });
}

/** "Add an answer": the question and its answer become a document, and the gap is marked resolved by it. */
export function useAnswerGap() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ gap, kbId, title, answer }: { gap: KnowledgeGap; kbId: string; title: string; answer: string }) => {
      const text = `# ${title}\n\n${answer.trim()}\n`;
      const doc = await unwrap(t('knowledge.gaps.answerFailed'), api.POST('/api/v1/knowledge-bases/{kbId}/documents', { params: { path: { kbId } }, body: { title, text, format: 'markdown' } }));
      return unwrap(t('knowledge.gaps.resolveFailed'), api.PATCH('/api/v1/knowledge-gaps/{id}', { params: { path: { id: gap.id } }, body: { status: 'resolved', documentId: doc.id } }));
    },
    onSuccess: (_gap, { kbId }) => {
      void queryClient.invalidateQueries({ queryKey: GAPS_KEY });
      void queryClient.invalidateQueries({ queryKey: docsKey(kbId) });
    },
  });
}

export function useDismissGap() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(t('knowledge.gaps.dismissFailed'), api.PATCH('/api/v1/knowledge-gaps/{id}', { params: { path: { id } }, body: { status: 'dismissed' } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: GAPS_KEY }),
  });
}
