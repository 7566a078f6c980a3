import fs from 'node:fs';
import path from 'node:path';
import {
  celEnv,
  CelEnv,
  CelResult,
  isCelError,
  isCelList,
  isCelMap,
  parse,
  plan,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type {
  PolicyReason,
  PolicyVerdict,
} from '@internal/plugin-databases-common';

/**
 * A policy file, shaped like a Kubernetes ValidatingAdmissionPolicy: named variables,
 * validations (expression must hold, else the message is a reason to deny) and approval
 * rules (when the expression holds, a person must approve). Expressions are CEL.
 */
const policyFileSchema = z.object({
  apiVersion: z.literal('policies.wayfarer.example/v1'),
  kind: z.literal('DatabaseRequestPolicy'),
  metadata: z.object({ name: z.string().min(1), description: z.string().optional() }),
  spec: z.object({
    params: z.record(z.string(), z.unknown()).default({}),
    variables: z
      .array(z.object({ name: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), expression: z.string() }))
      .default([]),
    validations: z
      .array(
        z
          .object({
            expression: z.string(),
            message: z.string().optional(),
            messageExpression: z.string().optional(),
            /** The form field the message is about, so the form shows it there. */
            field: z.string().optional(),
          })
          .refine(v => v.message || v.messageExpression, {
            message: 'each validation needs a message or a messageExpression',
          }),
      )
      .default([]),
    approvals: z
      .array(
        z
          .object({
            expression: z.string(),
            message: z.string().optional(),
            messageExpression: z.string().optional(),
          })
          .refine(v => v.message || v.messageExpression, {
            message: 'each approval rule needs a message or a messageExpression',
          }),
      )
      .default([]),
  }),
});

/** What the policy is asked about: the request and the team's usage without it. */
export type PolicyInput = {
  request: {
    kind: 'create' | 'resize';
    name: string;
    environment: string;
    size: string;
    region: string;
    backupRetentionDays: number;
    highAvailability: boolean;
    justification: string;
    monthlyCostUsd: number;
    component: string;
    team: string;
  };
  team: {
    ref: string;
    monthlyCostUsd: number;
    databaseCount: number;
  };
  /** Whether the name is already used in this environment (always false for a resize). */
  existing: { nameTaken: boolean };
};

type Program = (bindings: Record<string, unknown>) => CelResult;

type CompiledRule = {
  source: string;
  expression: Program;
  message?: string;
  messageExpression?: Program;
  field?: string;
};

type CompiledPolicy = {
  name: string;
  params: unknown;
  variables: Array<{ name: string; expression: Program }>;
  validations: CompiledRule[];
  approvals: CompiledRule[];
};

/** Integers become CEL ints (bigint), so `count + 1 > limit` type-checks as policy authors expect. */
function toCel(value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, toCel(v)]),
    );
  }
  return value;
}

/** CEL values back to plain JS, for variables that later expressions read. */
function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (isCelList(value)) return Array.from(value as Iterable<unknown>).map(fromCel);
  if (isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value as Iterable<[unknown, unknown]>) {
      out[String(k)] = fromCel(v);
    }
    return out;
  }
  return value;
}

/**
 * The database request policy: CEL files from the repository, loaded by config
 * (`databases.policy.files`), evaluated for the form's dry run and for real.
 */
export class DatabasePolicy {
  private constructor(
    private readonly policies: CompiledPolicy[],
    readonly sources: string[],
  ) {}

  /** Loads and compiles every policy file; throws a sentence naming the file and rule. */
  static fromFiles(paths: string[]): DatabasePolicy {
    const files = paths.flatMap(p => {
      const stat = fs.statSync(p, { throwIfNoEntry: false });
      if (!stat) {
        throw new Error(
          `The database policy file ${p} does not exist; check databases.policy.files.`,
        );
      }
      if (stat.isDirectory()) {
        return fs
          .readdirSync(p)
          .filter(f => /\.ya?ml$/.test(f))
          .sort()
          .map(f => path.join(p, f));
      }
      return [p];
    });
    const env = celEnv({ funcs: strings });
    const policies = files.map(file =>
      DatabasePolicy.compile(env, file, fs.readFileSync(file, 'utf8')),
    );
    return new DatabasePolicy(policies, files);
  }

  /** For tests and tools: compiles policy documents given as YAML text. */
  static fromYaml(documents: Record<string, string>): DatabasePolicy {
    const env = celEnv({ funcs: strings });
    return new DatabasePolicy(
      Object.entries(documents).map(([name, text]) =>
        DatabasePolicy.compile(env, name, text),
      ),
      Object.keys(documents),
    );
  }

