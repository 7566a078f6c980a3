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
    await this.db('devex_activity')
      .insert({
        day: a.day,
        user_ref: a.userRef,
        page_views: a.pageViews,
        sessions: a.sessions,
        seeded: a.seeded ?? false,
      })
      .onConflict(['day', 'user_ref'])
      .merge({
        page_views: this.db.raw('?? + ??', ['devex_activity.page_views', 'excluded.page_views']),
        sessions: this.db.raw('?? + ??', ['devex_activity.sessions', 'excluded.sessions']),
      });
  }
}
