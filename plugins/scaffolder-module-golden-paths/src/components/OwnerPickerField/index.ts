export { OwnerPickerField } from './OwnerPickerField';
