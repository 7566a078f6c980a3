import { DORA_DEFINITIONS } from '@internal/plugin-devex-common';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MetricTooltip } from './MetricTooltip';

describe('MetricTooltip', () => {
  it('opens the definition for a keyboard user who tabs to it', async () => {
    const definition = DORA_DEFINITIONS.deploymentFrequency;
    render(<MetricTooltip definition={definition} />);
    await userEvent.tab();
    expect(
      screen.getByRole('button', {
        name: `How ${definition.title.toLowerCase()} is computed`,
      }),
    ).toHaveFocus();
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      definition.definition,
    );
  });
});