  private static compile(env: CelEnv, file: string, text: string): CompiledPolicy {
    const parsed = policyFileSchema.safeParse(parseYaml(text));
    if (!parsed.success) {
      throw new Error(
        `The database policy ${file} is not a valid DatabaseRequestPolicy: ${parsed.error.issues
          .map(i => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    }
    const { metadata, spec } = parsed.data;
    const program = (where: string, expression: string): Program => {
      try {
        return plan(env, parse(expression)) as Program;
      } catch (error) {
        throw new Error(
          `The database policy ${file} has an expression that does not compile at ${where}: ${
            (error as Error).message
          }`,
        );
      }
    };
    const rules = (kind: string, list: typeof spec.validations) =>
      list.map((rule, index) => ({
        source: `${metadata.name}.${kind}[${index}]`,
        expression: program(`${kind}[${index}].expression`, rule.expression),
        message: rule.message,
        messageExpression: rule.messageExpression
          ? program(`${kind}[${index}].messageExpression`, rule.messageExpression)
          : undefined,
        field: rule.field,
      }));
    return {
      name: metadata.name,
      params: toCel(spec.params),
      variables: spec.variables.map(v => ({
        name: v.name,
        expression: program(`variables.${v.name}`, v.expression),
      })),
      validations: rules('validations', spec.validations),
      approvals: rules('approvals', spec.approvals),
    };
  }

  /**
   * The verdict: deny with every broken rule; else needs-approval with every risk that
   * matched; else allow. An expression that fails to evaluate denies (fail closed).
   */
  evaluate(input: PolicyInput, now = new Date()): PolicyVerdict {
    const reasons: PolicyReason[] = [];
    const approvalReasons: PolicyReason[] = [];
    const base = toCel(input) as Record<string, unknown>;

    for (const policy of this.policies) {
      const bindings: Record<string, unknown> = {
        ...base,
        params: policy.params,
        variables: {},
        approval: { required: false },
      };
      const broken = (where: string, message: string) =>
        reasons.push({
          policy: policy.name,
          message: `The policy ${policy.name} could not be evaluated (${where}: ${message}); ask the platform team.`,
        });

      let ok = true;
      const variables: Record<string, unknown> = {};
      for (const variable of policy.variables) {
        const value = variable.expression(bindings);
        if (isCelError(value)) {
          broken(`variables.${variable.name}`, value.message);
          ok = false;
          break;
        }
        variables[variable.name] = fromCel(value);
        bindings.variables = toCel(variables);
      }
      if (!ok) continue;

      const matchedApprovals: PolicyReason[] = [];
      for (const rule of policy.approvals) {
        const value = rule.expression(bindings);
        if (isCelError(value) || typeof value !== 'boolean') {
          broken(rule.source, isCelError(value) ? value.message : 'not a boolean');
          continue;
        }
        if (value) {
          matchedApprovals.push({
            policy: policy.name,
            message: this.message(rule, bindings),
          });
        }
      }
      approvalReasons.push(...matchedApprovals);
      bindings.approval = { required: approvalReasons.length > 0 };

      for (const rule of policy.validations) {
        const value = rule.expression(bindings);
        if (isCelError(value) || typeof value !== 'boolean') {
          broken(rule.source, isCelError(value) ? value.message : 'not a boolean');
          continue;
        }
        if (!value) {
          reasons.push({
            policy: policy.name,
            message: this.message(rule, bindings),
            ...(rule.field ? { field: rule.field } : {}),
          });
        }
      }
    }

    if (this.policies.length === 0) {
      reasons.push({
        policy: 'none',
        message:
          'No database policy is configured (databases.policy.files), so no request can be allowed; ask the platform team.',
      });
    }

    return {
      decision:
        reasons.length > 0
          ? 'deny'
          : approvalReasons.length > 0
          ? 'needs-approval'
          : 'allow',
      reasons,
      approvalReasons,
      monthlyCostUsd: input.request.monthlyCostUsd,
      usage: {
        teamRef: input.team.ref,
        teamMonthlyCostUsd: input.team.monthlyCostUsd,
        teamDatabaseCount: input.team.databaseCount,
      },
      evaluatedAt: now.toISOString(),
    };
  }

  private message(rule: CompiledRule, bindings: Record<string, unknown>): string {
    if (rule.messageExpression) {
      const value = rule.messageExpression(bindings);
      if (!isCelError(value) && typeof value === 'string') return value;
    }
    return rule.message ?? `Rule ${rule.source} failed.`;
  }
}
