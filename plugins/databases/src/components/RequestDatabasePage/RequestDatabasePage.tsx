import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import {
  Button,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  Grid,
  MenuItem,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@material-ui/core';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  databaseRequestInputSchema,
  DatabaseEnvironment,
  DatabaseRequestInput,
  DatabaseSize,
  monthlyCostUsd,
  PolicyVerdict,
} from '@internal/plugin-databases-common';
import { databasesApiRef } from '../../api';
import { VerdictPanel } from '../VerdictPanel';
import { usd } from '../format';

type FormState = {
  component: string;
  name: string;
  environment: DatabaseEnvironment;
  size: DatabaseSize;
  region: string;
  backupRetentionDays: string;
  highAvailability: boolean;
  justification: string;
};

function toInput(form: FormState): unknown {
  return {
    component: form.component,
    name: form.name,
    environment: form.environment,
    size: form.size,
    region: form.region || undefined,
    backupRetentionDays:
      form.backupRetentionDays === '' ? undefined : Number(form.backupRetentionDays),
    highAvailability: form.highAvailability,
    justification: form.justification || undefined,
  };
}

/** Components the signed-in user's teams own: the only ones they can request for. */
function useOwnedComponents() {
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  return useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'component', 'relations.ownedBy': ownershipEntityRefs },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return items
      .map(entity => ({
        ref: stringifyEntityRef(entity),
        title: entity.metadata.title ?? entity.metadata.name,
      }))
      .sort((a, b) => a.title.localeCompare(b.title));
  }, []);
}

/**
 * The "Request a database" form. The policy verdict updates live from the backend's dry
 * run as the developer fills it in, so they see a denial (with reasons) or the need for an
 * approval before submitting.
 */
