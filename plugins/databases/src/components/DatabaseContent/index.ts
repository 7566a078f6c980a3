export * from './DatabaseContent';
