import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useEffect, useState } from 'react';

type Team = { ref: string; title: string };

function teamOf(group: Entity): Team {
  const profile = (group.spec?.profile ?? {}) as { displayName?: string };
  return {
    ref: stringifyEntityRef(group),
    title: profile.displayName ?? group.metadata.title ?? group.metadata.name,
  };
}

/**
 * The owning team, picked from the catalog's groups of type team, starting at
 * the user's own team.
 */
export function OwnerPickerField(props: FieldExtensionComponentProps<string>) {
  const {
    onChange,
    required,
    formData,
    rawErrors,
    idSchema,
    schema: { title = 'Owner', description },
  } = props;
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  const [teams, setTeams] = useState<Team[]>();
  const [loadError, setLoadError] = useState<string>();

  useEffect(() => {
    let current = true;
    Promise.all([
      catalogApi.getEntities({
        filter: { kind: 'Group', 'spec.type': 'team' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.profile',
        ],
      }),
      identityApi.getBackstageIdentity(),
    ]).then(
      ([{ items }, identity]) => {
        if (!current) {
          return;
        }
        const all = items
          .map(teamOf)
          .sort((a, b) => a.title.localeCompare(b.title));
        setTeams(all);
        if (!formData) {
          const own = all.find(team =>
            identity.ownershipEntityRefs.includes(team.ref),
          );
          if (own) {
            onChange(own.ref);
          }
        }
      },
      error => current && setLoadError(String(error)),
    );
    return () => {
      current = false;
    };
    // Load once; the default applies only while nothing is chosen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, identityApi]);

  const options = teams ?? [];
  const known = !formData || options.some(team => team.ref === formData);
  return (
    <TextField
      id={idSchema?.$id}
      select
      label={title}
      required={required}
      value={teams && known ? formData ?? '' : ''}
      onChange={event => onChange(event.target.value as string)}
      margin="normal"
      error={Boolean(loadError) || (rawErrors?.length ?? 0) > 0}
      helperText={
        loadError ? `The teams could not be loaded: ${loadError}` : description
      }
      disabled={!teams}
    >
      {options.map(team => (
        <MenuItem key={team.ref} value={team.ref}>
          {team.title}
        </MenuItem>
      ))}
    </TextField>
  );
}
