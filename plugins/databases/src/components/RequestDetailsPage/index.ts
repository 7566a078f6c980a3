export * from './RequestDetailsPage';
