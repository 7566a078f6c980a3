import type { SurveyKind } from '@internal/plugin-devex-common';
import { Knex } from 'knex';
import { epochDay } from '../lib/time';
import { FeedbackStore, NewSurveyResponse } from './FeedbackStore';

export class DatabaseFeedbackStore implements FeedbackStore {
  private constructor(private readonly db: Knex) {}

  static create(db: Knex): DatabaseFeedbackStore {
    return new DatabaseFeedbackStore(db);
  }

  async recordResponse(r: NewSurveyResponse): Promise<boolean> {
    return this.db.transaction(async trx => {
      const inserted = await trx('devex_survey_responses')
        .insert({
          kind: r.kind,
          subject: r.subject,
          user_ref: r.userRef,
          score: r.score ?? null,
          comment: r.comment ? r.comment : null,
          dismissed: r.dismissed,
          created_at: Math.round(r.createdAt),
          day: epochDay(r.createdAt),
          seeded: r.seeded ?? false,
        })
        .onConflict(['kind', 'subject', 'user_ref'])
        .ignore()
        .returning('id');
      if (inserted.length === 0) {
        return false;
      }
      const id = Number(typeof inserted[0] === 'object' ? (inserted[0] as any).id : inserted[0]);
      const teams = [...new Set(r.teamRefs)];
      if (teams.length > 0) {
        await trx('devex_survey_response_teams').insert(
          teams.map(team_ref => ({ response_id: id, team_ref })),
        );
      }
      return true;
    });
  }

  async answeredSubjects(kind: SurveyKind, subjects: string[], userRef: string) {
    if (subjects.length === 0) {
      return new Set<string>();
    }
    const rows = await this.db('devex_survey_responses')
      .where({ kind, user_ref: userRef })
      .whereIn('subject', subjects)
      .select('subject');
    return new Set(rows.map(r => String(r.subject)));
  }

  async recordActivity(a: {
    day: number;
    userRef: string;
    pageViews: number;
    sessions: number;
    seeded?: boolean;
  }) {
    await this.db.transaction(async trx => {
      // The person's first report of the day adds them to the day's active people.
      const inserted = await trx('devex_activity')
        .insert({ day: a.day, user_ref: a.userRef, page_views: 0, sessions: 0, seeded: a.seeded ?? false })
        .onConflict(['day', 'user_ref'])
        .ignore()
        .returning('day');
      await trx('devex_activity')
        .where({ day: a.day, user_ref: a.userRef })
        .increment({ page_views: a.pageViews, sessions: a.sessions });
      await addToActivitySummary(trx, a.day, { users: inserted.length > 0 ? 1 : 0, sessions: a.sessions, pageViews: a.pageViews });
    });
  }
}

/** Adds to the per-day organization-wide summary (`devex_activity_daily`). */
async function addToActivitySummary(
  db: Knex | Knex.Transaction,
  day: number,
  add: { users: number; sessions: number; pageViews: number },
) {
  await db('devex_activity_daily')
    .insert({ day, users: add.users, sessions: add.sessions, page_views: add.pageViews })
    .onConflict('day')
    .merge({
      users: db.raw('?? + ??', ['devex_activity_daily.users', 'excluded.users']),
      sessions: db.raw('?? + ??', ['devex_activity_daily.sessions', 'excluded.sessions']),
      page_views: db.raw('?? + ??', ['devex_activity_daily.page_views', 'excluded.page_views']),
    });
}
