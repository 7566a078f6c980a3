export { permissionModuleOwnershipPolicy as default } from './module';
export { OwnershipPermissionPolicy } from './OwnershipPermissionPolicy';
