export * from './DatabasesPage';
