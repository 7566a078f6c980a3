import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { useEffect, useState } from 'react';
import { checkEntityName, EntityNameCheck } from './checkEntityName';

export type EntityNameFieldOptions = { providesApi?: boolean };

const DEBOUNCE_MS = 250;

/**
 * The new entity's name, checked as the user types: the format at once, then,
 * a moment after typing stops, whether the catalog already has it.
 */
export function EntityNameField(
  props: FieldExtensionComponentProps<string, EntityNameFieldOptions>,
) {
  const {
    onChange,
    required,
    formData,
    rawErrors,
    idSchema,
    schema: { title = 'Name', description },
    uiSchema,
  } = props;
  const catalogApi = useApi(catalogApiRef);
  const providesApi = Boolean(uiSchema?.['ui:options']?.providesApi);
  const [check, setCheck] = useState<EntityNameCheck | 'checking'>();

  useEffect(() => {
    if (!formData) {
      setCheck(undefined);
      return undefined;
    }
    let current = true;
    setCheck('checking');
    const timer = setTimeout(() => {
      checkEntityName(catalogApi, formData, { providesApi }).then(
        result => current && setCheck(result),
        () => current && setCheck(undefined),
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [catalogApi, formData, providesApi]);

  const problem =
    check && check !== 'checking' && check.state !== 'free'
      ? check.message
      : undefined;
  let helperText = description;
  if (check === 'checking') {
    helperText = `Checking ${formData}…`;
  } else if (check) {
    helperText = check.message;
  }

  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      required={required}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value.trim())}
      margin="normal"
      autoFocus={Boolean(uiSchema?.['ui:autofocus'])}
      error={Boolean(problem) || (rawErrors?.length ?? 0) > 0}
      helperText={helperText}
      FormHelperTextProps={{ 'aria-live': 'polite' } as any}
      inputProps={{ autoComplete: 'off', spellCheck: false }}
    />
  );
}
