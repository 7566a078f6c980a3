import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CostSource } from '@internal/plugin-devex-common';
import { CostSettings } from '../config';

export const MONTHLY_COST_ANNOTATION = 'wayfarer.example/monthly-cost-usd';
export const SIZE_CLASS_ANNOTATION = 'wayfarer.example/size-class';

export type ResourceCost = {
  monthlyUsd?: number;
  costClass?: string;
  source: CostSource;
};

/**
 * What a provisioned resource costs a month, in order of precedence: its
 * monthly-cost annotation, its size-class annotation, a class configured for it,
 * the default class of its type. Classes are priced by devex.cost.classes.
 */
export class CostModel {
  constructor(private readonly settings: CostSettings) {}

  costOf(entity: Entity): ResourceCost {
    const annotations = entity.metadata.annotations ?? {};
    const explicit = Number(annotations[MONTHLY_COST_ANNOTATION]);
    if (annotations[MONTHLY_COST_ANNOTATION] !== undefined && Number.isFinite(explicit) && explicit >= 0) {
      return { monthlyUsd: explicit, source: 'annotation', costClass: annotations[SIZE_CLASS_ANNOTATION] };
    }
    const sizeClass = annotations[SIZE_CLASS_ANNOTATION];
    if (sizeClass && this.settings.classes[sizeClass] !== undefined) {
      return { monthlyUsd: this.settings.classes[sizeClass], costClass: sizeClass, source: 'size-class' };
    }
    const configured = this.settings.resources[stringifyEntityRef(entity)];
    if (configured && this.settings.classes[configured] !== undefined) {
      return { monthlyUsd: this.settings.classes[configured], costClass: configured, source: 'configured-class' };
    }
    const type = typeof entity.spec?.type === 'string' ? entity.spec.type : undefined;
    const byType = type ? this.settings.defaultClassByType[type] : undefined;
    if (byType && this.settings.classes[byType] !== undefined) {
      return { monthlyUsd: this.settings.classes[byType], costClass: byType, source: 'type-default' };
    }
    return { source: 'unknown' };
  }

  budgetOf(teamRef: string): number | undefined {
    return this.settings.budgets[teamRef.toLocaleLowerCase('en-US')];
  }
}
