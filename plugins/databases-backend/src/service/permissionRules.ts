import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  DATABASE_RESOURCE_TYPE,
  IS_DATABASE_OWNER_RULE,
} from '@internal/plugin-databases-common';
import { z } from 'zod';
import { DatabaseRecord } from '../database/DatabasesStore';

export type DatabaseOwnerQuery = { ownerRefs: string[] };

export const databaseResourceRef = createPermissionResourceRef<
  DatabaseRecord,
  DatabaseOwnerQuery
>().with({ pluginId: 'databases', resourceType: DATABASE_RESOURCE_TYPE });

/** The database belongs to one of the given owners (a user's ownership claims). */
export const isDatabaseOwner = createPermissionRule({
  name: IS_DATABASE_OWNER_RULE,
  description: 'Allow when the database is owned by one of the given groups or users',
  resourceRef: databaseResourceRef,
  paramsSchema: z.object({
    claims: z.array(z.string()).describe('Ownership claims of the user'),
  }),
  apply: (database, { claims }) =>
    claims.map(c => c.toLocaleLowerCase('en-US')).includes(
      database.ownerRef.toLocaleLowerCase('en-US'),
    ),
  toQuery: ({ claims }) => ({ ownerRefs: claims }),
});
