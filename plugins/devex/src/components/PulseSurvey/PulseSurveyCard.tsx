import { Link, Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/frontend-plugin-api';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import {
  PendingRating,
  PendingSurveys,
  SURVEY_COMMENT_MAX_LENGTH,
} from '@internal/plugin-devex-common';
import { useCallback, useEffect, useState } from 'react';
import { devexApiRef } from '../../api/DevexApi';

const SCORE_LABELS = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];

/** Five buttons, 1 to 5, each saying what it means. */
export function ScoreButtons(props: {
  value?: number;
  onChange: (score: number) => void;
  label: string;
  disabled?: boolean;
}) {
  return (
    <Box role="radiogroup" aria-label={props.label} display="flex" style={{ gap: 6 }} my={1}>
      {SCORE_LABELS.map((label, index) => {
        const score = index + 1;
        return (
          <Button
            key={score}
            role="radio"
            aria-checked={props.value === score}
            aria-label={`${score} – ${label}`}
            title={label}
            size="small"
            disabled={props.disabled}
            variant={props.value === score ? 'contained' : 'outlined'}
            color="primary"
            onClick={() => props.onChange(score)}
          >
            {score}
          </Button>
        );
      })}
    </Box>
  );
}

function PulseForm(props: { pulse: NonNullable<PendingSurveys['pulse']>; onDone: (message: string) => void }) {
  const api = useApi(devexApiRef);
  const alerts = useApi(alertApiRef);
  const [score, setScore] = useState<number>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async (dismissed: boolean) => {
    setBusy(true);
    try {
      await api.answerSurvey(
        dismissed ? { kind: 'pulse', dismissed: true } : { kind: 'pulse', score, comment: comment.trim() || undefined },
      );
      props.onDone(
        dismissed
          ? `We will ask again next period. Thanks!`
          : `Thanks — your answer for ${props.pulse.periodLabel} is recorded.`,
      );
    } catch (error) {
      alerts.post({ message: `Your answer was not saved: ${(error as Error).message}`, severity: 'error' });
      setBusy(false);
    }
  };
  return (
    <Box component="form" aria-label="Pulse survey" onSubmit={(e: React.FormEvent) => { e.preventDefault(); send(false); }}>
      <Typography variant="body1">{props.pulse.question}</Typography>
      <Typography variant="caption" color="textSecondary">
        {props.pulse.periodLabel} · 1 = very dissatisfied, 5 = very satisfied · comments are anonymous
      </Typography>
      <ScoreButtons label="Your score" value={score} onChange={setScore} disabled={busy} />
      <TextField
        id="devex-pulse-comment"
        label="Anything to add? (optional)"
        fullWidth
        multiline
        minRows={2}
        variant="outlined"
        size="small"
        value={comment}
        inputProps={{ maxLength: SURVEY_COMMENT_MAX_LENGTH }}
        onChange={e => setComment(e.target.value)}
        disabled={busy}
      />
      <Box display="flex" style={{ gap: 8 }} mt={1}>
        <Button type="submit" variant="contained" color="primary" disabled={busy || score === undefined}>
          Send
        </Button>
        <Button onClick={() => send(true)} disabled={busy}>
          Not now
        </Button>
      </Box>
    </Box>
  );
}

/** A one-question rating of a template run or database request. */
export function RatingPrompt(props: { rating: PendingRating; onDone: () => void }) {
  const api = useApi(devexApiRef);
  const alerts = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);
  const send = async (score?: number) => {
    setBusy(true);
    try {
      await api.answerSurvey(
        score === undefined
          ? { kind: props.rating.kind, subject: props.rating.subject, dismissed: true }
          : { kind: props.rating.kind, subject: props.rating.subject, score },
      );
      props.onDone();
    } catch (error) {
      alerts.post({ message: `Your rating was not saved: ${(error as Error).message}`, severity: 'error' });
      setBusy(false);
    }
  };
  return (
    <Box aria-label={`Rate: ${props.rating.title}`} role="group" mb={1}>
      <Typography variant="body2">
        How did it go? <b>{props.rating.title}</b> ({props.rating.outcome} {props.rating.finishedAt.slice(0, 10)})
      </Typography>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <ScoreButtons label={`Rate ${props.rating.title}`} onChange={send} disabled={busy} />
        <Button size="small" onClick={() => send(undefined)} disabled={busy}>
          Skip
        </Button>
      </Box>
    </Box>
  );
}

/** The home page's feedback card: this period's pulse survey and pending ratings. */
export function PulseSurveyCard(): JSX.Element {
  const api = useApi(devexApiRef);
  const [pending, setPending] = useState<PendingSurveys>();
  const [thanks, setThanks] = useState<string>();
  const [failed, setFailed] = useState(false);
  const load = useCallback(() => {
    api.getPendingSurveys().then(setPending, () => setFailed(true));
  }, [api]);
  useEffect(load, [load]);

  if (failed) {
    return <Typography variant="body2">The feedback survey is not available right now.</Typography>;
  }
  if (!pending) {
    return <Progress />;
  }
  return (
    <Box role="region" aria-label="Your feedback">
      {pending.pulse ? (
        <PulseForm
          pulse={pending.pulse}
          onDone={message => {
            setThanks(message);
            load();
          }}
        />
      ) : (
        <Typography variant="body2" role="status">
          {thanks ?? "You have answered this period's pulse survey. Thank you!"}
        </Typography>
      )}
      {pending.ratings.length > 0 && (
        <Box mt={2}>
          {pending.ratings.map(rating => (
            <RatingPrompt key={`${rating.kind}:${rating.subject}`} rating={rating} onDone={load} />
          ))}
        </Box>
      )}
      <Box mt={1}>
        <Link to="/devex">See how the organization is doing</Link>
      </Box>
    </Box>
  );
}
