export * from './RequestDatabasePage';
