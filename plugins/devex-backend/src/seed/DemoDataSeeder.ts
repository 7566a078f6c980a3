import { LoggerService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import { EventStore, NewDeployment, NewIncident } from '../database/EventStore';
import { FeedbackStore } from '../database/FeedbackStore';
import { CatalogDailyRow, PlatformStore, StoredEntity } from '../database/PlatformStore';
import { ORG_SCOPE, teamScope } from '../database/rollups';
import { PulsePeriod } from '../config';
import { pulsePeriodOf, recentPulsePeriods } from '../lib/periods';
import { Clock, DAY_MS, dayToIso, epochDay } from '../lib/time';
import { CostModel } from '../service/CostModel';
import {
  CREATED_FROM_TEMPLATES,
  DEMO_TEMPLATES,
  NEGATIVE_COMMENTS,
  NEUTRAL_COMMENTS,
  POSITIVE_COMMENTS,
  profileFor,
  TeamProfile,
} from './demoProfiles';
import { SeededRandom } from './random';

/** Demo events are stored as sent by this sender, so they can be told apart. */
export const DEMO_SENDER = 'demo-seed';
const DAYS = 90;
const HOUR_MS = 3_600_000;
const META_ANCHOR = 'demo-seed.anchor-day';
/** Set once the demo seed has run, to the last day it wrote. */
export const DEMO_SEED_LAST_DAY = 'demo-seed.last-day';
const META_LAST = DEMO_SEED_LAST_DAY;
const DEPLOYABLE_TYPES = ['service', 'website'];

const INCIDENT_TITLES = [
  'Elevated 5xx rate',
  'Latency above SLO',
  'Consumer lag growing',
  'Error budget burn alert',
  'Health checks failing in one zone',
];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const DATABASE_SIZES: Record<string, number> = { small: 90, medium: 240, large: 620 };

export type DemoDataSeederOptions = {
  events: EventStore;
  platform: PlatformStore;
  feedback: FeedbackStore;
  costModel: CostModel;
  productionEnvironments: string[];
  pulsePeriod: PulsePeriod;
  clock: Clock;
  logger: LoggerService;
};

type Member = { userRef: string; teamRef: string };

/**
 * Writes 90 days of believable activity for the demo organization: deployments with
 * commits, incidents, template runs, database requests, pulse answers, ratings,
 * page views, and the catalog coverage and cost history. Some teams are elite,
 * Flights struggles, Hotels improves. The first run anchors the 90 days to its
 * day; later runs (every collection) add the days since, so the demo stays current.
 * Every write is idempotent: deterministic ids, and a random source per day.
 */
export class DemoDataSeeder {
  constructor(private readonly options: DemoDataSeederOptions) {}

  async seed(): Promise<void> {
    const { platform, clock, logger } = this.options;
    const now = clock.now().getTime();
    const today = epochDay(now);
    let anchor = Number(await platform.getMeta(META_ANCHOR));
    if (!Number.isFinite(anchor) || anchor <= 0) {
      anchor = today;
      await platform.setMeta(META_ANCHOR, String(anchor));
    }
    const firstDay = Math.max(anchor - DAYS + 1, today - DAYS + 1);
    const last = Number(await platform.getMeta(META_LAST));
    const fromDay = Number.isFinite(last) && last > 0 ? Math.max(firstDay, last) : firstDay;
    // Additive data (page views) is written once per finished day.
    const newDaysFrom = Number.isFinite(last) && last > 0 ? Math.max(firstDay, last) : firstDay;

    const components = await platform.listEntities({ kind: 'component' });
    const groups = await platform.listEntities({ kind: 'group' });
    const resources = await platform.listEntities({ kind: 'resource' });
    const members: Member[] = (await platform.listMemberships())
      .filter(m => groups.some(g => g.entityRef === m.groupRef && g.type === 'team'))
      .map(m => ({ userRef: m.userRef, teamRef: m.groupRef }));
    if (components.length === 0) {
      return;
    }
    const started = Date.now();
    for (let day = fromDay; day <= today; day++) {
      await this.seedDeliveries(day, anchor, now, components);
      await this.seedRuns(day, anchor, now, components, members);
      await this.seedDatabaseRequests(day, now, components, members);
      if (day >= newDaysFrom && day < today) {
        await this.seedActivity(day, members);
      }
    }
    await this.seedSurveys(anchor, firstDay, now, members);
    await this.seedCatalogHistory(newDaysFrom, today - 1, anchor, components, resources);
    await platform.setMeta(META_LAST, String(today));
    logger.info(
      `Demo data: seeded ${dayToIso(fromDay)} to ${dayToIso(today)} in ${Date.now() - started} ms`,
    );
  }

  /** Deployable components, with their creation day when a template created them. */
  private lifeOf(component: StoredEntity, anchor: number) {
    const created = CREATED_FROM_TEMPLATES[component.entityRef];
    const createdAt = created ? (anchor - created.createdDaysAgo) * DAY_MS + 10 * HOUR_MS : undefined;
    const firstProductionAt =
      created && created.firstProductionAfterDays !== undefined
        ? createdAt! + created.firstProductionAfterDays * DAY_MS
        : created
          ? Infinity
          : -Infinity;
    return { createdAt, firstProductionAt };
  }

  private async seedDeliveries(day: number, anchor: number, now: number, components: StoredEntity[]) {
    const deployments: NewDeployment[] = [];
    const incidents: NewIncident[] = [];
    const dayIso = dayToIso(day);
    const weekday = new Date(day * DAY_MS).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const progress = Math.min(1, Math.max(0, (day - (anchor - DAYS + 1)) / (DAYS - 1)));
    const production = this.options.productionEnvironments[0] ?? 'production';

    for (const component of components) {
      if (!DEPLOYABLE_TYPES.includes(component.type ?? '')) continue;
      const profile: TeamProfile = profileFor(component.ownerRef);
      const life = this.lifeOf(component, anchor);
      if (life.createdAt !== undefined && (day + 1) * DAY_MS <= life.createdAt) continue;
      const rng = new SeededRandom(`${component.entityRef}|${day}`);
      const slower = profile.improvement ** (1 - progress);
      let rate = profile.deploysPerDay / slower;
      if (component.lifecycle === 'deprecated') rate *= 0.12;
      if (component.lifecycle === 'experimental') rate *= 0.6;
      if (weekend) rate *= 0.08;
      const name = component.entityRef.replace(/^component:default\//, '');
      let count = rng.poisson(rate);
      // The first production deployment of a component a template created.
      const firstToday =
        Number.isFinite(life.firstProductionAt) && epochDay(life.firstProductionAt) === day;
      if (firstToday) count = Math.max(count, 1);

      const times = Array.from({ length: count }, () => day * DAY_MS + rng.between(8, 19) * HOUR_MS).sort(
        (a, b) => a - b,
      );
      if (firstToday) times[0] = life.firstProductionAt;
      times.forEach((finishedAt, k) => {
        // Every value of a deployment comes from its own random source and is drawn
        // whether or not it is due yet, so a later top-up writes the same events.
        const drng = new SeededRandom(`${component.entityRef}|${day}|${k}`);
        const stagingAt = finishedAt - drng.between(30, 90) * 60_000;
        const roll = drng.next();
        const commits = Array.from({ length: drng.int(1, rate > 1 ? 3 : 6) }, () => ({
          sha: drng.hex(40),
          committedAt: Math.round(finishedAt - drng.logBetween(profile.leadTime[0], profile.leadTime[1]) * slower * 1000),
        }));
        const causesIncident = drng.chance(profile.failureRate * 0.4);
        const incidentAt = finishedAt + drng.between(5, 120) * 60_000;

        const inProduction = finishedAt >= life.firstProductionAt;
        const eventId = `seed-${name}-${dayIso}-${k}`;
        const version = `${dayIso.replace(/-/g, '.')}.${k + 1}`;
        const url = `https://ci.wayfarer.example/${name}/runs/${dayIso}-${k + 1}`;
        if (stagingAt <= now && (life.createdAt === undefined || stagingAt > life.createdAt)) {
          deployments.push(this.deployment(component, `${eventId}-staging`, 'staging', version, stagingAt, 'success', [], url));
        }
        if (!inProduction || finishedAt > now) return;
        const outcome =
          roll < profile.failureRate * 0.4 ? 'failure' : roll < profile.failureRate * 0.6 ? 'rolled_back' : 'success';
        deployments.push(this.deployment(component, eventId, production, version, finishedAt, outcome, commits, url));
        if (outcome === 'success' && causesIncident) {
          const incidentId = `SEED-INC-${name}-${dayIso}-${k}`;
          incidents.push(
            this.incident(component, incidentId, new SeededRandom(incidentId), profile, incidentAt, now, eventId),
          );
        }
      });
      const standalone = rng.poisson((profile.incidentsPerWeek / 7) * (life.createdAt ? 0.5 : 1));
      for (let k = 0; k < standalone; k++) {
        const incidentId = `SEED-INC-${name}-${dayIso}-x${k}`;
        const irng = new SeededRandom(incidentId);
        const openedAt = day * DAY_MS + irng.between(0, 24) * HOUR_MS;
        if (openedAt > life.firstProductionAt) {
          incidents.push(this.incident(component, incidentId, irng, profile, openedAt, now));
        }
      }
    }
    if (deployments.length > 0) {
      await this.options.events.recordDeployments(deployments);
    }
    const due = incidents.filter(i => i.openedAt <= now);
    if (due.length > 0) {
      await this.options.events.recordIncidents(due);
    }
  }

  private deployment(
    component: StoredEntity,
    eventId: string,
    environment: string,
    version: string,
    finishedAtMs: number,
    outcome: string,
    commits: Array<{ sha: string; committedAt: number }>,
    url: string,
  ): NewDeployment {
    const finishedAt = Math.round(finishedAtMs);
    return {
      sender: DEMO_SENDER,
      eventId,
      payloadHash: sha256(`${eventId}:${outcome}:${finishedAt}`),
      entityRef: component.entityRef,
      teamRef: component.ownerRef,
      environment,
      isProduction: this.options.productionEnvironments.includes(environment),
      version,
      outcome,
      startedAt: finishedAt - 6 * 60_000,
      finishedAt,
      commits,
      url,
      receivedAt: finishedAt,
    };
  }

  private incident(
    component: StoredEntity,
    eventId: string,
    rng: SeededRandom,
    profile: TeamProfile,
    openedAt: number,
    now: number,
    causedBy?: string,
  ): NewIncident {
    const restoreMs = rng.logBetween(profile.restoreTime[0], profile.restoreTime[1]) * 1000;
    const resolvedAt = Math.round(openedAt + restoreMs);
    const resolved = resolvedAt <= now;
    const severity = rng.pick(causedBy ? ['sev2', 'sev2', 'sev3', 'sev1'] : ['sev3', 'sev3', 'sev4', 'sev2']);
    return {
      sender: DEMO_SENDER,
      eventId,
      // The resolution is part of the content: re-seeding after it happened updates the incident.
      payloadHash: sha256(`${eventId}:${resolved ? resolvedAt : 'open'}`),
      entityRef: component.entityRef,
      teamRef: component.ownerRef,
      severity,
      title: rng.pick(INCIDENT_TITLES),
      openedAt: Math.round(openedAt),
      resolvedAt: resolved ? resolvedAt : undefined,
      causedByDeployment: causedBy,
      url: `https://incidents.wayfarer.example/${eventId}`,
      receivedAt: Math.round(openedAt),
    };
  }

  private async seedRuns(day: number, anchor: number, now: number, components: StoredEntity[], members: Member[]) {
    const { platform, feedback } = this.options;
    const rng = new SeededRandom(`runs|${day}`);
    const dayIso = dayToIso(day);
    const runs: Array<{ taskId: string; templateRef: string; createdBy?: string; createdAt: number; completedAt: number; status: string; entityRef?: string }> = [];
    for (const component of components) {
      const created = CREATED_FROM_TEMPLATES[component.entityRef];
      if (!created || anchor - created.createdDaysAgo !== day) continue;
      const owners = members.filter(m => m.teamRef === component.ownerRef);
      const completedAt = this.lifeOf(component, anchor).createdAt!;
      runs.push({
        taskId: `seed-task-${component.entityRef.replace(/^component:default\//, '')}`,
        templateRef: created.template,
        createdBy: owners.length ? rng.pick(owners).userRef : undefined,
        createdAt: completedAt - rng.int(70, 200) * 1000,
        completedAt,
        status: 'completed',
        entityRef: component.entityRef,
      });
    }
    const templates = Object.keys(DEMO_TEMPLATES);
    const count = rng.poisson(new Date(day * DAY_MS).getUTCDay() % 6 === 0 ? 0.1 : 0.55);
    for (let k = 0; k < count; k++) {
      const createdAt = day * DAY_MS + rng.between(8, 18) * HOUR_MS;
      const templateRef = rng.pick([templates[0], templates[0], templates[1], templates[2], templates[2], templates[3]]);
      runs.push({
        taskId: `seed-task-${dayIso}-${k}`,
        templateRef,
        createdBy: members.length ? rng.pick(members).userRef : undefined,
        createdAt,
        completedAt: createdAt + rng.logBetween(35, templateRef.includes('database') ? 420 : 240) * 1000,
        status: rng.chance(0.89) ? 'completed' : 'failed',
      });
    }
    // The guest's own recent run, so a new user sees the rating it asks for.
    if (day === anchor - 2) {
      const createdAt = day * DAY_MS + 14 * HOUR_MS;
      runs.push({
        taskId: 'seed-task-guest-node-service',
        templateRef: 'template:default/node-service',
        createdBy: 'user:default/guest',
        createdAt,
        completedAt: createdAt + 95_000,
        status: 'completed',
      });
    }
    for (const run of runs) {
      if (run.completedAt > now) continue;
      await platform.upsertScaffolderRun({
        ...run,
        templateTitle: DEMO_TEMPLATES[run.templateRef],
        seeded: true,
      });
      const rater = new SeededRandom(`rating|${run.taskId}`);
      if (run.createdBy && run.createdBy !== 'user:default/guest' && rater.chance(0.55)) {
        await feedback.recordResponse({
          kind: 'template-run',
          subject: run.taskId,
          userRef: run.createdBy,
          teamRefs: members.filter(m => m.userRef === run.createdBy).map(m => m.teamRef),
          score: run.status === 'completed' ? rater.pick([4, 5, 5, 4, 3]) : rater.pick([2, 3, 1]),
          dismissed: false,
          createdAt: run.completedAt + 60_000,
          seeded: true,
        });
      }
    }
  }

  private async seedDatabaseRequests(day: number, now: number, components: StoredEntity[], members: Member[]) {
    const { platform, feedback } = this.options;
    const rng = new SeededRandom(`databases|${day}`);
    const count = rng.poisson(0.18);
    for (let k = 0; k < count; k++) {
      const requester = members.length ? rng.pick(members) : undefined;
      const team = requester?.teamRef;
      const teamComponents = components.filter(c => c.ownerRef === team && DEPLOYABLE_TYPES.includes(c.type ?? ''));
      const component = teamComponents.length ? rng.pick(teamComponents) : undefined;
      const requestedAt = Math.round(day * DAY_MS + rng.between(8, 17) * HOUR_MS);
      const size = rng.pick(['small', 'small', 'medium', 'medium', 'large']);
      const waitMs = Math.round(rng.logBetween(8 * 60, 30 * 3600) * 1000);
      const decidedAt = requestedAt + waitMs;
      const completedAt = decidedAt + Math.round(rng.between(4, 16) * 60_000);
      const roll = rng.next();
      const purpose = rng.pick(['reporting', 'events', 'archive', 'audit', 'cache-warmup']);
      const rated = rng.chance(0.5);
      const happyScore = rng.pick([4, 5]);
      const unhappyScore = rng.pick([1, 2]);
      let status = roll < 0.08 ? 'denied' : roll < 0.13 ? 'rejected' : roll < 0.18 ? 'failed' : 'provisioned';
      const decided = decidedAt <= now;
      if (!decided) status = 'awaiting-approval';
      const base = component?.entityRef.replace(/^component:default\//, '') ?? 'shared';
      const requestId = `seed-db-${dayToIso(day)}-${k}`;
      await platform.upsertDatabaseRequest({
        requestId,
        entityRef: `resource:default/${base}-${purpose}-db`,
        componentRef: component?.entityRef,
        teamRef: team,
        environment: 'production',
        size,
        monthlyCostUsd: DATABASE_SIZES[size],
        status,
        requestedBy: requester?.userRef,
        requestedAt,
        decidedAt: decided ? decidedAt : undefined,
        completedAt: decided && status !== 'denied' && status !== 'rejected' && completedAt <= now ? completedAt : undefined,
        approvalWaitMs: decided ? waitMs : undefined,
        seeded: true,
      });
      if (decided && rated && requester && requester.userRef !== 'user:default/guest') {
        await feedback.recordResponse({
          kind: 'database-request',
          subject: requestId,
          userRef: requester.userRef,
          teamRefs: [requester.teamRef],
          score: status === 'provisioned' ? (waitMs > 8 * 3600_000 ? 3 : happyScore) : unhappyScore,
          dismissed: false,
          createdAt: Math.min(now, completedAt + 120_000),
          seeded: true,
        });
      }
    }
  }

  private async seedActivity(day: number, members: Member[]) {
    const weekday = new Date(day * DAY_MS).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    for (const member of members) {
      const rng = new SeededRandom(`activity|${member.userRef}|${day}`);
      const profile = profileFor(member.teamRef);
      if (!rng.chance(profile.activity * (weekend ? 0.08 : 1))) continue;
      await this.options.feedback.recordActivity({
        day,
        userRef: member.userRef,
        pageViews: rng.int(3, 45),
        sessions: rng.int(1, 3),
        seeded: true,
      });
    }
  }

  /** Pulse answers for the periods up to the one the seed is anchored in; never the guest's current one. */
  private async seedSurveys(anchor: number, firstDay: number, now: number, members: Member[]) {
    const { feedback, pulsePeriod } = this.options;
    const periods = recentPulsePeriods(anchor * DAY_MS, pulsePeriod, 4);
    const currentPeriod = pulsePeriodOf(now, pulsePeriod).key;
    for (const [index, period] of periods.entries()) {
      for (const member of members) {
        if (member.userRef === 'user:default/guest' && period.key === currentPeriod) continue;
        const rng = new SeededRandom(`pulse|${member.userRef}|${period.key}`);
        if (!rng.chance(index === periods.length - 1 ? 0.55 : 0.72)) continue;
        const profile = profileFor(member.teamRef);
        const trend = member.teamRef === 'group:default/team-hotels' ? (index - 2) * 0.3 : 0;
        const score = Math.min(5, Math.max(1, Math.round(profile.satisfaction + trend + rng.between(-1.1, 1.1))));
        // A day inside the period and the 90 days, not in the future.
        const periodStart = Date.UTC(
          Number(period.key.slice(0, 4)),
          pulsePeriod === 'quarter' ? (Number(period.key.slice(6)) - 1) * 3 : Number(period.key.slice(5)) - 1,
          1,
        );
        const fromMs = Math.max(periodStart, firstDay * DAY_MS);
        const toMs = Math.min(now, periodStart + (pulsePeriod === 'quarter' ? 90 : 28) * DAY_MS);
        if (toMs < fromMs) continue;
        const dismissed = rng.chance(0.08);
        const comments = score >= 4 ? POSITIVE_COMMENTS : score === 3 ? NEUTRAL_COMMENTS : NEGATIVE_COMMENTS;
        await feedback.recordResponse({
          kind: 'pulse',
          subject: period.key,
          userRef: member.userRef,
          teamRefs: [member.teamRef],
          score: dismissed ? undefined : score,
          comment: !dismissed && rng.chance(0.35) ? rng.pick(comments) : undefined,
          dismissed,
          createdAt: Math.round(rng.between(fromMs, toMs)),
          seeded: true,
        });
      }
    }
  }

  /** Coverage and cost before the portal collected them itself; real snapshots are never replaced. */
  private async seedCatalogHistory(
    fromDay: number,
    toDay: number,
    anchor: number,
    components: StoredEntity[],
    resources: StoredEntity[],
  ) {
    const rows: CatalogDailyRow[] = [];
    const first = anchor - DAYS + 1;
    for (let day = fromDay; day <= toDay; day++) {
      const growth = 0.88 + 0.12 * Math.min(1, Math.max(0, (day - first) / (DAYS - 1)));
      const byScope = new Map<string, CatalogDailyRow>();
      const add = (owner: string | undefined, fn: (row: CatalogDailyRow) => void) => {
        for (const scope of [ORG_SCOPE, ...(owner ? [teamScope(owner)] : [])]) {
          let row = byScope.get(scope);
          if (!row) {
            row = { scope, day, components: 0, fromTemplate: 0, withOwner: 0, withDocs: 0, withCi: 0, withLifecycle: 0, monthlyCostUsd: 0, seeded: true };
            byScope.set(scope, row);
          }
          fn(row);
        }
      };
      for (const component of components) {
        const life = this.lifeOf(component, anchor);
        if (life.createdAt !== undefined && life.createdAt >= (day + 1) * DAY_MS) continue;
        add(component.ownerRef, row => {
          row.components += 1;
          row.fromTemplate += life.createdAt !== undefined || component.sourceTemplate ? 1 : 0;
          row.withOwner += component.hasOwner ? 1 : 0;
          // Docs were written over the quarter: fewer had them at the start.
          row.withDocs += component.hasDocs && new SeededRandom(`docs|${component.entityRef}`).next() < growth + 0.05 ? 1 : 0;
          row.withCi += component.hasCiAnnotation || DEPLOYABLE_TYPES.includes(component.type ?? '') ? 1 : 0;
          row.withLifecycle += component.lifecycle ? 1 : 0;
        });
      }
      for (const resource of resources) {
        add(resource.ownerRef, row => {
          row.monthlyCostUsd += (resource.monthlyCostUsd ?? 0) * growth;
        });
      }
      rows.push(...byScope.values());
    }
    await this.options.platform.insertCatalogDailyIfMissing(rows);
  }
}
