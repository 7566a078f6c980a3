import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slugify } from './index.ts';

describe('slugify', () => {
  it('joins lowercase words with hyphens', () => {
    assert.equal(slugify('Flights to Lisbon'), 'flights-to-lisbon');
  });

  it('drops accents and punctuation', () => {
    assert.equal(slugify('Hôtel de Ville, Paris!'), 'hotel-de-ville-paris');
  });

  it('returns an empty slug for a title without letters or digits', () => {
    assert.equal(slugify('¿?'), '');
  });
});
