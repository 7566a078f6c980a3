import { Box, IconButton, Paper, Slide } from '@material-ui/core';
import Close from '@material-ui/icons/Close';
import { useApi } from '@backstage/frontend-plugin-api';
import type { PendingRating } from '@internal/plugin-devex-common';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { devexApiRef } from '../../api/DevexApi';
import { RatingPrompt } from '../PulseSurvey/PulseSurveyCard';

const TASK_PAGE = /\/create\/tasks\/([^/?#]+)/;
const DATABASE_REQUEST_PAGE = /\/databases\/requests\/([^/?#]+)/;

/** What the page shows that can be rated: a template run or a database request. */
function subjectOf(pathname: string): { kind: PendingRating['kind']; id: string } | undefined {
  const task = TASK_PAGE.exec(pathname)?.[1];
  if (task) return { kind: 'template-run', id: decodeURIComponent(task) };
  const request = DATABASE_REQUEST_PAGE.exec(pathname)?.[1];
  if (request) return { kind: 'database-request', id: decodeURIComponent(request) };
  return undefined;
}
const POLL_MS = 4000;

/**
 * On a template run's page, or a database request's, once it has finished, asks
 * whoever started it for a one-question rating in a small panel at the bottom left.
 * The backend decides whether there is anything to rate (finished, theirs, not yet
 * rated).
 */
export function TemplateRunRating() {
  const api = useApi(devexApiRef);
  const location = useLocation();
  const subject = subjectOf(location.pathname);
  const taskId = subject ? `${subject.kind}:${subject.id}` : undefined;
  const [rating, setRating] = useState<PendingRating>();
  const [closed, setClosed] = useState<string>();

  useEffect(() => {
    setRating(undefined);
    if (!taskId) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (attempt: number) => {
      try {
        const pending = await api.getPendingSurveys(
          subject!.kind === 'template-run' ? { templateRun: subject!.id } : { databaseRequest: subject!.id },
        );
        const found = pending.ratings.find(r => r.kind === subject!.kind && r.subject === subject!.id);
        if (stopped) return;
        if (found) {
          setRating(found);
          return;
        }
      } catch {
        // Not signed in yet, or the backend is away; try again shortly.
      }
      if (!stopped && attempt < 150) {
        timer = setTimeout(() => poll(attempt + 1), POLL_MS);
      }
    };
    poll(0);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, taskId]);

  const open = !!rating && closed !== taskId;
  return (
    <Slide direction="up" in={open} mountOnEnter unmountOnExit>
      <Paper elevation={6} style={{ position: 'fixed', left: 24, bottom: 24, zIndex: 1300, padding: 16, maxWidth: 440 }}>
        <Box display="flex" alignItems="flex-start">
          <Box flexGrow={1}>{rating && <RatingPrompt rating={rating} onDone={() => setClosed(taskId)} />}</Box>
          <IconButton size="small" aria-label="Close the rating" onClick={() => setClosed(taskId)}>
            <Close fontSize="small" />
          </IconButton>
        </Box>
      </Paper>
    </Slide>
  );
}
