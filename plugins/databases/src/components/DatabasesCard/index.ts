export * from './DatabasesCard';
