/**
 * Form fields of the golden-path templates for the scaffolder (new frontend system).
 *
 * @packageDocumentation
 */
export {
  scaffolderGoldenPathsModule as default,
  entityNameFormField,
  ownerPickerFormField,
} from './module';
export { EntityNameField, checkEntityName } from './components/EntityNameField';
export { OwnerPickerField } from './components/OwnerPickerField';
