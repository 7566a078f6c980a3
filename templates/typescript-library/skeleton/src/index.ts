/**
 * ${{ values.name }}: ${{ values.description }}
 *
 * Replace this example with the library's API; everything exported here is public.
 */
export { slugify } from './slugify.ts';
