import { randomUUID } from 'node:crypto';
import type { ComponentDraft, ComponentDraftSummary } from '../api/schemas/components.js';
import { NotFoundError, RevisionConflictError } from '../errors.js';
import type { AuditLog } from './audit.js';
import type { SqliteDatabase } from './sqlite.js';

interface DraftRow {
  id: string;
  name: string;
  language: 'typescript';
  code: string;
  revision: number;
  created_at: string;
  updated_at: string;
}

/** Editable component programs, saved with the same revision check as topologies. */
export class ComponentDraftRepository {
  private readonly selectLive;
  private readonly selectOne;
  private readonly insert;
  private readonly update;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly audit: AuditLog,
    private readonly actor: string,
  ) {
    this.selectLive = db.prepare<[], Omit<DraftRow, 'code'>>(
      'SELECT id, name, language, revision, created_at, updated_at FROM component_drafts WHERE deleted_at IS NULL ORDER BY name',
    );
    this.selectOne = db.prepare<[string], DraftRow>('SELECT * FROM component_drafts WHERE id = ? AND deleted_at IS NULL');
    this.insert = db.prepare(
      `INSERT INTO component_drafts (id, name, language, code, revision, created_at, updated_at)
       VALUES (@id, @name, 'typescript', @code, 1, @now, @now)`,
    );
    this.update = db.prepare(
      `UPDATE component_drafts SET code = @code, revision = revision + 1, updated_at = @now
       WHERE id = @id AND revision = @expectedRevision AND deleted_at IS NULL`,
    );
  }

  list(): ComponentDraftSummary[] {
    return this.selectLive.all().map((row) => ({
      id: row.id,
      name: row.name,
      language: row.language,
      revision: row.revision,
      updatedAt: row.updated_at,
    }));
  }

  get(id: string): ComponentDraft {
    const row = this.selectOne.get(id);
    if (!row) throw new NotFoundError('Component draft', id);
    return {
      id: row.id,
      name: row.name,
      language: row.language,
      code: row.code,
      revision: row.revision,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  create(name: string, code: string): ComponentDraft {
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.insert.run({ id, name, code, now });
      this.audit.record({ actor: this.actor, action: 'component_draft.create', entity: 'component_draft', entityId: id, oldValue: null, newValue: { name, code } }, now);
    })();
    return this.get(id);
  }

  save(id: string, expectedRevision: number, code: string): ComponentDraft {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const before = this.get(id);
      const result = this.update.run({ id, expectedRevision, code, now });
      if (result.changes !== 1) throw new RevisionConflictError('Component draft', id, expectedRevision, before.revision);
      this.audit.record(
        { actor: this.actor, action: 'component_draft.save', entity: 'component_draft', entityId: id, oldValue: { revision: before.revision, code: before.code }, newValue: { revision: before.revision + 1, code } },
        now,
      );
      return this.get(id);
    })();
  }
}