export function RequestDatabasePage() {
  const api = useApi(databasesApiRef);
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const options = useAsync(() => api.getOptions(), [api]);
  const components = useOwnedComponents();

  const [form, setForm] = useState<FormState>({
    component: searchParams.get('component') ?? '',
    name: '',
    environment: 'development',
    size: 'small',
    region: '',
    backupRetentionDays: '7',
    highAvailability: false,
    justification: '',
  });
  const [verdict, setVerdict] = useState<PolicyVerdict>();
  const [checking, setChecking] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<Error>();

  useEffect(() => {
    if (!form.component && components.value?.length) {
      setForm(f => ({ ...f, component: components.value![0].ref }));
    }
  }, [components.value, form.component]);
  useEffect(() => {
    if (!form.region && options.value) {
      setForm(f => ({ ...f, region: options.value!.regions[0] }));
    }
  }, [options.value, form.region]);

  const parsed = useMemo(() => databaseRequestInputSchema.safeParse(toInput(form)), [form]);
  const fieldErrors = useMemo(() => {
    const errors: Record<string, string> = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        errors[key] ??= issue.message;
      }
    }
    return errors;
  }, [parsed]);

  // The live verdict: a dry run a moment after the last change to a valid form.
  useEffect(() => {
    if (!parsed.success) {
      setVerdict(undefined);
      return undefined;
    }
    let cancelled = false;
    setChecking(true);
    const timer = setTimeout(() => {
      api
        .dryRunRequest(parsed.data as DatabaseRequestInput)
        .then(v => !cancelled && setVerdict(v))
        .catch(() => !cancelled && setVerdict(undefined))
        .finally(() => !cancelled && setChecking(false));
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, parsed]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm(f => {
      const next = { ...f, [key]: value };
      // Production needs a standby and a week of backups; start from what the policy asks.
      if (key === 'environment' && value === 'production') {
        next.highAvailability = true;
        if (Number(next.backupRetentionDays) < 7) next.backupRetentionDays = '7';
      }
      return next;
    });

  const reasonFor = (field: string) =>
    verdict?.reasons.find(r => r.field === field)?.message;
  const showJustification =
    verdict?.decision === 'needs-approval' ||
    Boolean(reasonFor('justification')) ||
    form.justification !== '';

  const submit = async () => {
    if (!parsed.success) return;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const request = await api.submitRequest(parsed.data as DatabaseRequestInput);
      navigate(`/databases/requests/${request.id}`);
    } catch (error) {
      setSubmitError(error as Error);
      setSubmitting(false);
    }
  };

  if (options.loading || components.loading) return <Progress />;
  if (options.error || components.error) {
    return <ResponseErrorPanel error={(options.error ?? components.error)!} />;
  }
  const opts = options.value!;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={7}>
        <InfoCard title="Request a database">
          <form
            aria-label="Request a database"
            onSubmit={e => {
              e.preventDefault();
              submit();
            }}
          >
            <Grid container spacing={2}>
              <Grid item xs={12}>
                {components.value!.length === 0 ? (
                  <Typography color="error">
                    Your teams own no components yet; a database always belongs to one.
                  </Typography>
                ) : (
                  <TextField
                    select
                    fullWidth
                    id="database-component"
                    label="Owning component"
                    value={form.component}
                    onChange={e => set('component', e.target.value)}
                    helperText="Only components your teams own."
                  >
                    {components.value!.map(c => (
                      <MenuItem key={c.ref} value={c.ref}>
                        {c.title} ({c.ref})
                      </MenuItem>
                    ))}
                  </TextField>
                )}
              </Grid>
              <Grid item xs={12}>
                <TextField
                  fullWidth
                  id="database-name"
                  label="Database name"
                  value={form.name}
                  onChange={e => set('name', e.target.value)}
                  error={Boolean(form.name && (fieldErrors.name || reasonFor('name')))}
                  helperText={
                    (form.name && (fieldErrors.name || reasonFor('name'))) ||
                    '3 to 40 lowercase letters, digits and underscores, starting with a letter.'
                  }
                />
              </Grid>
              <Grid item xs={12}>
                <FormControl component="fieldset">
                  <FormLabel component="legend">Environment</FormLabel>
                  <RadioGroup
                    row
                    aria-label="Environment"
                    value={form.environment}
                    onChange={e => set('environment', e.target.value as DatabaseEnvironment)}
                  >
                    {opts.environments.map(({ environment, available }) => (
                      <FormControlLabel
                        key={environment}
                        value={environment}
                        control={<Radio />}
                        label={available ? environment : `${environment} (no server yet)`}
                      />
                    ))}
                  </RadioGroup>
                </FormControl>
              </Grid>
              <Grid item xs={12}>
                <FormControl component="fieldset" error={Boolean(reasonFor('size'))}>
                  <FormLabel component="legend">Size</FormLabel>
                  <RadioGroup
                    aria-label="Size"
                    value={form.size}
                    onChange={e => set('size', e.target.value as DatabaseSize)}
                  >
                    {opts.sizes.map(s => (
                      <FormControlLabel
                        key={s.size}
                        value={s.size}
                        control={<Radio />}
                        label={`${s.title}: ${s.description}, ${s.connectionLimit} connections, ${usd(
                          monthlyCostUsd(s, form.highAvailability, opts.highAvailabilityCostFactor),
                        )}/month`}
                      />
                    ))}
                  </RadioGroup>
                  {reasonFor('size') && <FormHelperText>{reasonFor('size')}</FormHelperText>}
                </FormControl>
              </Grid>
              <Grid item xs={12} sm={6}>
                <TextField
                  select
                  fullWidth
                  id="database-region"
                  label="Region"
                  value={form.region}
                  onChange={e => set('region', e.target.value)}
                >
                  {opts.regions.map(r => (
                    <MenuItem key={r} value={r}>
                      {r}
                    </MenuItem>
                  ))}
                </TextField>
              </Grid>
              <Grid item xs={12} sm={6}>
                <TextField
                  fullWidth
                  type="number"
                  id="database-backups"
                  label="Backup retention (days)"
                  value={form.backupRetentionDays}
                  onChange={e => set('backupRetentionDays', e.target.value)}
                  error={Boolean(fieldErrors.backupRetentionDays || reasonFor('backupRetentionDays'))}
                  helperText={fieldErrors.backupRetentionDays || reasonFor('backupRetentionDays')}
                />
              </Grid>
              <Grid item xs={12}>
                <FormControlLabel
                  control={
                    <Checkbox
                      checked={form.highAvailability}
                      onChange={e => set('highAvailability', e.target.checked)}
                    />
                  }
                  label={`High availability (a standby in another zone, ×${opts.highAvailabilityCostFactor} cost)`}
                />
                {reasonFor('highAvailability') && (
                  <FormHelperText error>{reasonFor('highAvailability')}</FormHelperText>
                )}
              </Grid>
              {showJustification && (
                <Grid item xs={12}>
                  <TextField
                    fullWidth
                    multiline
                    minRows={3}
                    id="database-justification"
                    label="Justification"
                    value={form.justification}
                    onChange={e => set('justification', e.target.value)}
                    error={Boolean(reasonFor('justification'))}
                    helperText={
                      reasonFor('justification') ??
                      'Why your team needs it; the approver reads this.'
                    }
                  />
                </Grid>
              )}
              <Grid item xs={12}>
                {submitError && <ResponseErrorPanel error={submitError} />}
                <Button
                  type="submit"
                  variant="contained"
                  color="primary"
                  disabled={
                    submitting ||
                    checking ||
                    !parsed.success ||
                    !verdict ||
                    verdict.decision === 'deny'
                  }
                >
                  {verdict?.decision === 'needs-approval'
                    ? 'Submit for approval'
                    : 'Request database'}
                </Button>
              </Grid>
            </Grid>
          </form>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard title="Policy verdict">
          <VerdictPanel
            verdict={verdict}
            pending={checking}
            emptyText={
              fieldErrors.name && form.name
                ? fieldErrors.name
                : 'Choose a component and a name to see what the policy says.'
            }
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** The request form as a page of its own. */
export function RequestDatabaseRoute() {
  return (
    <Page themeId="tool">
      <Header
        title="Request a database"
        subtitle="A PostgreSQL database for one of your team's components, checked against policy as you type."
      />
      <Content>
        <RequestDatabasePage />
      </Content>
    </Page>
  );
}
