export { DevexDashboard, DashboardControls } from './DevexDashboard';
