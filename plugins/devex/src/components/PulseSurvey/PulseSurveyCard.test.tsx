import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { PendingSurveys, SurveyAnswer } from '@internal/plugin-devex-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DevexApi, devexApiRef } from '../../api/DevexApi';
import { PulseSurveyCard } from './PulseSurveyCard';

/** A backend that asks the pulse survey until it is answered, like the real one. */
function fakeBackend(): { api: DevexApi; answers: SurveyAnswer[] } {
  const answers: SurveyAnswer[] = [];
  const api: DevexApi = {
    getDashboard: async () => {
      throw new Error('not used');
    },
    async getPendingSurveys(): Promise<PendingSurveys> {
      const answered = answers.some(a => a.kind === 'pulse');
      return {
        pulse: answered ? undefined : { period: '2026-03', periodLabel: 'March 2026', question: 'How satisfied are you?' },
        ratings: answers.some(a => a.kind === 'template-run')
          ? []
          : [{ kind: 'template-run', subject: 'task-1', title: 'Your run of Node.js service', outcome: 'succeeded', finishedAt: '2026-03-14T10:00:00Z' }],
      };
    },
    async answerSurvey(answer) {
      answers.push(answer);
    },
    reportActivity: async () => undefined,
  };
  return { api, answers };
}

// The first render of a test app and typed input are slow on a loaded machine.
jest.setTimeout(30_000);

describe('PulseSurveyCard', () => {
  it('takes a score and a comment once, then thanks instead of asking again', async () => {
    const { api, answers } = fakeBackend();
    await renderInTestApp(<PulseSurveyCard />, { apis: [[devexApiRef, api]] });
    expect(await screen.findByText('How satisfied are you?')).toBeInTheDocument();
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toBeDisabled();

    const score = screen.getByRole('radiogroup', { name: 'Your score' });
    await userEvent.click(within(score).getByRole('radio', { name: '4 – Satisfied' }));
    await userEvent.type(screen.getByLabelText('Anything to add? (optional)'), 'Docs are great');
    await userEvent.click(send);

    expect(await screen.findByText('Thanks — your answer for March 2026 is recorded.')).toBeInTheDocument();
    expect(answers).toEqual([{ kind: 'pulse', score: 4, comment: 'Docs are great' }]);
    expect(screen.queryByText('How satisfied are you?')).not.toBeInTheDocument();
  });

  it('can be dismissed for the period, and rates a finished template run in one click', async () => {
    const { api, answers } = fakeBackend();
    await renderInTestApp(<PulseSurveyCard />, { apis: [[devexApiRef, api]] });
    await userEvent.click(await screen.findByRole('button', { name: 'Not now' }));
    expect(await screen.findByText('We will ask again next period. Thanks!')).toBeInTheDocument();

    const rating = screen.getByRole('radiogroup', { name: 'Rate Your run of Node.js service' });
    await userEvent.click(rating.querySelector('[aria-label="5 – Very satisfied"]')!);
    expect(answers).toEqual([
      { kind: 'pulse', dismissed: true },
      { kind: 'template-run', subject: 'task-1', score: 5 },
    ]);
    expect(await screen.findByText('See how the organization is doing')).toBeInTheDocument();
    expect(screen.queryByRole('radiogroup', { name: 'Rate Your run of Node.js service' })).not.toBeInTheDocument();
  });
});
